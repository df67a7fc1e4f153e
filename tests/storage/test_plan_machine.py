"""The plan rule under random sequences of runner, scheduler and clock steps (short run).

`python -m bench.plan_machine --examples N --steps M` runs the same machine for longer.
"""

from hypothesis import HealthCheck, settings

from tools.plan_machine import PlanMachine

SHORT = settings(max_examples=25, stateful_step_count=40, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

TestThePlanRuleHoldsWhateverRunnersDo = PlanMachine.TestCase
TestThePlanRuleHoldsWhateverRunnersDo.settings = SHORT

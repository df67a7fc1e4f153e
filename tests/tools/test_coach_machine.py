"""The coach machine, short: a few random runner specs through `coachbot simulate`, the
coaching rules checked after every session (tools/coach_machine.py).

`python -m bench.coach_machine --examples N` runs it long, with fresh random runners."""

import asyncio

from hypothesis import HealthCheck, Phase, given, settings

from tools.coach_machine import CoachRules, Drawn, runners
from tools.simulate import simulate

WEEKS = 10
NO_SHRINK = (Phase.explicit, Phase.generate)  # one example takes seconds: report it as drawn


@settings(max_examples=2, suppress_health_check=[HealthCheck.too_slow], phases=NO_SHRINK,
          derandomize=True, database=None)  # the same runners every run: no flakes
@given(runners(WEEKS))
def test_the_coaching_rules_hold_whatever_the_runner_does(drawn: Drawn) -> None:
    run = asyncio.run(simulate(drawn.spec, WEEKS))
    CoachRules(drawn.spec.unit, drawn.races).check(run)

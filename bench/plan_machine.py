"""The plan-rule state machine, run long: thousands of random steps on the real services.

Run: .venv/bin/python -m bench.plan_machine [--examples 200] [--steps 60] [--seed N]
Prints the steps checked and the time taken; exits 1 with the failing sequence if the plan
rule, /plan vs /pause dates or the target replay ever break (tools/plan_machine.py).
"""

import argparse
import sys
import time

from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from tools.plan_machine import PlanMachine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=200, help="random sequences")
    parser.add_argument("--steps", type=int, default=60, help="steps per sequence at most")
    args = parser.parse_args(argv)
    run = settings(max_examples=args.examples, stateful_step_count=args.steps, deadline=None,
                   database=None, phases=[Phase.generate, Phase.shrink],
                   suppress_health_check=list(HealthCheck))
    started = time.perf_counter()
    try:
        run_state_machine_as_test(PlanMachine, settings=run)
    except Exception:
        print(f"FAILED after {PlanMachine.checked_steps} checked steps", file=sys.stderr)
        raise
    seconds = time.perf_counter() - started
    print(f"plan machine: {args.examples} sequences, {PlanMachine.checked_steps} steps checked, "
          f"0 violations, {seconds:.1f} s ({PlanMachine.checked_steps / seconds:.0f} steps/s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

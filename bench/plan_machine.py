"""The plan-rule state machine, run long: thousands of random steps on the real services.

Run: .venv/bin/python -m bench.plan_machine [--examples 200] [--steps 60] [--seed N]
     [--no-shrink]
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
    parser.add_argument("--seed", type=int, default=None,
                        help="the seed a failure printed: the same sequences again")
    parser.add_argument("--no-shrink", action="store_true",
                        help="report the first failing sequence as found (shrinking can take "
                             "many minutes)")
    args = parser.parse_args(argv)
    if args.seed is not None:  # what hypothesis' @seed sets, read by run_state_machine_as_test
        PlanMachine._hypothesis_internal_use_seed = args.seed
    run = settings(max_examples=args.examples, stateful_step_count=args.steps, deadline=None,
                   database=None,
                   phases=[Phase.generate] if args.no_shrink else [Phase.generate, Phase.shrink],
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

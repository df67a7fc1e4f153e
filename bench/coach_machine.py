"""The coach machine, run long: many random runner specs through `coachbot simulate`, the
coaching rules of issue 20 checked after every session (tools/coach_machine.py).

Run: .venv/bin/python -m bench.coach_machine [--examples 30] [--weeks 24] [--out DIR]
Prints the runners and sessions checked and what the rules saw (steps, big jumps, harder
variants, returns after pain or a break, lighter or race weeks, taper sessions); writes
bench/results/coach_machine.json; exits 1 with the failing spec when a rule breaks.
"""

import argparse
import asyncio
import sys
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

from bench.table import write
from tools.coach_machine import CoachRules, Drawn, runners
from tools.simulate import simulate


def run(examples: int, weeks: int) -> dict[str, object]:
    """Check `examples` random runners of `weeks` weeks; the counts of what was checked."""
    counts: Counter[str] = Counter()

    @settings(max_examples=examples, deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(runners(weeks))
    def check(drawn: Drawn) -> None:
        rules = CoachRules(drawn.spec.unit, drawn.races)
        rules.check(asyncio.run(simulate(drawn.spec, weeks)))
        counts["runners"] += 1
        counts["sessions"] += rules.sessions
        counts.update(rules.counts)

    started = time.perf_counter()
    check()
    seconds = round(time.perf_counter() - started, 1)
    return {"examples": examples, "weeks": weeks, "violations": 0, "seconds": seconds,
            "counts": dict(sorted(counts.items()))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=30, help="random runners")
    parser.add_argument("--weeks", type=int, default=24, help="weeks each")
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    args = parser.parse_args(argv)
    try:
        figures = run(args.examples, args.weeks)
    except Exception:
        print("coach machine: a rule broke (the failing spec is above)", file=sys.stderr)
        raise
    counts = figures["counts"]
    assert isinstance(counts, dict)
    print(f"coach machine: {counts.get('runners', 0)} runners x {args.weeks} weeks, "
          f"{counts.get('sessions', 0)} sessions checked, 0 violations, "
          f"{figures['seconds']} s")
    for name, count in counts.items():
        print(f"  {name}: {count}")
    write("coach_machine", figures, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())

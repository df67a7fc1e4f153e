"""`coachbot simulate --runner NAME --weeks N [--json]`: the coach over weeks, on screen.

One JSON object per planned exercise per session with --json, else a readable table:
one block per session, one line per exercise with its target and the reason for it.
"""

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence

from bot.format import day_label, target_text
from coach.exercises import by_id
from coach.progression import Target
from services.archetypes import ARCHETYPES
from services.simulate import Row, Run, simulate


def parser() -> argparse.ArgumentParser:
    names = ", ".join(ARCHETYPES)
    p = argparse.ArgumentParser(prog="coachbot simulate",
                                description="Run a simulated runner through the real coach.")
    p.add_argument("--runner", required=True, choices=sorted(ARCHETYPES), metavar="NAME",
                   help=f"the archetype: {names}")
    p.add_argument("--weeks", type=int, default=8, help="how many weeks (default 8)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    return p


def main(argv: Sequence[str]) -> int:
    """Parse, simulate, print; 2 for a bad command line."""
    args = parser().parse_args(list(argv))
    if not 1 <= args.weeks <= 104:
        print("coachbot simulate: --weeks must be 1..104", file=sys.stderr)
        return 2
    run = asyncio.run(simulate(args.runner, args.weeks))
    print(json_lines(run) if args.json else table(run))
    return 0


def json_lines(run: Run) -> str:
    return "\n".join(json.dumps(row.as_json(), ensure_ascii=False) for row in run.rows)


def _target(row: Row) -> str:
    exercise = by_id(row.exercise)
    if row.sets == 0:  # left out that day (race week, pain)
        return f"{exercise.name}: not today"
    target = Target(row.sets, row.reps, row.load_kg, row.variant)
    return f"{exercise.name}: {target_text(exercise, target)}"


def table(run: Run) -> str:
    """Session by session: each exercise's target and why."""
    description = ARCHETYPES[run.archetype].description
    lines = [f"{run.archetype}: {description}"]
    notes = {(n.date, n.exercise): n.text for n in run.notes}
    width = max((len(_target(row)) for row in run.rows), default=0)
    day = None
    for row in run.rows:
        if row.date != day:
            day = row.date
            lines += ["", day_label(day) + (f" · race {row.race}" if row.race else "")]
        why = row.reason.removeprefix(f"{by_id(row.exercise).name}: ")
        lines.append(f"  {_target(row):<{width}}  {why}")
    if notes:
        lines += ["", "Told after sessions:"]
        lines += [f"  {d.isoformat()} {text}" for (d, _e), text in sorted(notes.items())]
    return "\n".join(lines)

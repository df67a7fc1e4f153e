"""`coachbot simulate (--runner NAME | --spec FILE) [--weeks N] [--json]`: the coach over
weeks, on screen.

One JSON object per planned exercise per session with --json, else a readable table:
one block per session (its day, minutes and the race ahead), one line per exercise with its
target and the reason for it, and what the runner said on the way. A bad spec is one line
on stderr naming the field, with an example, and exit code 2.
"""

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.format import day_label, target_text
from coach.exercises import by_id
from coach.progression import Target
from tools.simulate import Row, Run, runner, runner_names, simulate
from tools.simulate.spec import MAX_WEEKS, Spec, SpecError, load_spec

PROG = "coachbot simulate"
SPEC_HELP = """\
A spec is a JSON file: {"name": "example", "start": "2026-03-02", "weeks": 16,
"hard_days": ["mon", "wed", "sat"], "equipment": "dumbbells 5 10 15 20 kg", "unit": "kg",
"does": {"goblet_squat": "stall", "*": "top"}, "events": [{"week": 5, "say": "my right knee
hurts on lunges"}, {"week": 9, "away_days": 21}, {"week": 2, "effort": "too hard"}]}.
does: top | target | target+1 | stall per exercise ("*": the rest). Events happen in their
week (optional "day": "thu"), before that day's session: "say" is chat read as the bot
reads it, "away_days" misses every session for that many days, "right_trails" with
"for_weeks" makes the right leg that many reps weaker. "effort" (easy | just right | hard |
too hard) is tapped after each of that week's sessions and steers the next targets as in
the bot (too hard holds, hard delays a load step, easy lets a step come sooner). The named
runners are such files in tools/simulate/runners/."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=PROG, epilog=SPEC_HELP,
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                description="Run a simulated runner through the real coach.")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--runner", choices=runner_names(), metavar="NAME",
                     help=f"a named runner: {', '.join(runner_names())}")
    who.add_argument("--spec", type=Path, metavar="FILE", help="a runner described in JSON")
    p.add_argument("--weeks", type=int, help="how many weeks (default: the spec's, else 8)")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    return p


def main(argv: Sequence[str]) -> int:
    """Parse, simulate, print; 2 for a bad command line or spec."""
    args = parser().parse_args(list(argv))
    if args.weeks is not None and not 1 <= args.weeks <= MAX_WEEKS:
        print(f"{PROG}: --weeks must be 1..{MAX_WEEKS}", file=sys.stderr)
        return 2
    try:
        spec = read_spec(args.spec) if args.spec is not None else runner(args.runner)
    except SpecError as error:
        print(f"{PROG}: {args.spec or args.runner}: {error}", file=sys.stderr)
        return 2
    logging.getLogger("alembic").setLevel(logging.WARNING)  # migrations of a throwaway db
    run = asyncio.run(simulate(spec, args.weeks))
    try:
        print(json_lines(run) if args.json else table(run), flush=True)
    except BrokenPipeError:  # `| head` stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def read_spec(path: Path) -> Spec:
    """The spec in the file; SpecError also when the file cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SpecError("file", f"cannot be read ({error.strerror or error})",
                        "--spec runners/example.json") from None
    return load_spec(data)


def json_lines(run: Run) -> str:
    return "\n".join(json.dumps(row.as_json(), ensure_ascii=False) for row in run.rows)


def _target(row: Row, unit: str) -> str:
    exercise = by_id(row.exercise)
    if row.sets == 0:  # left out or swapped that day (race week, pain)
        return f"{exercise.name}: {row.variant + ' instead' if row.swapped else 'not today'}"
    target = Target(row.sets, row.reps, row.load_kg, row.variant_id)
    return f"{exercise.name}: {target_text(exercise, target, unit)}"


def _heading(row: Row) -> str:
    extra = [f"about {row.minutes} min"]
    extra += [f"race {row.race.isoformat()}"] if row.race else []
    extra += [f"effort: {row.effort}"] if row.effort else []
    return " · ".join([day_label(row.date), *extra])


def table(run: Run) -> str:
    """Session by session: each exercise's target and why; what was said, where it was."""
    lines = [f"{run.name}: {run.description}" if run.description else run.name]
    said = sorted(run.said, key=lambda s: s.date)
    width = max((len(_target(row, run.unit)) for row in run.rows), default=0)
    day = None
    for row in run.rows:
        if row.date != day:
            day = row.date
            while said and said[0].date <= day:
                told = said.pop(0)
                lines += ["", f"{day_label(told.date)}: said “{told.text}” ({told.read_as})"]
            lines += ["", _heading(row)]
        why = row.reason.removeprefix(f"{by_id(row.exercise).name}: ")
        lines.append(f"  {_target(row, run.unit):<{width}}  {why}")
    lines += [f"\n{day_label(s.date)}: said “{s.text}” ({s.read_as})" for s in said]
    if run.notes:
        lines += ["", "Told after sessions:"]
        lines += [f"  {n.date.isoformat()} {n.text}" for n in run.notes]
    return "\n".join(lines)

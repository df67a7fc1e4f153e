"""Paired runs: this tree against a base commit, on copies of one seeded database.

Run: python -m bench.paired [--base HEAD~1] [--runs 5] [--due 5000] [--weeks 52] [--tiny]
     python -m bench.paired --reports 200 [--base HEAD~1] [--runs 5]

This machine's speed drifts by 10-30 % within an hour, more than most changes move the
dispatch figure, so a change is judged against its base run in turn: the base commit is
exported (`git archive`) to a temporary folder, one SQLite database is seeded as
bench/dispatch.py seeds it, and each run delivers every reminder of a fresh copy through
`bench.dispatch.batched` (the bot's own scheduler job) in a process of its own, the base's and
this tree's alternately. Prints each run's reminders per second and the main thread's CPU
(where the pass's Python runs: cards, views, SQLAlchemy) and both medians; writes nothing.
With `--reports N`, each run is instead `bench.conversation`'s count at the handler (the
real bot against the fake Bot API in a process of its own, N typed reports one runner at a
time, on a fresh SQLite file): CPU per report and the report → reply p50 and p99.
"""

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.dispatch import template

ROOT = Path(__file__).resolve().parents[1]
# One pass in the tree the process runs in (PYTHONPATH): only what bench/dispatch.py has had
# since batched delivery, so a base from before this file still runs it.
ONE_PASS = """
import asyncio, json, sys, time
from bench.dispatch import batched, instant_sender
from services.runtime import Units
from storage.db import create_engine, session_factory

async def main(url):
    engine = create_engine(url)
    units = Units(session_factory(engine))
    sender = instant_sender()
    try:  # the job's wiring, imported before the clock starts, as a running bot has it
        import bot.app  # noqa: F401
    except ImportError:
        pass
    try:  # what `coachbot run` does once the bot is built, where the tree has it
        from bot.heap import settle
        settle()
    except ImportError:
        pass
    wall, cpu, main_cpu = time.perf_counter(), time.process_time(), time.thread_time()
    sent = await batched(units, sender)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    main_cpu = time.thread_time() - main_cpu
    await engine.dispose()
    print(json.dumps({"sent": sent, "per_second": sent / wall, "main_cpu_s": main_cpu,
                      "cpu_s": cpu}))

asyncio.run(main(sys.argv[1]))
"""


# Typed reports counted at the handler in the tree the process runs in (bench.conversation).
ONE_RUNNER = """
import asyncio, json, sys, tempfile
from bench.conversation import one_runner
from storage.migrate import upgrade

async def main(reports):
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite+aiosqlite:///{folder}/reports.db"
        await asyncio.to_thread(upgrade, url)
        print(json.dumps(await one_runner(url, reports)))

asyncio.run(main(int(sys.argv[1])))
"""


def export(commit: str, folder: Path) -> Path:
    """`commit`'s tree, unpacked in `folder`."""
    tree = folder / "base"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def run_in(tree: Path, code: str, *args: str) -> dict[str, Any]:
    """`code` run on `tree`'s code in a process of its own: the JSON its last line prints."""
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=tree,
                         env={**os.environ, "PYTHONPATH": str(tree)}, check=True,
                         capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def one_pass(tree: Path, seeded: Path, copy: Path) -> dict[str, Any]:
    """A pass of `tree`'s code over a fresh copy of the seeded file, in its own process."""
    shutil.copyfile(seeded, copy)
    try:
        return run_in(tree, ONE_PASS, f"sqlite+aiosqlite:///{copy}")
    finally:
        copy.unlink(missing_ok=True)


async def seeded_file(folder: Path, due: int, weeks: int, keep: Path) -> None:
    async with template("sqlite", folder, due, weeks) as url:
        shutil.copyfile(url.split("///", 1)[1], keep)


Row = dict[str, Any]


def in_turn(trees: dict[str, Path], runs: int, one: Callable[[Path], Row],
            shown: Callable[[Row], str]) -> dict[str, list[Row]]:
    """`one` run on each tree in turn, `runs` times: a line for each run (`shown`), then
    each tree's medians in the same words."""
    results: dict[str, list[Row]] = {label: [] for label in trees}
    for number in range(runs):
        for label, tree in trees.items():
            row = one(tree)
            results[label].append(row)
            print(f"{number + 1:>2} {label:<9} {shown(row)}", flush=True)
    for label, rows in results.items():
        numbers = [key for key, value in rows[0].items() if isinstance(value, int | float)]
        print(f"median {label:<9} "
              f"{shown({key: statistics.median(r[key] for r in rows) for key in numbers})}")
    return results


def main(base: str, runs: int, due: int, weeks: int) -> dict[str, list[Row]]:
    """Dispatch passes over copies of one seeded file, the base's and this tree's in turn."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        trees = {"base": export(base, folder), "this tree": ROOT}
        seeded = folder / "seeded.db"
        asyncio.run(seeded_file(folder, due, weeks, seeded))
        return in_turn(trees, runs, lambda tree: one_pass(tree, seeded, folder / "pass.db"),
                       lambda row: f"{row['per_second']:>8,.0f} reminders/s, main thread "
                                   f"{row['main_cpu_s']:.2f} s, process {row['cpu_s']:.2f} s "
                                   f"({row['sent']:.0f} sent)")


def reports(base: str, runs: int, count: int) -> dict[str, list[Row]]:
    """`count` typed reports through the base's bot and this tree's, in turn, `runs` times."""
    with tempfile.TemporaryDirectory() as name:
        trees = {"base": export(base, Path(name)), "this tree": ROOT}
        return in_turn(trees, runs, lambda tree: run_in(tree, ONE_RUNNER, str(count)),
                       lambda row: f"{row['cpu_ms_per_report']:>6.2f} ms CPU a report, "
                                   f"p50 {row['one_runner_p50_ms']} ms, "
                                   f"p99 {row['one_runner_p99_ms']} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", default="HEAD~1", help="the commit to compare with")
    parser.add_argument("--runs", type=int, default=5, help="passes of each, in turn")
    parser.add_argument("--due", type=int, default=5_000)
    parser.add_argument("--weeks", type=int, default=52, help="history per runner")
    parser.add_argument("--reports", type=int, default=0,
                        help="typed reports per run, counted at the handler, instead")
    parser.add_argument("--tiny", action="store_true", help="60 due, 4 weeks, 1 run")
    args = parser.parse_args()
    if args.reports:
        reports(args.base, args.runs, args.reports)
    elif args.tiny:
        main(args.base, 1, 60, 4)
    else:
        main(args.base, args.runs, args.due, args.weeks)

"""Conversation latency: 50 runners report their session at once, through the real bot.

Run: .venv/bin/python -m bench.conversation [--runners 50] [--rounds 10] [--one 100] [--tiny]
The real bot (PTB, the send budget, the services, a SQLite file) in this process against
the fake Bot API in its own (`python -m fakes.process`), over real HTTP. Each round,
`runners` runners whose reminder has arrived report their session ("done") at the same
instant; the latency is from the update's arrival at the fake to the reply reaching it.
Two ways, in the same run:
- processing: the send rate lifted (as a self-hosted Bot API allows): the bot's own cost;
- at Telegram's limits: the send budget at its default 29/s and the fake enforcing 30/s.
  Fifty replies at once cannot all leave within a second at 30/s, so here the tail is
  the budget spreading them out, not the bot being slow.
And counted at the handler, as the bot really runs (`one_runner`, RUNS times on a fresh file
each, each figure the runs' median): runners each type a
one-line report into their open session, one at a time (the next GAP after the previous
reply), after WARM reports not counted (a running bot has compiled its statements); an
engine event listener counts transactions (BEGINs) and statements from the first counted
update's arrival (the inbox's store) to the last one's reply and inbox mark (the inbox
keeper's lease renewals and take-overs, a quarter lease apart whatever the traffic, are
background work, not an update's: they are counted apart as `background_transactions` and
`background_statements`, totals over the span, not per update); CPU is this
process's time over the same span, the bot's alone: the fake Bot API runs in a process of
its own (fakes/process.py), as Telegram's servers are not on the bot's CPU, and drives the
reports itself, so nothing but the bot runs here meanwhile. `finishing` times a report
that finishes a session for a runner with a year of history and for one with none, in turn.
Prints p50/p95/p99 and writes bench/results/conversation.json.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from bench import table
from bench.delivery import seed
from bench.statements import ONE_LINE, counting, prepare
from bot import heap
from bot.config import Settings
from bot.updater import KEEPER_TASK
from coach.clock import FakeClock
from fakes.process import FakeProcess, fake_process
from services.plan import save_plan
from services.reports import log_report
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET, start_now
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from tools.harness import START, RunningBot

DUE = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # bench.delivery seeds reminders due then
LIFTED = 100_000.0
WARM = 5  # typed reports before the counted ones: a running bot has compiled its statements
GAP = 0.02  # seconds from one typed report's reply to the next report: the handler returns


class Lifted(RunningBot):
    """The harness with the send rate lifted: only the bot's own work is measured."""

    def settings(self) -> Settings:
        return super().settings().model_copy(update={"send_rate_per_second": LIFTED,
                                                     "reminders_per_second": LIFTED})


@asynccontextmanager
async def bot(url: str, limited: bool) -> AsyncIterator[tuple[RunningBot, FakeProcess]]:
    """The bot in this process against the fake Bot API in its own."""
    async with fake_process() as fake:
        h = (RunningBot if limited else Lifted)(fake, FakeClock(START), url)
        try:
            await h.start()
            heap.settle()  # as `coachbot run` does once the bot is built (bot/heap.py)
            yield h, fake
        finally:
            await h.stop()


async def measure(url: str, runners: int, rounds: int, limited: bool) -> dict[str, Any]:
    async with bot(url, limited) as (h, fake):
        await seed(url, runners * rounds, runners * rounds)
        h.clock.set(DUE)
        await h.tick()  # every runner's reminder goes out first (not measured)
        if limited:
            await fake.limit_rates()
        latencies: list[float] = []
        throttled = 0
        for number in range(rounds):
            first = number * runners + 1
            arrived, throttled = await fake.reports(range(first, first + runners), "done",
                                                    together=True)
            latencies += arrived
            await h.settled()
    return {**table.percentiles(latencies), "answers_429": throttled}


FIRST_RUNNER = 10_001  # runners of `one_runner` and `finishing` (apart from `seed`'s)
AS_PLANNED = "all as planned"  # five lines as planned: the session finishes


async def one_runner(url: str, reports: int) -> dict[str, float]:
    """Per typed report through the real bot (send rate lifted), one runner at a time:
    transactions and statements per update (the inbox keeper's apart), CPU ms, and
    report → reply latency."""
    async with bot(url, limited=False) as (h, fake):
        services = h.services()
        for n in range(WARM + reports):
            await prepare(services.units.factory, FIRST_RUNNER + n, START)
        h.clock.set(START + timedelta(minutes=5))
        first = FIRST_RUNNER + WARM
        await fake.reports(range(FIRST_RUNNER, first), ONE_LINE, together=False, gap=GAP)
        await h.settled()
        with counting(services.engine, background=frozenset({KEEPER_TASK})) as counted:
            cpu_at = time.process_time()
            latencies, _ = await fake.reports(range(first, first + reports), ONE_LINE,
                                              together=False, gap=GAP)
            await h.settled()
            cpu = time.process_time() - cpu_at
    return {"transactions_per_update": counted.transactions / reports,
            "statements_per_update": len(counted.statements) / reports,
            "background_transactions": counted.background_transactions,
            "background_statements": len(counted.background_statements),
            "cpu_ms_per_report": round(cpu * 1000 / reports, 2),
            **{f"one_runner_{key}": value for key, value in table.percentiles(latencies).items()}}


RUNS = 3  # counts at the handler, each on a fresh file: the figures are their medians


async def typed_reports(folder: Path, reports: int, runs: int = RUNS) -> dict[str, Any]:
    """`one_runner` `runs` times, each on a file of its own: each figure's median (counts:
    the largest), every run's CPU per report kept (`cpu_ms_per_report_runs`)."""
    counted = [await one_runner(f"sqlite+aiosqlite:///{folder / f'c{n}.db'}", reports)
               for n in range(runs)]
    figures: dict[str, Any] = {}
    for key in counted[0]:
        values = [run[key] for run in counted]
        figures[key] = (max(values) if key.endswith(("_per_update", "transactions",
                                                     "statements", "samples"))
                        else statistics.median(values))
    return {**figures, "cpu_ms_per_report_runs": [run["cpu_ms_per_report"] for run in counted]}


async def finishing(url: str, repeat: int, year_sessions: int = 104) -> dict[str, float]:
    """Median ms of a report that finishes a session (`log_report`, all as planned), for a
    runner with a year of history (two sessions a week) and for one with none: the two
    runners' sessions finished in turn, a year's then a none's, so a machine busier during
    part of the run weighs on both alike."""
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    try:
        factory = session_factory(engine)
        year_ago = START - timedelta(days=365)
        year_runner, none_runner = FIRST_RUNNER, FIRST_RUNNER + 1
        await _plan(factory, year_runner, year_ago)
        await _plan(factory, none_runner, START - timedelta(days=1))
        for number in range(year_sessions):  # the year behind, not timed
            await _finish(factory, year_runner, year_ago + timedelta(days=number * 7 // 2),
                          number + 1)
        times: dict[int, list[float]] = {year_runner: [], none_runner: []}
        for number in range(repeat):
            for user_id, done in ((year_runner, year_sessions), (none_runner, 0)):
                times[user_id].append(await _finish(factory, user_id,
                                                    START + timedelta(days=number),
                                                    done + number + 1))
    finally:
        await engine.dispose()
    year, none = (sorted(t)[len(t) // 2] * 1000 for t in times.values())
    return {"finish_ms_year": round(year, 2), "finish_ms_none": round(none, 2),
            "finish_ms_year_vs_none": round(year / none, 2), "year_sessions": year_sessions}


async def _plan(factory: Any, user_id: int, since: datetime) -> None:
    await Units(factory).run(save_plan, since, user_id, user_id, frozenset({1, 3}),
                             frozenset(), clock_time(18, 0), "Europe/Berlin", DEFAULT_OFFSET)


async def _finish(factory: Any, user_id: int, at: datetime, message_id: int) -> float:
    """Open a session at `at` and finish it with one report; seconds the report took."""
    sessions = Units(factory)
    await sessions.run(start_now, at, user_id)
    started = time.perf_counter()
    outcome = await sessions.run(log_report, at + timedelta(minutes=1), user_id, AS_PLANNED,
                                 message_id, None)
    took = time.perf_counter() - started
    assert outcome.finished is not None, (user_id, at, outcome.step, outcome.reading)
    return took


async def main(runners: int, rounds: int, out: Path | None, one: int = 100,
               repeat: int = 9, year_sessions: int = 104) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        costs = await typed_reports(Path(folder), one)
        finish = await finishing(f"sqlite+aiosqlite:///{Path(folder) / 'd.db'}", repeat,
                                 year_sessions)
        lifted = await measure(f"sqlite+aiosqlite:///{Path(folder) / 'a.db'}", runners,
                               rounds, limited=False)
        limited = await measure(f"sqlite+aiosqlite:///{Path(folder) / 'b.db'}", runners,
                                rounds, limited=True)
    rows: list[table.Row] = [
        (f"processing, {runners} at once, p{q}", f"{lifted[f'p{q}_ms']} ms",
         "≤ 400 ms" if q == "99" else "-", "-") for q in ("50", "95", "99")]
    rows += [(f"at the 30/s limit, {runners} at once, p{q}", f"{limited[f'p{q}_ms']} ms",
              "-", "-") for q in ("50", "95", "99")]
    rows.append(("429 answers at the limit", str(limited["answers_429"]), "0", "-"))
    rows += [("transactions per typed report (handler)", f"{costs['transactions_per_update']:g}",
              "≤ 2", "-"),
             ("statements per typed report (handler)", f"{costs['statements_per_update']:g}",
              "≤ 8", "-"),
             ("inbox keeper's transactions / statements meanwhile (not per update)",
              f"{costs['background_transactions']} / {costs['background_statements']}", "-",
              "-"),
             ("CPU per typed report", f"{costs['cpu_ms_per_report']} ms", "≤ 8 ms", "-"),
             ("one runner's report → reply, p99", f"{costs['one_runner_p99_ms']} ms",
              "≤ 30 ms", "-"),
             ("finishing report, a year of history vs none",
              f"{finish['finish_ms_year']} / {finish['finish_ms_none']} ms = "
              f"{finish['finish_ms_year_vs_none']}×", "≤ 1.2×", "-")]
    table.print_table(f"Conversation: {runners} runners report at once, {rounds} rounds "
                      "(update arrival → reply at the fake)", rows)
    result = {"runners": runners, "rounds": rounds, "fake_bot_api": "own process",
              "processing": lifted,
              "at_the_limit": limited, **costs, **finish,
              "p99_ms_one_runner": costs["one_runner_p99_ms"],
              "p99_ms_50_at_once": lifted["p99_ms"], "typed_reports": one}
    table.write("conversation", result, out)
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runners", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--one", type=int, default=100,
                        help="typed reports counted one runner at a time")
    parser.add_argument("--tiny", action="store_true",
                        help="5 runners, 1 round, 5 typed reports, 3 finishes after 8 (tests)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the JSON")
    args = parser.parse_args()
    runners, rounds, one = (5, 1, 5) if args.tiny else (args.runners, args.rounds, args.one)
    asyncio.run(main(runners, rounds, args.out, one, *((3, 8) if args.tiny else (9, 104))))

"""Dispatch capacity: reminders per second from due to handed to Telegram, as the bot runs.

Run: python -m bench.dispatch [--due 1000 5000] [--weeks 52] [--baseline-sample 1000]
     [--no-pg] [--profile] [--tiny]

The runners are seeded as after a season (bench/seeding.py): targets and `--weeks` of two
finished sessions a week (a year by default), one in ten back from a twelve-day break
(comeback targets), one in ten in race week (the light day); each has a reminder due now.
For each database (a SQLite file; PostgreSQL when reachable on 127.0.0.1:5432) and each
size, one pass delivers them as the bot's scheduler job does: the Deliverer that bot/app.py
builds (`build_deliverer`: the default settings' batch, grace, claim timeout and group
commits, the Pacer, next-morning nudges on) around bot/sender.py's TelegramSender, which
renders the card's text and keyboard; its Bot answers at once (`InstantBot`: no network),
so what is measured is the bot's own work. Paths:
- batched: that job's pass (the headline): PASSES passes, each on a fresh copy of the
  seeded database; the row is the median pass, every pass's rate is kept in the JSON
  (this machine's speed moves a single pass by 10-30 %);
- each-send: `deliver_due` with every send committed as soon as it is recorded
  (`record_each_send=True`) instead of in group commits of up to 8;
- batched-http: as batched, through PTB's Bot to the fake Bot API over real HTTP (SQLite);
- nudges: the same job the next morning, when the sessions' nudges fall due (nudge cards
  rendered);
- one-at-a-time: the path before batching (bench/naive_delivery.py), the baseline, timed
  on the first `--baseline-sample` reminders.
Statements and commits per reminder are counted with SQLAlchemy's cursor events;
`--profile` prints where a batched SQLite pass spends its time (cProfile, by area) and keeps
it in the result. Writes bench/results/dispatch.json (`reminders_per_second`: SQLite,
batched, largest size; `reminders_per_second_postgresql`); nothing is asserted.
"""

import argparse
import asyncio
import cProfile
import json
import pstats
import shutil
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.naive_delivery import OneAtATime
from bench.seeding import Season, seed_season
from bench.table import machine
from bot import heap
from coach.clock import FakeClock
from scheduler.pacing import backoff
from services.delivery import Limits, deliver_due
from services.outcomes import TickReport
from services.runtime import Units
from storage.db import create_engine, session_factory
from storage.migrate import upgrade

if TYPE_CHECKING:
    from scheduler.delivery import Deliverer

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
OFFSET = timedelta(minutes=30)
RESULTS = Path(__file__).parent / "results" / "dispatch.json"
PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"
REPO = str(Path(__file__).resolve().parents[1])


@dataclass
class Row:
    backend: str
    path: str
    due: int
    sent: int
    seconds: float
    per_second: float
    statements_per_reminder: float
    commits_per_reminder: float
    cpu_ms_per_reminder: float = 0.0  # this process's CPU (the SQLite thread's included)
    passes: list[float] | None = None  # every pass's rate, where the row is their median


class Counting:
    """Statements and commits an engine runs while counting is on."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.statements = self.commits = 0
        event.listen(engine.sync_engine, "before_cursor_execute", self._statement)
        event.listen(engine.sync_engine, "commit", self._commit)

    def _statement(self, *_args: Any) -> None:
        self.statements += 1

    def _commit(self, *_args: Any) -> None:
        self.commits += 1


async def seed(url: str, due: int, weeks: int) -> None:
    """`due` runners after a season of `weeks`, each with a reminder due at NOW."""
    engine = create_engine(url)
    async with engine.begin() as conn:
        await seed_season(conn, 1, due, Season(NOW, weeks=weeks))
    if engine.dialect.name == "postgresql":  # the planner's statistics, the visibility map
        async with engine.connect() as conn:  # and the rows' hint bits, as autovacuum keeps
            await conn.execution_options(isolation_level="AUTOCOMMIT")  # a year-old database
            await conn.execute(text("VACUUM ANALYZE"))
    await engine.dispose()


@asynccontextmanager
async def template(backend: str, folder: Path, due: int, weeks: int) -> AsyncIterator[str]:
    """A migrated and seeded database to copy for each path; dropped afterwards."""
    name = f"coachbot_bench_{uuid.uuid4().hex[:10]}"
    url = (f"sqlite+aiosqlite:///{folder / f'{name}.db'}" if backend == "sqlite"
           else f"{PG}/{name}")
    if backend != "sqlite":
        await _admin(f'CREATE DATABASE "{name}"')
    try:
        await asyncio.to_thread(upgrade, url)
        await seed(url, due, weeks)
        yield url
    finally:
        if backend != "sqlite":
            await _admin(f'DROP DATABASE "{name}" WITH (FORCE)')


@asynccontextmanager
async def database(seeded: str) -> AsyncIterator[str]:
    """A fresh copy of the seeded database `seeded`; dropped afterwards."""
    if seeded.startswith("sqlite"):
        source = Path(seeded.split("///", 1)[1])
        copy = source.with_name(f"{uuid.uuid4().hex}.db")
        shutil.copyfile(source, copy)
        try:
            yield f"sqlite+aiosqlite:///{copy}"
        finally:
            copy.unlink(missing_ok=True)
        return
    name = f"coachbot_bench_{uuid.uuid4().hex[:10]}"
    await _copy(seeded.rsplit("/", 1)[1], name)
    try:
        yield f"{PG}/{name}"
    finally:
        await _admin(f'DROP DATABASE "{name}" WITH (FORCE)')


async def _copy(template: str, name: str) -> None:
    """A PostgreSQL database made from `template` as a copy of its files, then a checkpoint:
    PostgreSQL 15's default copy writes the whole database into the WAL, and the checkpoint
    that follows could run through the measured pass. The pass starts with nothing of the
    setup left to write, as on a bot's database."""
    import asyncpg

    try:
        await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    except asyncpg.PostgresSyntaxError:  # before PostgreSQL 15 every copy is of the files
        await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    await _admin("CHECKPOINT")


async def _admin(sql: str) -> None:
    import asyncpg

    admin = await asyncpg.connect(user="postgres", host="127.0.0.1", database="test")
    try:
        await admin.execute(sql)
    finally:
        await admin.close()


Pass = Callable[[Units, Any], Awaitable[int]]
PASSES = 3  # batched passes per database and size; the headline is their median
LIMITS = Limits(grace=timedelta(hours=2), backoff=backoff, offset=OFFSET, batch=500,
                nudge_hour=8)
MORNING = datetime.combine(NOW.date() + timedelta(days=1), clock_time(8, 1), UTC)


class InstantBot:
    """The Bot the sender talks to, answering at once: the card is rendered (text and
    keyboard, as TelegramSender builds them), nothing leaves the process."""

    def __init__(self) -> None:
        self.sent = 0
        self.chars = 0

    async def send_message(self, chat_id: int, text: str, reply_markup: Any = None,
                           **_options: Any) -> Any:
        self.sent += 1
        self.chars += len(text) + len(reply_markup.to_json() if reply_markup else "")
        return SimpleNamespace(message_id=self.sent, chat_id=chat_id)


def instant_sender() -> Any:
    """bot/sender.py's TelegramSender on an InstantBot."""
    from telegram import Bot

    from bot.sender import TelegramSender

    return TelegramSender(cast(Bot, InstantBot()))


def the_job(plans: Units, sender: Any, at: datetime) -> "Deliverer":
    """The scheduler's job as bot/app.py builds it (default settings), its clock at `at`."""
    from bot.app import build_deliverer
    from bot.config import Settings
    from bot.context import Services

    services = Services(Settings(_env_file=None), FakeClock(at), plans,  # type: ignore[call-arg]
                        plans.factory.kw["bind"])
    return build_deliverer(services, sender)


async def batched(plans: Units, sender: Any) -> int:
    """One pass of the bot's reminder job at NOW."""
    report: TickReport = await the_job(plans, sender, NOW).tick()
    return report.sent


async def each_send(plans: Units, sender: Any) -> int:
    """`deliver_due` with every send committed as soon as it is recorded."""
    report = await deliver_due(plans, FakeClock(NOW), sender,
                               replace(LIMITS, record_each_send=True))
    return report.sent


async def nudges(plans: Units, sender: Any) -> int:
    """The same job the next morning: the nudges of the sessions the reminders opened."""
    report: TickReport = await the_job(plans, sender, MORNING).tick()
    return report.nudged


def naive(sample: int) -> Pass:
    async def run(plans: Units, sender: Any) -> int:
        job = OneAtATime(plans, sender, FakeClock(NOW), grace=timedelta(hours=2),
                         limit=sample)
        return await job.tick()

    return run


async def measure(url: str, backend: str, path: str, due: int, run: Pass,
                  sender: Any, profile: dict[str, Any] | None = None) -> Row:
    """One timed pass of `run` (with `profile` given: under cProfile, its summary kept)."""
    engine = create_engine(url)
    plans = Units(session_factory(engine))
    counting = Counting(engine)
    heap.settle()  # as `coachbot run` does once the bot is built (bot/heap.py)
    profiler = cProfile.Profile() if profile is not None else None
    start, cpu = time.perf_counter(), time.process_time()
    if profiler is not None:
        profiler.enable()
    sent = await run(plans, sender)
    if profiler is not None:
        profiler.disable()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    await engine.dispose()
    if profiler is not None and profile is not None:
        profile.update(where_time_goes(pstats.Stats(profiler), seconds))
    per = max(sent, 1)
    return Row(backend, path, due, sent, round(seconds, 3), round(sent / seconds, 1),
               round(counting.statements / per, 2), round(counting.commits / per, 3),
               round(1000 * cpu / per, 3))


AREAS = (("sqlalchemy", "SQLAlchemy (statements built, rows read)"),
         ("aiosqlite", "database driver"), ("asyncpg", "database driver"),
         ("sqlite3", "database driver"), ("/telegram/", "PTB (keyboards, JSON)"),
         ("/bot/", "bot/ (cards rendered)"), ("/services/", "services/ (views, delivery)"),
         ("/storage/", "storage/ (repositories)"), ("/coach/", "coach/ (rules)"),
         ("select", "waiting (the SQLite thread, the PostgreSQL server)"),
         ("asyncio", "asyncio"), ("greenlet", "greenlet switches (SQLAlchemy's async bridge)"),
         ("~", "builtins (C calls)"))


def where_time_goes(stats: pstats.Stats, seconds: float) -> dict[str, Any]:
    """The pass's own time (cProfile's tottime) by area, and its heaviest functions."""
    by_area: dict[str, float] = {}
    heaviest = []
    for (file, line, name), (_cc, _nc, own, total, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{file}:{name}"
        area = next((label for key, label in AREAS if key in where), "other")
        by_area[area] = by_area.get(area, 0.0) + own
        if file.startswith(REPO) and "/.venv/" not in file:
            heaviest.append((total, f"{Path(file).relative_to(REPO)}:{line} {name}"))
    heaviest.sort(reverse=True)
    return {"profiled_seconds": round(seconds, 3),
            "own_seconds_by_area": {k: round(v, 3) for k, v in
                                    sorted(by_area.items(), key=lambda kv: -kv[1])},
            "heaviest_project_functions_cumulative_s": {
                name: round(total, 3) for total, name in heaviest[:12]}}


@asynccontextmanager
async def http_sender() -> AsyncIterator[Any]:
    """TelegramSender on a PTB Bot talking to the fake Bot API over real HTTP."""
    from telegram import Bot

    from bot.sender import TelegramSender
    from fakes.telegram_api import FakeTelegram

    fake = FakeTelegram()
    await fake.start()
    bot = Bot(fake.token, base_url=f"{fake.url}/bot")
    try:
        async with bot:
            yield TelegramSender(bot)
    finally:
        await fake.stop()


async def rows_for(backend: str, due: int, sample: int, folder: Path, weeks: int,
                   profile: dict[str, Any] | None = None) -> list[Row]:
    rows = []
    async with template(backend, folder, due, weeks) as seeded:
        if profile is not None:  # its own pass: the profiler slows what it watches
            async with database(seeded) as url:
                await measure(url, backend, "batched", due, batched, instant_sender(), profile)
        passes, nudged = [], None
        for number in range(PASSES):
            async with database(seeded) as url:
                passes.append(await measure(url, backend, "batched", due, batched,
                                            instant_sender()))
                if number == 0:  # the next morning of the first pass's reminders
                    nudged = await measure(url, backend, "nudges", due, nudges,
                                           instant_sender())
        rows.append(median_pass(passes))
        if nudged is not None:
            rows.append(nudged)
        async with database(seeded) as url:
            rows.append(await measure(url, backend, "each-send", due, each_send,
                                      instant_sender()))
        if backend == "sqlite":
            async with database(seeded) as url, http_sender() as sender:
                rows.append(await measure(url, backend, "batched-http", due, batched, sender))
        async with database(seeded) as url:
            rows.append(await measure(url, backend, "one-at-a-time", due,
                                      naive(min(sample, due)), instant_sender()))
    return rows


def median_pass(passes: list[Row]) -> Row:
    """The median of the passes by rate, carrying every pass's rate."""
    ordered = sorted(passes, key=lambda row: row.per_second)
    return replace(ordered[len(ordered) // 2], passes=[row.per_second for row in passes])


def pg_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


def table(rows: list[Row]) -> str:
    lines = [f"{'backend':<10} {'path':<14} {'due':>6} {'sent':>6} {'seconds':>8} "
             f"{'per s':>8} {'stmts/rem':>9} {'commits/rem':>11} {'cpu ms/rem':>10}"]
    lines += [f"{r.backend:<10} {r.path:<14} {r.due:>6} {r.sent:>6} {r.seconds:>8.2f} "
              f"{r.per_second:>8,.0f} {r.statements_per_reminder:>9.2f} "
              f"{r.commits_per_reminder:>11.3f} {r.cpu_ms_per_reminder:>10.2f}" for r in rows]
    return "\n".join(lines)


def summary(rows: list[Row]) -> dict[str, Any]:
    """The headline: batched reminders/s at the largest size on each database, the ratios."""
    def rate(backend: str, path: str, due: int) -> float | None:
        found = [r.per_second for r in rows if (r.backend, r.path, r.due) == (backend, path, due)]
        return found[0] if found else None

    largest = max(r.due for r in rows)
    ratios = {f"{r.backend}@{r.due}": round((rate(r.backend, "batched", r.due) or 0)
                                             / r.per_second, 1)
              for r in rows if r.path == "one-at-a-time" and r.per_second}
    return {"reminders_per_second": rate("sqlite", "batched", largest),
            "reminders_per_second_postgresql": rate("postgresql", "batched", largest),
            "reminders_per_second_each_send": rate("sqlite", "each-send", largest),
            "nudges_per_second": rate("sqlite", "nudges", largest),
            "reminders_per_second_by_size": {
                f"{r.backend}/{r.path}@{r.due}": r.per_second for r in rows},
            "batched_over_one_at_a_time": ratios, "target": 2000, "target_postgresql": 1500}


def write(out: Path, result: dict[str, Any]) -> None:
    """The JSON result file (its folder created)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


async def main(sizes: list[int], sample: int, use_pg: bool, out: Path, weeks: int = 52,
               profile: bool = False) -> None:
    from bot import app  # noqa: F401  the job's wiring, imported before any pass is timed
    reachable = pg_reachable()
    backends = ["sqlite"] + (["postgresql"] if use_pg and reachable else [])
    rows: list[Row] = []
    profiled: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        for backend in backends:
            for due in sizes:
                keep = profiled if profile and backend == "sqlite" and due == max(sizes) \
                    else None
                rows += await rows_for(backend, due, sample, Path(folder), weeks, keep)
    print(table(rows))
    result: dict[str, Any] = {
        **summary(rows), "history_weeks": weeks,
        "seeded": "targets, two finished sessions a week, 1 in 10 back from a 12-day break, "
                  "1 in 10 in race week; TelegramSender rendering each card; nudges on",
        "rows": [asdict(r) for r in rows],
        "machine": machine()}
    if "postgresql" not in backends:
        result["postgresql_skipped"] = ("--no-pg given" if not use_pg else
                                        "nothing answers on 127.0.0.1:5432")
    if profiled:
        result["profile_sqlite_batched"] = profiled
        print(json.dumps(profiled, indent=2))
    write(out, result)
    print(f"reminders_per_second (SQLite, batched, {max(sizes)} due): "
          f"{result['reminders_per_second']}; PostgreSQL: "
          f"{result['reminders_per_second_postgresql']}; written to {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--due", type=int, nargs="+", default=[1_000, 5_000])
    parser.add_argument("--weeks", type=int, default=52, help="history per runner")
    parser.add_argument("--baseline-sample", type=int, default=1_000)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--profile", action="store_true",
                        help="profile the largest SQLite batched pass")
    parser.add_argument("--tiny", action="store_true", help="20 and 60 due; for the tests")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    sizes = [20, 60] if args.tiny else args.due
    asyncio.run(main(sizes, 20 if args.tiny else args.baseline_sample, not args.no_pg,
                     args.out, 4 if args.tiny else args.weeks, args.profile))

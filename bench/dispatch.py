"""Dispatch capacity: reminders per second from due to handed-to-sender, batched and naive.

Run: python -m bench.dispatch [--due 1000 10000] [--baseline-sample 1000] [--no-pg] [--tiny]

For each database (a SQLite file; PostgreSQL when reachable on 127.0.0.1:5432) and each
size, `due` runners have a reminder due now; one pass delivers them:
- batched: `deliver_due` (services/delivery.py) with an instant in-process sender;
- batch-recorded: the same with `record_each_send=False`: sends recorded per batch (a crash
  may repeat up to a batch instead of one message);
- batched-http: as batched, through the real TelegramSender and PTB's Bot to the fake Bot
  API over real HTTP (SQLite only);
- one-at-a-time: the path before batching (bench/naive_delivery.py), the baseline, timed
  on the first `--baseline-sample` reminders of the same database.
Statements and commits per reminder are counted with SQLAlchemy's cursor events. Prints a
table, writes bench/results/dispatch.json; nothing is asserted.
"""

import argparse
import asyncio
import json
import platform
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.delivery import NullSender
from bench.naive_delivery import OneAtATime
from coach.clock import FakeClock
from scheduler.pacing import backoff
from services.delivery import Limits, deliver_due
from services.plan import PlanService
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import Delivery, SessionRow, Status, User

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
OFFSET = timedelta(minutes=30)
RESULTS = Path(__file__).parent / "results" / "dispatch.json"
PG = "postgresql+asyncpg://postgres@127.0.0.1:5432"


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


async def seed(url: str, due: int) -> None:
    """`due` onboarded runners, each with a reminder due at NOW (training every day)."""
    engine = create_engine(url)
    users = [dict(id=i, chat_id=i, tz="UTC", run_end_minutes=12 * 60, hard_days=127,
                  cross_days=0, session_days=127, active=True, auto_progression=True,
                  onboarded_at=NOW, created_at=NOW) for i in range(1, due + 1)]
    sessions = [dict(user_id=i, kind="scheduled", session_date=NOW.date(), due_at=NOW,
                     delivery=Delivery.DUE.value, status=Status.PLANNED.value)
                for i in range(1, due + 1)]
    async with engine.begin() as conn:
        for start in range(0, due, 5000):
            await conn.execute(insert(User), users[start:start + 5000])
            await conn.execute(insert(SessionRow), sessions[start:start + 5000])
    await engine.dispose()


@asynccontextmanager
async def database(backend: str, folder: Path, due: int) -> AsyncIterator[str]:
    """A fresh, migrated and seeded database of `backend`; dropped afterwards."""
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{folder / f'{uuid.uuid4().hex}.db'}"
    else:
        import asyncpg

        name = f"coachbot_bench_{uuid.uuid4().hex[:10]}"
        admin = await asyncpg.connect(user="postgres", host="127.0.0.1", database="test")
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = f"{PG}/{name}"
    try:
        await asyncio.to_thread(upgrade, url)
        await seed(url, due)
        yield url
    finally:
        if backend != "sqlite":
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            await admin.close()


Pass = Callable[[PlanService, Any], Awaitable[int]]


async def batched(plans: PlanService, sender: Any, *, each: bool = True) -> int:
    limits = Limits(grace=timedelta(hours=2), backoff=backoff, offset=OFFSET, batch=500,
                    record_each_send=each)
    report = await deliver_due(plans.uow, FakeClock(NOW), sender, limits)
    return report.sent


async def batch_recorded(plans: PlanService, sender: Any) -> int:
    return await batched(plans, sender, each=False)


def naive(sample: int) -> Pass:
    async def run(plans: PlanService, sender: Any) -> int:
        job = OneAtATime(plans, sender, FakeClock(NOW), grace=timedelta(hours=2),
                         limit=sample)
        return await job.tick()

    return run


async def measure(url: str, backend: str, path: str, due: int, run: Pass,
                  sender: Any) -> Row:
    engine = create_engine(url)
    plans = PlanService(session_factory(engine), OFFSET)
    counting = Counting(engine)
    start = time.perf_counter()
    sent = await run(plans, sender)
    seconds = time.perf_counter() - start
    await engine.dispose()
    per = max(sent, 1)
    return Row(backend, path, due, sent, round(seconds, 3), round(sent / seconds, 1),
               round(counting.statements / per, 2), round(counting.commits / per, 3))


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


async def rows_for(backend: str, due: int, sample: int, folder: Path) -> list[Row]:
    rows = []
    async with database(backend, folder, due) as url:
        rows.append(await measure(url, backend, "batched", due, batched, NullSender()))
    async with database(backend, folder, due) as url:
        rows.append(await measure(url, backend, "batch-recorded", due, batch_recorded,
                                  NullSender()))
    if backend == "sqlite":
        async with database(backend, folder, due) as url, http_sender() as sender:
            rows.append(await measure(url, backend, "batched-http", due, batched, sender))
    async with database(backend, folder, due) as url:
        rows.append(await measure(url, backend, "one-at-a-time", due, naive(min(sample, due)),
                                  NullSender()))
    return rows


def pg_reachable() -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=0.5):
            return True
    except OSError:
        return False


def table(rows: list[Row]) -> str:
    lines = [f"{'backend':<10} {'path':<14} {'due':>6} {'sent':>6} {'seconds':>8} "
             f"{'per s':>8} {'stmts/rem':>9} {'commits/rem':>11}"]
    lines += [f"{r.backend:<10} {r.path:<14} {r.due:>6} {r.sent:>6} {r.seconds:>8.2f} "
              f"{r.per_second:>8,.0f} {r.statements_per_reminder:>9.2f} "
              f"{r.commits_per_reminder:>11.3f}" for r in rows]
    return "\n".join(lines)


def summary(rows: list[Row]) -> dict[str, Any]:
    """The headline: batched reminders/s on SQLite at the largest size, and the ratios."""
    def rate(backend: str, path: str, due: int) -> float | None:
        found = [r.per_second for r in rows if (r.backend, r.path, r.due) == (backend, path, due)]
        return found[0] if found else None

    largest = max(r.due for r in rows)
    ratios = {f"{r.backend}@{r.due}": round((rate(r.backend, "batched", r.due) or 0)
                                             / r.per_second, 1)
              for r in rows if r.path == "one-at-a-time" and r.per_second}
    return {"reminders_per_second": rate("sqlite", "batched", largest),
            "reminders_per_second_batch_recorded": rate("sqlite", "batch-recorded", largest),
            "reminders_per_second_by_size": {
                f"{r.backend}/{r.path}@{r.due}": r.per_second for r in rows},
            "batched_over_one_at_a_time": ratios, "target": 2000}


def write(out: Path, result: dict[str, Any]) -> None:
    """The JSON result file (its folder created)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


async def main(sizes: list[int], sample: int, use_pg: bool, out: Path) -> None:
    backends = ["sqlite"] + (["postgresql"] if use_pg and pg_reachable() else [])
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as folder:
        for backend in backends:
            for due in sizes:
                rows += await rows_for(backend, due, sample, Path(folder))
    print(table(rows))
    result = {**summary(rows), "rows": [asdict(r) for r in rows],
              "machine": f"{platform.machine()} {platform.python_version()}",
              "when": datetime.now(UTC).isoformat(timespec="seconds")}
    write(out, result)
    print(f"reminders_per_second (SQLite, batched, {max(sizes)} due): "
          f"{result['reminders_per_second']}; batched / one-at-a-time: "
          f"{result['batched_over_one_at_a_time']}; written to {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--due", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--baseline-sample", type=int, default=1_000)
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument("--tiny", action="store_true", help="20 and 60 due; for the tests")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    sizes = [20, 60] if args.tiny else args.due
    asyncio.run(main(sizes, 20 if args.tiny else args.baseline_sample, not args.no_pg,
                     args.out))

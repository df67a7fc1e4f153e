"""SQL statements per runner intent, counted with SQLAlchemy's before_cursor_execute event.

Run: .venv/bin/python -m bench.statements [--pg URL]
Prints a table (intent, statements, transactions) and writes bench/results/statements.json.
Each intent runs against a runner with a session open and a finished one behind it, so the
reads have something to find. tests/services/test_statements.py asserts the budget.
"""

import argparse
import asyncio
import json
import tempfile
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from services.plan import save_plan
from services.reports import log_report
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET, skip, snooze, start_now, undo
from storage.db import create_engine, session_factory
from storage.migrate import upgrade

NOW = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)  # a Tuesday
RUNNER = 4242
ONE_LINE = "goblet 3x8 @ 12kg"
FULL = "sldl 8/8 8/8 8/7\ngoblet 3x8 @ 12kg\nlunge 8 8 8\ncalf 6 6 5\nstep up 8 8 8"
RESULTS = Path(__file__).parent / "results" / "statements.json"
INTENTS = ("log_report one line", "log_report full", "undo", "skip", "snooze")


@dataclass
class Counter:
    """Statements and transactions (BEGINs) seen on an engine while counting; those of
    the `background` tasks (not any one update's work) apart."""

    statements: list[str] = field(default_factory=list)
    transactions: int = 0
    background_statements: list[str] = field(default_factory=list)
    background_transactions: int = 0


def _task_name() -> str | None:
    """The asyncio task running now (SQLAlchemy's sync layer runs inside it), if any."""
    try:
        task = asyncio.current_task()
    except RuntimeError:  # no event loop in this thread
        return None
    return None if task is None else task.get_name()


@contextmanager
def counting(engine: AsyncEngine, background: frozenset[str] = frozenset()) -> Iterator[Counter]:
    """Count every statement sent to the database (executemany counts once); those made by
    a task named in `background` are counted apart."""
    counter = Counter()

    def on_execute(*args: Any) -> None:
        word = str(args[2]).split()[0].upper()
        if background and _task_name() in background:
            counter.background_statements.append(word)
        else:
            counter.statements.append(word)

    def on_begin(*_args: Any) -> None:
        if background and _task_name() in background:
            counter.background_transactions += 1
        else:
            counter.transactions += 1

    event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
    event.listen(engine.sync_engine, "begin", on_begin)
    try:
        yield counter
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", on_execute)
        event.remove(engine.sync_engine, "begin", on_begin)


async def prepare(factory: async_sessionmaker[AsyncSession], user_id: int = RUNNER,
                  now: datetime = NOW) -> int:
    """A runner with one finished session a week ago and one open now; its session id."""
    plans, sessions = Units(factory), Units(factory)
    await plans.run(save_plan, now - timedelta(days=8), user_id, user_id, frozenset({1, 3}),
                    frozenset(), time(18, 0), "Europe/Berlin", DEFAULT_OFFSET)
    clock = FakeClock(now - timedelta(days=7))
    first = await sessions.run(start_now, clock.now(), user_id)
    await sessions.run(log_report, clock.now(), user_id, FULL, 1, None)
    view = await sessions.run(start_now, now, user_id)
    assert view.session.id != first.session.id
    return view.session.id




def intents(factory: async_sessionmaker[AsyncSession],
            session_id: int) -> dict[str, Callable[[], Awaitable[object]]]:
    sessions, clock = Units(factory), FakeClock(NOW + timedelta(minutes=5))
    return {
        "log_report one line": lambda: sessions.run(log_report, clock.now(), RUNNER,
                                                    ONE_LINE, 11, None),
        "log_report full": lambda: sessions.run(log_report, clock.now(), RUNNER, FULL, 12,
                                                None),
        "undo": lambda: sessions.run(undo, clock.now(), RUNNER),
        "skip": lambda: sessions.run(skip, clock.now(), RUNNER, session_id),
        "snooze": lambda: sessions.run(snooze, clock.now(), RUNNER, session_id,
                                       timedelta(hours=1)),
    }


async def measure(url: str, intent: str) -> Counter:
    """Statements of one intent, on a fresh migrated database at `url`."""
    engine = create_engine(url)
    try:
        factory = session_factory(engine)
        session_id = await prepare(factory)
        if intent == "undo":
            await intents(factory, session_id)["log_report one line"]()
        with counting(engine) as counter:
            await intents(factory, session_id)[intent]()
        return counter
    finally:
        await engine.dispose()


async def run_sqlite(intent: str) -> Counter:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'statements.db'}"
        await asyncio.to_thread(upgrade, url)
        return await measure(url, intent)


async def run_postgres(server: str, intent: str) -> Counter:
    """On a database of its own, created on `server` and dropped after."""
    import asyncpg  # only needed here

    name = f"coachbot_statements_{uuid.uuid4().hex[:8]}"
    base = make_url(server)
    admin = await asyncpg.connect(user=base.username, password=base.password,
                                  host=base.host, port=base.port, database=base.database)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = base.set(database=name).render_as_string(hide_password=False)
        await asyncio.to_thread(upgrade, url)
        return await measure(url, intent)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def main(pg: str | None) -> None:
    table: dict[str, dict[str, int]] = {}
    print(f"{'intent':<22}{'sqlite':>8}{'tx':>4}" + (f"{'postgres':>10}{'tx':>4}" if pg else ""))
    for intent in INTENTS:
        lite = await run_sqlite(intent)
        row = {"sqlite": len(lite.statements), "sqlite_transactions": lite.transactions}
        line = f"{intent:<22}{len(lite.statements):>8}{lite.transactions:>4}"
        if pg:
            counted = await run_postgres(pg, intent)
            row |= {"postgres": len(counted.statements),
                    "postgres_transactions": counted.transactions}
            line += f"{len(counted.statements):>10}{counted.transactions:>4}"
        table[intent] = row
        print(line)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(table, indent=2) + "\n")
    print(f"written: {RESULTS}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", help="a PostgreSQL server URL (postgresql+asyncpg://…/test); "
                        "a database per intent is created on it and dropped")
    asyncio.run(main(parser.parse_args().pg))

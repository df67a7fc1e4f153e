"""`coachbot status` and `coachbot health`: read the database, never change it.

Both open the database without the bot's engine set-up (no folder created, no WAL switch, no
write lock) and refuse clearly when the file is missing or the schema is not current,
instead of migrating it: a probe must not write.
"""

import asyncio
import os
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    create_async_engine,
)

from bot.config import Settings
from bot.failures import causes, first_line
from bot.logsafety import Redactor
from coach.clock import SystemClock
from services.runtime import Units, alembic_config, scheduler_ticks, session_factory
from services.status import render_status, status_counts

T = TypeVar("T")
Check = tuple[bool, str]


class ProbeRefused(Exception):
    """The database cannot be read as it is; the message says what to do."""


def read_engine(url: str) -> AsyncEngine:
    """An engine that writes nothing on its own; a missing SQLite file is refused."""
    parsed = make_url(url)
    file = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if file and file != ":memory:" and not Path(file).is_file():
        raise ProbeRefused(f"no database file at {file} yet: "
                           "run `coachbot migrate` (or `coachbot run`) first")
    return create_async_engine(url)


def _revisions(connection: Connection, url: str) -> tuple[set[str], set[str]]:
    current = set(MigrationContext.configure(connection).get_current_heads())
    expected = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    return current, expected


def schema_problem(current: set[str], expected: set[str]) -> str | None:
    """Why the schema does not fit this code, or None when it is current."""
    if current == expected:
        return None
    at = ", ".join(sorted(current)) or "empty"
    return (f"the database schema is at {at}; this coachbot expects "
            f"{', '.join(sorted(expected))}: run `coachbot migrate`")


async def _with_engine(url: str, work: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    engine = read_engine(url)
    try:
        return await work(engine)
    finally:
        await engine.dispose()


def status(settings: Settings) -> str:
    """The `coachbot status` text; ProbeRefused when the schema is missing or not current."""

    async def read(engine: AsyncEngine) -> str:
        async with engine.connect() as connection:
            problem = schema_problem(*await connection.run_sync(_revisions, settings.database_url))
        if problem:
            raise ProbeRefused(problem)
        counts = await Units(session_factory(engine)).run(status_counts, SystemClock().now())
        return render_status(counts)

    return asyncio.run(_with_engine(settings.database_url, read))


def default_max_tick_age(settings: Settings) -> timedelta:
    """How old the scheduler's last tick may be: 4 intervals, at least 5 minutes."""
    return timedelta(seconds=max(300.0, 4 * settings.scheduler_interval_seconds))


async def health_checks(url: str, now: datetime, max_age: timedelta) -> list[Check]:
    """Database reachable, migrations current, scheduler ticked within `max_age`."""

    async def read(engine: AsyncEngine) -> list[Check]:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
            refused = await read_only_reason(connection, url)
            checks: list[Check] = [(refused is None, "database reachable" if refused is None
                                    else f"database reachable but read-only: {refused}")]
            current, expected = await connection.run_sync(_revisions, url)
        problem = schema_problem(current, expected)
        checks.append((problem is None, problem or f"migrations current ({', '.join(expected)})"))
        if problem:
            return [*checks, (False, "scheduler: not checked (schema not current)")]
        ticks, last, clock = await scheduler_ticks(engine, now)
        return [*checks, tick_check(ticks, last, clock, max_age)]

    try:
        return await _with_engine(url, read)
    except ProbeRefused as exc:
        return [(False, str(exc))]
    except ModuleNotFoundError as exc:
        return [(False, f"database driver not installed ({exc.name}): install the postgres "
                        "extra (pip install 'coachbot[postgres]', or make run DEPS=postgres)")]
    except Exception as exc:  # named by the driver's own error, not SQLAlchemy's wrappers
        return [(False, f"database not reachable: {first_line(list(causes(exc))[-1])}")]


async def read_only_reason(connection: AsyncConnection, url: str) -> str | None:
    """Why the bot could not write there (a read-only file, folder or standby), without
    writing: for SQLite the file and its folder (for the WAL files) must be writable."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        file = Path(parsed.database or "")
        for path in (file, file.parent):
            if not os.access(path, os.W_OK):
                return f"this user may not write {path} (or it is on a read-only mount)"
        return None
    flag = await connection.scalar(text("SELECT current_setting('transaction_read_only')"))
    return "the server accepts no writes (a standby, or read-only by default)" \
        if str(flag) == "on" else None


def tick_check(ticks: int, last: datetime | None, now: datetime, max_age: timedelta) -> Check:
    if last is None:
        return False, "scheduler: no tick recorded yet (is `coachbot run` running?)"
    age = max(timedelta(0), now - last)
    text_age = f"last tick {age.total_seconds():.0f} s ago, {ticks} in all"
    if age > max_age:
        return False, f"scheduler: {text_age}: older than {max_age.total_seconds():.0f} s"
    return True, f"scheduler: {text_age}"


def health(settings: Settings, max_age: timedelta | None, now: datetime | None = None) -> int:
    """Print one line per check; 0 when all pass, 1 otherwise."""
    limit = default_max_tick_age(settings) if max_age is None else max_age
    checks = asyncio.run(health_checks(settings.database_url, now or datetime.now(UTC), limit))
    redactor = Redactor(settings.secrets())
    for ok, line in checks:
        print(f"{'ok  ' if ok else 'FAIL'} {redactor.text(line)}")
    return 0 if all(ok for ok, _ in checks) else 1

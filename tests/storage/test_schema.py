"""The Alembic migration builds exactly the schema the models describe; SQLite is tuned."""

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Base
from storage.uow import UnitOfWork


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection)
    return list(compare_metadata(context, Base.metadata))


async def test_the_migration_matches_the_models(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        assert await connection.run_sync(_diff) == []


async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    try:
        async with engine.connect() as connection:
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            sync = (await connection.execute(text("PRAGMA synchronous"))).scalar()
            busy = (await connection.execute(text("PRAGMA busy_timeout"))).scalar()
            fks = (await connection.execute(text("PRAGMA foreign_keys"))).scalar()
        assert (mode, sync, fks) == ("wal", 1, 1)
        assert busy is not None
        assert busy >= 5000
    finally:
        await engine.dispose()


async def read_then_write(engines: list[AsyncEngine], per_engine: int) -> None:
    """Every engine at once: transactions that read, then add a user."""
    now = datetime(2026, 11, 25, tzinfo=UTC)

    async def writer(engine: AsyncEngine, offset: int) -> None:
        factory = async_sessionmaker(engine, expire_on_commit=False)
        for i in range(per_engine):
            async with UnitOfWork(factory) as uow:
                await uow.users.count()
                await uow.users.ensure(offset * 1000 + i, offset * 1000 + i, now)

    await asyncio.gather(*(writer(e, n) for n, e in enumerate(engines)))


async def test_concurrent_read_then_write_transactions_never_hit_a_locked_database(
    db_url: str,
) -> None:
    engines = [create_engine(db_url) for _ in range(4)]
    try:
        await read_then_write(engines, 15)
        async with UnitOfWork(async_sessionmaker(engines[0])) as uow:
            assert await uow.users.count() == 60
    finally:
        for engine in engines:
            await engine.dispose()


async def test_many_engines_opening_one_file_at_once_never_see_a_locked_database(
    tmp_path: Path,
) -> None:
    """Regression: switching to WAL on every new connection raced other openers.

    SQLite answers "database is locked" to a journal-mode change without waiting for the
    busy timeout, so WAL is now set once per file before any pooled connection exists.
    """
    for round_ in range(12):
        url = f"sqlite+aiosqlite:///{tmp_path / f'round{round_}.db'}"
        await asyncio.to_thread(upgrade, url)
        engines = [create_engine(url) for _ in range(8)]
        try:
            await read_then_write(engines, 3)
            async with engines[0].connect() as connection:
                mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar()
            assert mode == "wal"
        finally:
            for engine in engines:
                await engine.dispose()

"""`coachbot backup`: a consistent copy of the SQLite file, even while the bot writes."""

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.backup import NotSqlite, backup_sqlite
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def users_in(path: Path) -> int:
    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return int(copy.execute("SELECT count(*) FROM users").fetchone()[0])


async def test_a_backup_holds_what_was_committed_even_if_still_in_the_wal(
    sqlite_url: str, tmp_path: Path,
) -> None:
    await asyncio.to_thread(upgrade, sqlite_url)
    engine = create_engine(sqlite_url)  # kept open: the rows stay in the WAL, uncheckpointed
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            for user in (1, 2, 3):
                await uow.users.ensure(user, user, NOW)
        target = tmp_path / "backups" / "copy.db"
        assert await asyncio.to_thread(backup_sqlite, sqlite_url, target) == 3
    finally:
        await engine.dispose()
    assert users_in(target) == 3


async def test_a_backup_taken_during_writes_is_one_consistent_moment(
    sqlite_url: str, tmp_path: Path,
) -> None:
    await asyncio.to_thread(upgrade, sqlite_url)
    engine = create_engine(sqlite_url)
    twenty_in = asyncio.Event()

    async def writer() -> None:
        for user in range(1, 301):
            async with UnitOfWork(session_factory(engine)) as uow:
                await uow.users.ensure(user, user, NOW)
            if user == 20:
                twenty_in.set()

    try:
        writing = asyncio.create_task(writer())
        await twenty_in.wait()  # the backup starts once a few rows are committed
        counted = await asyncio.to_thread(backup_sqlite, sqlite_url, tmp_path / "mid.db")
        await writing
    finally:
        await engine.dispose()
    assert 20 <= counted <= 300
    assert users_in(tmp_path / "mid.db") == counted


def test_a_backup_never_overwrites_and_needs_a_sqlite_file(
    sqlite_url: str, tmp_path: Path,
) -> None:
    upgrade(sqlite_url)
    existing = tmp_path / "taken.db"
    existing.write_bytes(b"keep me")
    with pytest.raises(FileExistsError):
        backup_sqlite(sqlite_url, existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(NotSqlite):
        backup_sqlite("postgresql+asyncpg://postgres@127.0.0.1:5432/test", tmp_path / "pg.db")
    with pytest.raises(FileNotFoundError):
        backup_sqlite(f"sqlite+aiosqlite:///{tmp_path / 'missing.db'}", tmp_path / "m.db")

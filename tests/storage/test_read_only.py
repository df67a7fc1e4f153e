"""Read-only units of work take no write lock on SQLite; writing ones still begin IMMEDIATE."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.uow import ReadOnlyViolation, UnitOfWork

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[AsyncEngine]:
    await asyncio.to_thread(upgrade, sqlite_url)
    engine = create_engine(sqlite_url)
    yield engine
    await engine.dispose()


def begins(engine: AsyncEngine) -> list[str]:
    seen: list[str] = []

    def on_execute(*args: object) -> None:
        if str(args[2]).startswith("BEGIN"):
            seen.append(str(args[2]))

    event.listen(engine.sync_engine, "before_cursor_execute", on_execute)
    return seen


async def test_a_read_only_unit_begins_deferred_and_a_writing_one_immediate(
        engine: AsyncEngine) -> None:
    factory = session_factory(engine)
    seen = begins(engine)
    async with UnitOfWork(factory, read_only=True) as uow:
        assert await uow.users.get(1) is None
    async with UnitOfWork(factory) as uow:
        await uow.users.ensure(1, 1, NOW)
    assert seen == ["BEGIN", "BEGIN IMMEDIATE"]


async def test_a_read_only_unit_refuses_to_write_and_stores_nothing(
        engine: AsyncEngine) -> None:
    factory = session_factory(engine)
    with pytest.raises(ReadOnlyViolation):
        async with UnitOfWork(factory, read_only=True) as uow:
            await uow.users.ensure(1, 1, NOW)
    with pytest.raises(ReadOnlyViolation):
        async with UnitOfWork(factory, read_only=True) as uow:
            await uow.drafts.delete(1)
    async with UnitOfWork(factory, read_only=True) as uow:
        assert await uow.users.get(1) is None


async def test_a_reader_reads_while_a_writer_holds_the_write_lock(engine: AsyncEngine) -> None:
    """The writer's transaction stays open until the reader is done: the reader sees the
    last committed state at once instead of queueing behind the writer's lock."""
    factory: async_sessionmaker[AsyncSession] = session_factory(engine)
    async with UnitOfWork(factory) as uow:
        await uow.users.ensure(1, 1, NOW)
    locked, read = asyncio.Event(), asyncio.Event()
    seen: list[bool] = []

    async def writer() -> None:
        async with UnitOfWork(factory) as uow:
            await uow.users.set_fields(1, active=False)
            locked.set()
            await read.wait()  # holds BEGIN IMMEDIATE's lock meanwhile

    async def reader() -> None:
        async with UnitOfWork(factory, read_only=True) as uow:
            profile = await uow.users.get(1)
        assert profile is not None
        seen.append(profile.active)
        read.set()

    task = asyncio.create_task(writer())
    await asyncio.wait_for(locked.wait(), timeout=5)
    await asyncio.wait_for(reader(), timeout=5)  # a queued reader would wait for ever
    await task
    async with UnitOfWork(factory, read_only=True) as uow:
        after = await uow.users.get(1)
    assert seen == [True]
    assert after is not None
    assert not after.active

"""The runner's language: stored on their row (0019), kept by /start unless chosen before,
and read by the inbox's store of each update in the same statement."""

import asyncio
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.language import choose_language, current_language
from services.runtime import Units
from storage.db import create_engine, session_factory
from storage.inbox import Inbox, Incoming
from storage.migrate import downgrade, upgrade
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def incoming(update_id: int, user_id: int | None) -> Incoming:
    return Incoming(update_id, user_id, f'{{"update_id": {update_id}}}')


async def test_the_store_reads_each_runners_language_in_the_same_statement(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    languages = Units(factory)
    await languages.run(choose_language, NOW, 1, 1, "ru")
    await languages.run(choose_language, NOW, 2, 2, "en")
    async with UnitOfWork(factory) as uow:
        await uow.users.ensure(3, 3, NOW)  # never chose
    read: dict[int, str | None] = {}
    fresh = await Inbox(factory).store(
        [incoming(10, 1), incoming(11, 2), incoming(12, 3), incoming(13, 4), incoming(14, None)],
        NOW, langs=read)
    assert fresh == {10, 11, 12, 13, 14}
    assert read == {1: "ru", 2: "en", 3: None, 4: None}
    again: dict[int, str | None] = {}
    assert await Inbox(factory).store([incoming(10, 1)], NOW, langs=again) == set()
    assert again == {}  # a redelivery is not handled again: nothing to learn


async def test_start_keeps_a_language_chosen_before(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    async with UnitOfWork(factory) as uow:
        await uow.users.ensure(1, 1, NOW)
        assert await uow.users.adopt_language(1, "ru") == "ru"
        assert await uow.users.adopt_language(1, "en") == "ru"
    assert await Units(factory).read(current_language, NOW, 1) == "ru"
    await Units(factory).run(choose_language, NOW, 1, 1, "en")
    assert await Units(factory).read(current_language, NOW, 1) == "en"


async def test_0019_goes_down_and_up_again_keeping_the_runner(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        factory = session_factory(engine)
        await Units(factory).run(choose_language, NOW, 1, 1, "ru")
        await engine.dispose()
        await asyncio.to_thread(downgrade, db_url, "0016")
        await asyncio.to_thread(upgrade, db_url)
        # chosen again at /start
        assert await Units(factory).read(current_language, NOW, 1) is None
    finally:
        await engine.dispose()

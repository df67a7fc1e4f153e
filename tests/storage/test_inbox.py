"""The update inbox: stored once, replayed in order, marked in the transaction that acts."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.inbox import Acting, Inbox, Incoming, Pending, acting
from storage.models import InboxRow
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def incoming(update_id: int, user_id: int | None = 7) -> Incoming:
    return Incoming(update_id, user_id, f'{{"update_id": {update_id}}}')


async def rows(factory: async_sessionmaker[AsyncSession]) -> dict[int, InboxRow]:
    async with factory() as session:
        return {row.update_id: row for row in await session.scalars(select(InboxRow))}


async def test_an_update_is_stored_once_and_a_redelivery_is_not_new(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    assert await inbox.store([incoming(3), incoming(1)], NOW) == {1, 3}
    assert await inbox.store([incoming(3), incoming(4)], NOW) == {4}
    assert [p.update_id for p in await inbox.pending()] == [1, 3, 4]
    assert await inbox.last_id() == 4


async def test_a_handled_update_keeps_its_id_but_not_its_text_or_user(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(1), incoming(2)], NOW)
    await inbox.done(1, NOW)
    assert await inbox.pending() == [Pending(2, '{"update_id": 2}', acted=False)]
    stored = await rows(factory)
    assert (stored[1].payload, stored[1].user_id, stored[1].handled_at) == (None, None, NOW)
    assert await inbox.store([incoming(1)], NOW) == set(), "a re-delivery is recognised"


async def test_a_handlers_writing_transaction_marks_its_update_acted_on_in_the_same_commit(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(5, user_id=42)], NOW)
    current = Acting(5, NOW)
    token = acting.set(current)
    try:
        async with UnitOfWork(factory) as uow:
            await uow.users.count()  # reading alone does not mark
        assert not current.marked
        assert await inbox.pending() == [Pending(5, '{"update_id": 5}', acted=False)]
        async with UnitOfWork(factory) as uow:
            await uow.users.ensure(42, 42, NOW)
    finally:
        acting.reset(token)
    assert current.marked
    assert await inbox.pending() == [Pending(5, '{"update_id": 5}', acted=True)]


async def failing_write(factory: async_sessionmaker[AsyncSession]) -> None:
    async with UnitOfWork(factory) as uow:
        await uow.users.ensure(43, 43, NOW)
        raise RuntimeError("the handler failed halfway")


async def test_a_rolled_back_transaction_leaves_its_update_pending(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(6, user_id=43)], NOW)
    current = Acting(6, NOW)
    token = acting.set(current)
    try:
        with pytest.raises(RuntimeError):
            await failing_write(factory)
    finally:
        acting.reset(token)
    assert not current.marked
    assert [p.update_id for p in await inbox.pending()] == [6]
    assert not (await inbox.pending())[0].acted
    async with UnitOfWork(factory) as uow:
        assert await uow.users.get(43) is None


async def test_handled_updates_are_pruned_after_a_while_pending_ones_never(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(1), incoming(2), incoming(3)], NOW)
    await inbox.done(1, NOW - timedelta(days=2))
    await inbox.done(2, NOW)
    assert await inbox.prune(NOW - timedelta(days=1)) == 1
    assert set(await rows(factory)) == {2, 3}


async def test_deleting_a_user_removes_their_inbox_rows_only(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(1, user_id=42), incoming(2, user_id=43)], NOW)
    async with UnitOfWork(factory) as uow:
        await uow.users.ensure(42, 42, NOW)
    async with UnitOfWork(factory) as uow:
        await uow.users.delete(42)
    assert set(await rows(factory)) == {2}

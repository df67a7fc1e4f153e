"""Inbox leases: an instance takes over only rows whose lease expired, acts on a row only
while it holds it, and gives up an update only after repeated passing faults."""

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.inbox import Acting, AlreadyTaken, Inbox, Incoming, Lease, acting
from storage.uow import UnitOfWork

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
LIVE = 3600.0  # a lease that outlives the test
GONE = -1.0  # a lease that expired the moment it was taken


def incoming(update_id: int, user_id: int = 7) -> Incoming:
    return Incoming(update_id, user_id, f'{{"update_id": {update_id}}}')


def lease(owner: str, seconds: float = LIVE) -> Lease:
    return Lease(owner, seconds)


async def test_a_live_lease_is_never_taken_over_an_expired_one_is_oldest_first(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(1), incoming(2)], NOW, lease("alive"))
    await inbox.store([incoming(4), incoming(3)], NOW, lease("crashed", GONE))
    taken = await inbox.claim(lease("next"))
    assert [p.update_id for p in taken] == [3, 4]
    assert await inbox.claim(lease("third")) == []
    assert {p.update_id for p in await inbox.pending()} == {1, 2, 3, 4}


async def test_rows_stored_without_a_lease_are_anyones_and_renewal_keeps_ones_own(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(1)], NOW)  # an inbox written before leases existed
    await inbox.store([incoming(2)], NOW, lease("me", GONE))
    assert await inbox.renew(lease("me"), [1, 2]) == {2}, "only its own rows"
    assert [p.update_id for p in await inbox.claim(lease("other"))] == [1]


async def test_a_graceful_stop_gives_its_unhandled_rows_back_at_once(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(1), incoming(2)], NOW, lease("stopping"))
    await inbox.done(1, NOW)
    await inbox.release("stopping")
    assert [p.update_id for p in await inbox.claim(lease("next"))] == [2]


async def write_as(factory: async_sessionmaker[AsyncSession], current: Acting,
                   user_id: int) -> None:
    token = acting.set(current)
    try:
        async with UnitOfWork(factory) as uow:
            await uow.users.ensure(user_id, user_id, NOW)
    finally:
        acting.reset(token)


async def user_exists(factory: async_sessionmaker[AsyncSession], user_id: int) -> bool:
    async with UnitOfWork(factory) as uow:
        return await uow.users.get(user_id) is not None


async def test_a_change_commits_only_for_the_rows_holder_and_only_once(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(5, user_id=50)], NOW, lease("holder"))
    with pytest.raises(AlreadyTaken):
        await write_as(factory, Acting(5, NOW, owner="intruder"), 50)
    assert not await user_exists(factory, 50), "the intruder's change rolled back"
    first = Acting(5, NOW, owner="holder")
    await write_as(factory, first, 50)
    assert first.marked
    again = Acting(5, NOW, owner="holder")  # a second run of the same update
    with pytest.raises(AlreadyTaken):
        await write_as(factory, again, 51)
    assert not await user_exists(factory, 51)


async def test_an_update_without_a_row_is_no_conflict(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    await write_as(Inbox(factory).factory, Acting(99, NOW, owner="me"), 60)
    assert await user_exists(factory, 60)


async def test_a_deferred_update_waits_then_is_given_up_after_repeated_passes(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(8)], NOW, lease("me"))
    assert not await inbox.defer(8, lease("me"), LIVE, give_up_after=3)
    assert await inbox.claim(lease("other")) == [], "not before its later pass"
    assert not await inbox.defer(8, lease("other"), GONE, give_up_after=3), "not its holder"
    for tries in (1, 2):
        await inbox.release("me")  # (the first defer already let go; this is a no-op)
        owner = f"pass{tries}"
        await _expire(inbox, 8)
        [claimed] = await inbox.claim(lease(owner))
        assert claimed.attempts == tries
        gave_up = await inbox.defer(8, lease(owner), GONE, give_up_after=3)
        assert gave_up is (tries == 2)
    assert await inbox.counts() == (0, 1)
    assert await inbox.pending() == []
    assert await inbox.claim(lease("late")) == []


async def _expire(inbox: Inbox, update_id: int) -> None:
    """Move a row's lease into the past (a later pass comes)."""
    from sqlalchemy import update

    from storage.models import InboxRow

    async with inbox.factory() as session, session.begin():
        await session.execute(update(InboxRow).where(InboxRow.update_id == update_id)
                              .values(lease_until=datetime(2000, 1, 1, tzinfo=UTC)))


async def test_instances_claiming_at_once_share_the_expired_rows_without_overlap(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(n) for n in range(1, 301)], NOW, lease("crashed", GONE))

    async def instance(name: str) -> list[int]:
        mine: list[int] = []
        while batch := await inbox.claim(lease(name), limit=7):
            mine += [p.update_id for p in batch]
            await asyncio.sleep(0)
        return mine

    shares = await asyncio.gather(*(instance(f"i{n}") for n in range(3)))
    every = [u for share in shares for u in share]
    assert sorted(every) == list(range(1, 301)), "each row taken exactly once"


async def test_status_counts_updates_waiting_and_given_up(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    from services.runtime import Units
    from services.status import render_status, status_counts

    inbox = Inbox(factory)
    await inbox.store([incoming(1), incoming(2), incoming(3)], NOW, lease("me"))
    await inbox.done(1, NOW)
    assert await inbox.defer(2, lease("me"), LIVE, give_up_after=1)
    counts = await Units(factory).run(status_counts, datetime.now(UTC))
    assert (counts.updates_waiting, counts.updates_given_up) == (1, 1)
    assert "updates given up (dead letters): 1" in render_status(counts)


async def test_rows_of_an_owner_known_to_be_gone_are_taken_before_their_lease_ends(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox = Inbox(factory)
    await inbox.store([incoming(1)], NOW, lease("host/11/killed"))
    await inbox.store([incoming(2)], NOW, lease("host/12/alive"))
    asked: list[list[str]] = []

    def gone(owners: list[str]) -> list[str]:
        asked.append(sorted(owners))
        return [owner for owner in owners if owner.endswith("killed")]

    assert [p.update_id for p in await inbox.claim(lease("host/13/me"), gone=gone)] == [1]
    assert asked == [["host/11/killed", "host/12/alive"]]


async def test_answered_updates_are_marked_handled_by_the_next_store_renewal_or_release(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    inbox, mine = Inbox(factory), lease("mine")
    await inbox.store([incoming(1), incoming(2), incoming(3), incoming(4)], NOW, mine)
    # a flooder's re-delivered update (no payload, no owner) does not mark a row handled
    assert await inbox.store([Incoming(4, None, None), incoming(5)], NOW, mine, [1]) == {5}
    assert {p.update_id for p in await inbox.pending()} == {2, 3, 4, 5}
    # a re-delivery of an answered update in the same batch: stored once, marked later
    assert await inbox.store([incoming(2)], NOW, mine, [2]) == set()
    assert await inbox.renew(mine, [4, 5], [2]) == {4, 5}
    assert {p.update_id for p in await inbox.pending()} == {3, 4, 5}
    await inbox.release("mine", [3])
    assert {p.update_id for p in await inbox.pending()} == {4, 5}
    assert [p.update_id for p in await inbox.claim(lease("next"))] == [4, 5]


async def test_renewals_have_their_own_pool_so_a_busy_one_cannot_let_leases_lapse(
    db_url: str,
) -> None:
    from bot.ingest import keeper_pool
    from storage.db import create_engine, session_factory

    busy = create_engine(db_url, pool_size=1, max_overflow=0, pool_timeout=0.2)
    keeper = keeper_pool(db_url)
    inbox, mine = Inbox(session_factory(busy), keeper=keeper), lease("mine")
    try:
        await inbox.store([incoming(1), incoming(2)], NOW, mine)
        async with busy.connect():  # every connection of the main pool is taken
            assert await asyncio.wait_for(inbox.renew(mine, [1], [2], NOW), 5) == {1}
        assert {p.update_id for p in await inbox.pending()} == {1}
    finally:
        await busy.dispose()
        await keeper.kw["bind"].dispose()

"""Sends in flight together, recorded by one writer: the window, one send per chat, records
only by the claim's holder, claims kept fresh while a send waits, counters as they happen."""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.views import SessionView
from scheduler.pacing import backoff
from services.delivery import WINDOW, Limits, deliver_due
from services.outbox import WIDEST
from services.ports import Transient
from services.runtime import Units
from services.status import status_counts
from storage.delivery import DeliveryRepo
from storage.models import SessionRow, User
from tests.scheduler.crash_helpers import seed_due

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
CLAIM_TIMEOUT = timedelta(minutes=5)
SOON = 5.0  # seconds: a bound on real waits for the other coroutines, never reached when green


def limits(**overrides: Any) -> Limits:
    return Limits(grace=timedelta(hours=2), backoff=backoff, offset=timedelta(minutes=30),
                  claim_timeout=CLAIM_TIMEOUT, **overrides)


@dataclass
class GatedSender:
    """Holds each send until `gate` opens (or at once for chats in `free`); counts how many
    are in flight together, overall and per chat."""

    gate: asyncio.Event = field(default_factory=asyncio.Event)
    free: set[int] = field(default_factory=set)
    faults: dict[int, Exception] = field(default_factory=dict)
    in_flight: int = 0
    most: int = 0
    chats: dict[int, int] = field(default_factory=dict)
    most_in_a_chat: int = 0
    sent: list[int] = field(default_factory=list)
    started: asyncio.Event = field(default_factory=asyncio.Event)

    async def reminder(self, view: SessionView) -> int:
        chat = view.profile.chat_id
        self.in_flight += 1
        self.chats[chat] = self.chats.get(chat, 0) + 1
        self.most = max(self.most, self.in_flight)
        self.most_in_a_chat = max(self.most_in_a_chat, self.chats[chat])
        self.started.set()
        try:
            if chat not in self.free:
                await self.gate.wait()
            await asyncio.sleep(0.001)  # a round trip: others may start meanwhile
            if view.profile.user_id in self.faults:
                raise self.faults.pop(view.profile.user_id)
            self.sent.append(view.session.id)
            return 5000 + len(self.sent)
        finally:
            self.in_flight -= 1
            self.chats[chat] -= 1

    async def missed(self, view: SessionView) -> int:
        return await self.reminder(view)


async def until(check: Callable[[], Awaitable[bool]]) -> None:
    """Wait (bounded) for another coroutine of this test to get somewhere."""
    for _ in range(int(SOON / 0.01)):  # polls the database too: nothing to wait on
        if await check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the delivery pass never got there")


async def claim_of(factory: async_sessionmaker[AsyncSession], session_id: int,
                   ) -> tuple[str, datetime | None]:
    async with factory() as session:
        row = (await session.execute(select(SessionRow.delivery, SessionRow.claimed_at)
                                     .where(SessionRow.id == session_id))).one()
        return str(row[0]), row[1]


async def test_a_batchs_sends_are_in_flight_together_up_to_the_window(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    ids = await seed_due(db_url, [NOW] * 40)
    sender = GatedSender()
    uow = Units(factory)
    task = asyncio.create_task(deliver_due(uow, FakeClock(NOW), sender,
                                           limits(window=8, by_commits=False)))
    await until(lambda: asyncio.sleep(0, sender.in_flight == 8))
    sender.gate.set()
    report = await task
    assert (report.sent, sender.most) == (40, 8)
    assert sorted(sender.sent) == ids
    assert WINDOW >= 8


@pytest.mark.parametrize(("per_trip", "most"), [(4.0, 8 + 6), (100.0, WIDEST)])
async def test_the_window_grows_with_what_a_round_trip_keeps_in_flight_up_to_its_most(
    db_url: str, factory: async_sessionmaker[AsyncSession], per_trip: float, most: int,
) -> None:
    await seed_due(db_url, [NOW] * 60)
    sender = GatedSender()
    uow = Units(factory)
    task = asyncio.create_task(deliver_due(uow, FakeClock(NOW), sender,
                                           limits(window=8, per_round_trip=lambda: per_trip,
                                                  by_commits=False)))
    await until(lambda: asyncio.sleep(0, sender.in_flight == most))
    await asyncio.sleep(0.05)  # room for one more to start, were the window wider
    sender.gate.set()
    report = await task
    assert (report.sent, sender.most) == (60, most)
    assert WIDEST == 48  # the crash bound README and docs/operations.md state


class SlowCommits(Units):
    """Units whose writing transactions each take `seconds` longer to commit."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], seconds: float) -> None:
        super().__init__(factory)
        self.seconds = seconds

    def __call__(self, *, read_only: bool = False) -> Any:
        unit = super().__call__(read_only=read_only)
        if read_only:
            return unit
        outer = self

        class Slow(type(unit)):  # type: ignore[misc]
            async def __aexit__(self, *exc: Any) -> Any:
                await asyncio.sleep(outer.seconds)
                return await super().__aexit__(*exc)

        unit.__class__ = Slow
        return unit


async def test_the_window_grows_while_commits_keep_done_sends_waiting(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    """Sends that finish at once (the send rate lifted) wait on their group commit; the window
    widens by what arrives during a commit, never past WIDEST, never two to one chat."""
    await seed_due(db_url, [NOW] * 120)
    sender = GatedSender()
    sender.gate.set()
    report = await deliver_due(SlowCommits(factory, 0.02), FakeClock(NOW), sender,
                               limits(window=8, batch=120))
    assert report.sent == 120
    assert 8 < sender.most <= WIDEST
    assert sender.most_in_a_chat == 1


async def test_two_reminders_to_one_chat_are_never_in_flight_together(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    await seed_due(db_url, [NOW] * 6)
    async with factory() as session, session.begin():  # three runners share one chat
        await session.execute(update(User).where(User.id.in_([1, 2, 3])).values(chat_id=1))
    sender = GatedSender()
    sender.gate.set()
    uow = Units(factory)
    report = await deliver_due(uow, FakeClock(NOW), sender, limits())
    assert report.sent == 6
    assert sender.most_in_a_chat == 1
    assert sender.most > 1


async def test_a_send_whose_claim_was_taken_over_meanwhile_is_not_recorded_by_us(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    (session_id,) = await seed_due(db_url, [NOW])
    sender = GatedSender()
    uow = Units(factory)
    task = asyncio.create_task(deliver_due(uow, FakeClock(NOW), sender, limits()))
    await until(lambda: asyncio.sleep(0, sender.in_flight == 1))
    other = NOW + timedelta(minutes=9)  # another instance requeued and claimed it again
    async with factory() as session, session.begin():
        await session.execute(update(SessionRow).where(SessionRow.id == session_id)
                              .values(claimed_at=other))
    sender.gate.set()
    await task
    assert await claim_of(factory, session_id) == ("claimed", other)


async def test_a_send_waiting_long_keeps_its_claim_and_no_other_instance_requeues_it(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    first, waiting = await seed_due(db_url, [NOW, NOW])
    clock = FakeClock(NOW)
    sender = GatedSender(free={1})
    uow = Units(factory)
    task = asyncio.create_task(deliver_due(uow, clock, sender, limits()))
    await until(lambda: asyncio.sleep(0, sender.sent == [first] and sender.in_flight == 1))
    clock.advance(timedelta(minutes=4))  # Telegram holds the second send for minutes
    await until(lambda: _claimed_at(factory, waiting, NOW + timedelta(minutes=4)))
    clock.advance(timedelta(minutes=2))
    async with uow() as other:  # another instance's pass: 6 minutes after the claim
        assert await other.claims.requeue_stale_claims(clock.now() - CLAIM_TIMEOUT) == 0
    sender.gate.set()
    report = await task
    assert report.sent == 2
    assert sender.sent == [first, waiting]
    assert (await claim_of(factory, waiting))[0] == "sent"


async def _claimed_at(factory: async_sessionmaker[AsyncSession], session_id: int,
                      at: datetime) -> bool:
    return (await claim_of(factory, session_id))[1] == at


async def test_an_unknown_outcome_is_counted_and_its_retry_written_before_the_batch_ends(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    lost, _ = await seed_due(db_url, [NOW, NOW])
    clock = FakeClock(NOW)
    sender = GatedSender(free={1}, faults={1: Transient("outcome_unknown")})
    uow = Units(factory)
    task = asyncio.create_task(deliver_due(uow, clock, sender, limits()))
    # The second send hangs: a kill now must not lose the first one's count or retry time.
    await until(lambda: _counted(factory, clock))
    assert await claim_of(factory, lost) == ("due", None)
    sender.gate.set()
    assert (await task).failed == 1


async def _counted(factory: async_sessionmaker[AsyncSession], clock: FakeClock) -> bool:
    return (await Units(factory).run(status_counts, clock.now())).outcome_unknown == 1


async def test_mark_sent_records_only_for_the_claims_holder(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    (session_id,) = await seed_due(db_url, [NOW])
    uow = Units(factory)
    async with uow() as mine:
        (claimed,) = await mine.claims.claim_due(NOW, 10)
    async with uow() as late:  # a stamp that is no longer the row's
        repo = DeliveryRepo(late.session)
        assert not await repo.mark_sent(session_id, NOW, 7, NOW - timedelta(minutes=9))
        assert await repo.mark_sent(session_id, NOW, 7, claimed.claimed_at)
    assert (await claim_of(factory, session_id))[0] == "sent"


async def test_a_batch_claimed_ahead_has_its_claims_renewed_before_its_first_send(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    first, ahead = await seed_due(db_url, [NOW, NOW])
    clock = FakeClock(NOW)
    seen: dict[int, tuple[str, datetime | None]] = {}
    gate = asyncio.Event()

    class Sender:
        async def reminder(self, view: SessionView) -> int:
            if view.session.id == first:
                await gate.wait()  # the first batch's send takes minutes
            seen[view.session.id] = await claim_of(factory, view.session.id)
            return 7000 + view.session.id

        async def missed(self, view: SessionView) -> int:
            return await self.reminder(view)

    uow = Units(factory)
    task = asyncio.create_task(deliver_due(uow, clock, Sender(), limits(batch=1)))
    await until(lambda: _claimed_at(factory, ahead, NOW))  # the next batch, claimed ahead
    clock.advance(timedelta(minutes=2))  # longer than a quarter of the claim timeout
    gate.set()
    assert (await task).sent == 2
    assert seen[ahead] == ("claimed", NOW + timedelta(minutes=2))

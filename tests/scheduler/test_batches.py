"""Batched delivery: a few statements per reminder, and a crash between a send's record and
its batch's follow-up is repaired by a later pass."""

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.views import days_to_mask
from fakes.scheduler import ScriptedSender
from scheduler.pacing import backoff
from services.batches import draft_next, plan_drafted, reading
from services.delivery import Limits, deliver_due
from services.runtime import Units
from storage.models import SessionRow, User
from tests.scheduler.crash_helpers import seed_due

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
RUNNERS = 60


def limits(**overrides: Any) -> Limits:
    return Limits(grace=timedelta(hours=2), backoff=backoff, offset=timedelta(minutes=30),
                  **overrides)


async def rows(factory: async_sessionmaker[AsyncSession]) -> list[tuple[int, str, str]]:
    async with factory() as session:
        found = await session.execute(select(SessionRow.user_id, SessionRow.delivery,
                                             SessionRow.status).order_by(SessionRow.id))
        return [(int(u), str(d), str(s)) for u, d, s in found]


async def test_a_batch_of_reminders_costs_about_two_statements_and_one_commit_each(
    db_url: str, engine: AsyncEngine, factory: async_sessionmaker[AsyncSession],
) -> None:
    await seed_due(db_url, [NOW] * RUNNERS)
    counts = {"statements": 0, "commits": 0}

    def statement(*_args: Any) -> None:
        counts["statements"] += 1

    def commit(*_args: Any) -> None:
        counts["commits"] += 1

    event.listen(engine.sync_engine, "before_cursor_execute", statement)
    event.listen(engine.sync_engine, "commit", commit)
    clock = FakeClock(NOW)
    sender = ScriptedSender(clock)
    report = await deliver_due(Units(factory), clock,
                               sender, limits())
    assert report.sent == RUNNERS
    print(f"\nbatched delivery: {counts['statements'] / RUNNERS:.2f} statements and "
          f"{counts['commits'] / RUNNERS:.2f} commits per reminder")
    assert counts["statements"] <= 3 * RUNNERS
    assert counts["commits"] <= RUNNERS + 5


async def test_recorded_per_batch_every_reminder_goes_out_once_and_the_next_is_planned(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    await seed_due(db_url, [NOW] * RUNNERS)
    clock = FakeClock(NOW)
    sender = ScriptedSender(clock)
    uow = Units(factory)
    report = await deliver_due(uow, clock, sender, limits(record_each_send=False, batch=7))
    assert report.sent == RUNNERS
    assert sorted(s.user_id for s in sender.sent) == list(range(1, RUNNERS + 1))
    states = await rows(factory)
    assert sorted(d for _, d, s in states if s == "open") == ["sent"] * RUNNERS
    assert sorted(u for u, d, s in states if (d, s) == ("due", "planned")) == list(
        range(1, RUNNERS + 1))


async def test_a_send_recorded_before_a_crash_cut_its_follow_up_short_is_followed_up_later(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    (session_id,) = await seed_due(db_url, [NOW])
    async with factory() as session, session.begin():  # recorded as sent, then the crash
        await session.execute(update(SessionRow).where(SessionRow.id == session_id).values(
            delivery="sent", sent_at=NOW, message_id=7))
    clock = FakeClock(NOW + timedelta(minutes=1))
    uow = Units(factory)
    sender = ScriptedSender(clock)
    await deliver_due(uow, clock, sender, limits())
    assert await rows(factory) == [(1, "sent", "planned")]  # a live sender may still be on it
    clock.set(NOW + timedelta(minutes=6))  # past the claim timeout: nobody is
    await deliver_due(uow, clock, sender, limits())
    assert await rows(factory) == [(1, "sent", "open"), (1, "due", "planned")]
    assert sender.sent == []


async def test_a_runner_who_changed_their_days_after_the_plan_was_drafted_is_planned_afresh(
    db_url: str, factory: async_sessionmaker[AsyncSession],
) -> None:
    ids = await seed_due(db_url, [NOW] * 3)
    fridays = days_to_mask((4,))
    async with factory() as session, session.begin():  # reminders recorded as sent
        await session.execute(update(SessionRow).where(SessionRow.id.in_(ids))
                              .values(delivery="sent", sent_at=NOW))
        await session.execute(update(User).where(User.id == 2).values(session_days=fridays))
    uow = Units(factory)
    after, offset = {1: NOW, 2: NOW, 3: NOW}, timedelta(minutes=30)
    async with reading(uow) as read:
        draft = await draft_next(read, after, offset, set(ids))
    async with factory() as session, session.begin():  # runner 1 changes theirs meanwhile
        await session.execute(update(User).where(User.id == 1).values(session_days=fridays))
    async with uow() as write:
        await plan_drafted(write, draft, after, offset)
    async with factory() as session:
        planned = dict((await session.execute(
            select(SessionRow.user_id, SessionRow.session_date)
            .where(SessionRow.id.not_in(ids)))).all())
    assert planned[1] == planned[2] != planned[3]
    assert planned[1].weekday() == 4

"""The weekly review fires once a week at the runner's local time, across DST and restarts."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.review import WeeklyReview
from coach.views import Profile
from fakes.scheduler import onboard
from scheduler.reviews import Reviewer
from services.plan import profile_of
from services.ports import RecipientGone, Transient
from services.review import change_review, review_settings
from services.runtime import Units
from storage.db import create_engine, session_factory

OCT_1 = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)  # Berlin leaves summer time on 25 Oct
OFFSET = timedelta(minutes=30)


@dataclass
class Reviews:
    clock: FakeClock
    sent: list[tuple[int, datetime, WeeklyReview]] = field(default_factory=list)
    fail: list[Exception] = field(default_factory=list)

    async def review(self, profile: Profile, review: WeeklyReview) -> int:
        if self.fail:
            raise self.fail.pop(0)
        self.sent.append((profile.user_id, self.clock.now(), review))
        return len(self.sent)


def reviewer(factory: async_sessionmaker[AsyncSession], sender: Reviews,
             clock: FakeClock) -> Reviewer:
    return Reviewer(Units(factory), OFFSET, sender, clock)


async def run_hours(job: Reviewer, clock: FakeClock, until: datetime,
                    step: timedelta) -> None:
    while clock.now() < until:
        clock.advance(step)
        await job.tick()


async def run_evenings(job: Reviewer, clock: FakeClock, until: datetime) -> None:
    """Passes every hour from 15:00 to 21:00 UTC and once at night, day after day."""
    day = clock.now().replace(hour=0, minute=0)
    while day < until:
        for hour in (3, 15, 16, 17, 18, 19, 20, 21):
            if day + timedelta(hours=hour) > clock.now():
                clock.set(day + timedelta(hours=hour))
                await job.tick()
        day += timedelta(days=1)


async def test_the_review_comes_sunday_at_seven_local_across_dst_and_a_restart(
    db_url: str,
) -> None:
    clock = FakeClock(OCT_1)
    sender = Reviews(clock)
    engine = create_engine(db_url)
    try:
        await onboard(Units(session_factory(engine)), 1, OCT_1)
        await run_evenings(reviewer(session_factory(engine), sender, clock),
                           clock, datetime(2026, 10, 21, tzinfo=UTC))
    finally:
        await engine.dispose()
    engine = create_engine(db_url)  # a restart: new engine, new job, the rows remain
    try:
        await run_evenings(reviewer(session_factory(engine), sender, clock),
                           clock, datetime(2026, 11, 3, tzinfo=UTC))
    finally:
        await engine.dispose()
    assert [at for _, at, _ in sender.sent] == [
        datetime(2026, 10, 4, 17, 0, tzinfo=UTC),  # 19:00 CEST
        datetime(2026, 10, 11, 17, 0, tzinfo=UTC),
        datetime(2026, 10, 18, 17, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 18, 0, tzinfo=UTC),  # 19:00 CET, the day the clocks went back
        datetime(2026, 11, 1, 18, 0, tzinfo=UTC),
    ]


async def test_a_review_moved_off_or_late_is_not_sent_and_one_failure_is_retried(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    clock = FakeClock(OCT_1)
    plans = Units(factory)
    await onboard(plans, 1, OCT_1)
    weekly = Units(factory)
    sender = Reviews(clock, fail=[Transient("network")])
    job = Reviewer(weekly, OFFSET, sender, clock)
    assert await job.tick() == 0
    plan = await weekly.run(change_review, clock.now(), 1,
                            weekday=2, minutes=8 * 60)  # Wednesday 08:00
    assert plan.due_at == datetime(2026, 10, 7, 6, 0, tzinfo=UTC)
    for minute in (0, 1, 6, 7):  # the failed claim lapses after five minutes
        clock.set(datetime(2026, 10, 7, 6, minute, tzinfo=UTC))
        await job.tick()
    assert [at for _, at, _ in sender.sent] == [datetime(2026, 10, 7, 6, 6, tzinfo=UTC)]
    clock.set(datetime(2026, 10, 14, 19, 0, tzinfo=UTC))  # down all day: too late to send
    assert await job.tick() == 0
    assert (await weekly.run(review_settings, clock.now(), 1)).due_at == datetime(
        2026, 10, 21, 6, 0, tzinfo=UTC)
    await weekly.run(change_review, clock.now(), 1, enabled=False)
    clock.set(datetime(2026, 10, 30, tzinfo=UTC))
    assert await job.tick() == 0
    plan = await weekly.run(change_review, clock.now(), 1, enabled=True)
    assert plan.due_at == datetime(2026, 11, 4, 7, 0, tzinfo=UTC)  # 08:00 CET


async def test_a_runner_who_blocked_the_bot_gets_no_more_reviews(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    clock = FakeClock(OCT_1)
    plans = Units(factory)
    await onboard(plans, 1, OCT_1)
    sender = Reviews(clock, fail=[RecipientGone("blocked")])
    job = reviewer(factory, sender, clock)
    await run_hours(job, clock, datetime(2026, 10, 12, tzinfo=UTC), timedelta(hours=6))
    profile = await plans.read(profile_of, 1)
    assert profile is not None
    assert not profile.active
    assert sender.sent == []

"""A runner's week shaped by Strava: two workouts and an easy run, through the real pass and
the real scheduler on a real database."""

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.strava import WORKOUT, Activity
from scheduler.delivery import Deliverer
from services.plan import PlanService
from services.strava import StravaService
from services.strava_events import StravaEvents
from services.strava_follow import Followed
from services.strava_keys import Keys
from storage.records import SessionView
from storage.uow import UnitOfWork
from tests.services.strava_stub import StubApi, event

MONDAY = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 17:00 in Berlin
ALICE, ATHLETE = 1001, 555
KEYS = Keys("a-test-key-of-some-length-0123456789")


@dataclass
class Cards:
    """The reminders the scheduler sent: (session date, the card's Strava line)."""

    sent: list[tuple[date, str]] = field(default_factory=list)

    async def reminder(self, view: SessionView) -> int:
        self.sent.append((view.session.session_date, view.run))
        return 100 + len(self.sent)

    async def missed(self, view: SessionView) -> int:
        raise AssertionError("nothing is late here")

    async def nudge(self, view: SessionView) -> int:
        return 900 + len(self.sent)


@pytest.fixture
async def api() -> AsyncIterator[StubApi]:
    stub = StubApi()
    yield stub
    await stub.close()


async def test_two_workouts_and_an_easy_run_shape_the_week(
        factory: async_sessionmaker[AsyncSession], api: StubApi) -> None:
    clock = FakeClock(MONDAY - timedelta(days=3))
    plans = PlanService(factory, timedelta(minutes=30))
    # Tue, Thu and Sat hard; runs end 18:30 in Berlin: reminders at 19:00 (18:00 UTC).
    await plans.save_plan(ALICE, ALICE, frozenset({1, 3, 5}), frozenset(), time(18, 30),
                          "Europe/Berlin", clock.now())

    def uow() -> UnitOfWork:
        return UnitOfWork(factory)

    strava = StravaService(uow, api, KEYS, "https://coach.example", "verify")
    events = StravaEvents(uow, api, KEYS, timedelta(minutes=30))
    cards = Cards()
    scheduler = Deliverer(plans, cards, clock, grace=timedelta(hours=2))
    clock.set(MONDAY)
    api.grant("code", ATHLETE)
    await strava.callback({"state": KEYS.sign(ALICE, ALICE, MONDAY), "code": "code",
                           "scope": "activity:read_all"}, MONDAY)

    async def run(n: int, day: datetime, moving: int, workout: int | None) -> list[object]:
        clock.set(day)
        api.activities[n] = (ATHLETE, Activity(n, "Run", day - timedelta(hours=1), 10_000,
                                               moving, workout_type=workout))
        await strava.accept_event(event(ATHLETE, n, at=n), day)
        return list((await events.work(day)).notices)

    async def evening(day: datetime) -> None:
        clock.set(day.replace(hour=18, minute=0, second=1))
        await scheduler.tick()

    (monday,) = await run(1, MONDAY, 2472, WORKOUT)  # not a session day: one is added
    assert isinstance(monday, Followed)
    await evening(MONDAY)
    await evening(MONDAY + timedelta(days=1))  # Tuesday gives way: no two in a row
    assert await run(2, MONDAY + timedelta(days=2), 3400, 0) == []  # Wednesday: easy
    await evening(MONDAY + timedelta(days=2))
    (thursday,) = await run(3, MONDAY + timedelta(days=3), 2300, WORKOUT)  # a session day
    assert isinstance(thursday, Followed)
    for days in (3, 4, 5):
        await evening(MONDAY + timedelta(days=days))
    assert cards.sent == [
        (date(2026, 11, 30), "Hard run spotted — 10 km, 41:12, workout."),
        (date(2026, 12, 3), "Hard run spotted — 10 km, 38:20, workout."),
        (date(2026, 12, 5), ""),
    ]

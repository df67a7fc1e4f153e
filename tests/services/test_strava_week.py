"""A runner's week shaped by Strava: two workouts and an easy run, through the real pass and
the real scheduler on a real database. `pytest -s` prints the week as a table."""

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.strava import WORKOUT, Activity, spotted_run
from coach.views import SessionView
from scheduler.delivery import Deliverer
from services.plan import save_plan
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET
from services.strava import StravaApp
from services.strava_events import StravaEvents
from services.strava_follow import Followed
from services.strava_keys import Keys
from storage.strava_tables import StravaActivity
from storage.uow import UnitOfWork
from tests.services.strava_stub import StravaIntents, StubApi, event

MONDAY = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)  # 17:00 in Berlin
ALICE, ATHLETE = 1001, 555
HARD_DAYS = frozenset({1, 3, 5})
KEYS = Keys("a-test-key-of-some-length-0123456789")


@dataclass
class Cards:
    """The reminders the scheduler sent: (session date, the card's Strava line)."""

    sent: list[tuple[date, str]] = field(default_factory=list)

    async def reminder(self, view: SessionView) -> int:
        self.sent.append((view.session.session_date,
                          "" if view.run is None else spotted_run(view.run)))
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
    plans = Units(factory)
    # Tue, Thu and Sat hard; runs end 18:30 in Berlin: reminders at 19:00 (18:00 UTC).
    await plans.run(save_plan, clock.now(), ALICE, ALICE, HARD_DAYS, frozenset(), time(18, 30),
                    "Europe/Berlin", DEFAULT_OFFSET)

    def uow() -> UnitOfWork:
        return UnitOfWork(factory)

    strava = StravaIntents(uow, StravaApp(api, KEYS, "https://coach.example", "verify"))
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
    table = await week_table(factory, cards)
    print(f"\n{table}")
    assert table.splitlines()[1:] == [
        "Mon 30 Nov | 10 km 41:12 HARD: workout | 19:00 Hard run spotted — 10 km, 41:12, workout.",
        "Tue 1 Dec  | -                         | - (usual hard day, gives way: no two in a row)",
        "Wed 2 Dec  | 10 km 56:40 easy          | -",
        "Thu 3 Dec  | 10 km 38:20 HARD: workout | 19:00 Hard run spotted — 10 km, 38:20, workout.",
        "Fri 4 Dec  | -                         | -",
        "Sat 5 Dec  | -                         | 19:00 usual hard day",
    ]


async def week_table(factory: async_sessionmaker[AsyncSession], cards: Cards) -> str:
    """Monday to Saturday: the run Strava sent (as classified) and the session that came."""
    async with factory() as session:
        runs = {row.start_at.date(): row for row in await session.scalars(
            select(StravaActivity).where(StravaActivity.user_id == ALICE))}
    sent = dict(cards.sent)
    rows = []
    for offset in range(6):
        day = MONDAY.date() + timedelta(days=offset)
        run = runs.get(day)
        strava = "-" if run is None else (
            f"{run.distance_m / 1000:g} km {run.moving_s // 60}:{run.moving_s % 60:02d} "
            + ("HARD: " + run.kind if run.hard else "easy"))
        if day in sent:
            card = "19:00 " + (sent[day] or "usual hard day")
        elif day.weekday() in HARD_DAYS:
            card = "- (usual hard day, gives way: no two in a row)"
        else:
            card = "-"
        rows.append(f"{day:%a} {day.day} {day:%b}".ljust(10) + f" | {strava:<25} | {card}")
    return "\n".join([f"{'day':<10} | {'Strava':<25} | strength session", *rows])

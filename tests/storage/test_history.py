"""History, export and import, and the weekly review's content, against a real database."""

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.reports import parse_report
from coach.review import WeekTally
from coach.transfer import ImportRefused
from coach.views import Delivery, Status
from services.plan import save_plan
from services.progress import export_history, history_page, import_history
from services.review import review_content
from services.runtime import Units
from services.sessions import finish, record, start_now

SAMPLES = Path(__file__).parent.parent / "samples"
MONDAY = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
OFFSET = timedelta(minutes=30)
ANA, BEN = 5001, 5002
REPORTS = ["goblet 3x8 @ 10kg\nsldl L 8 8 8 R 7 7 6 @ 6kg\ncalf skip\nlunge done",
           "goblet 8 7 6 @ 12kg\nsldl 8/8 8/8 8/7\nall done"]


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


@pytest.fixture
def history(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


async def runner(plans: Units, user: int) -> None:
    await plans.run(save_plan, MONDAY, user, user, frozenset({1, 3}), frozenset(), time(18, 30),
                    "Europe/Berlin", OFFSET)


async def log(factory: async_sessionmaker[AsyncSession], user: int, texts: list[str]) -> None:
    sessions = Units(factory)
    for number, text in enumerate(texts):
        now = MONDAY + timedelta(days=2 * number, hours=6)
        view = await sessions.run(start_now, now, user)
        lines = parse_report(text, view.pending).lines
        await sessions.run(record, now, user, view.session.id, lines, None)
        await sessions.run(finish, now, user, view.session.id)


def without_session_ids(csv_text: str) -> list[list[str]]:
    return [row.split(",")[:9] + row.split(",")[10:] for row in csv_text.splitlines()]


async def rows_of(plans: Units, user: int) -> dict[str, int]:
    async with plans() as uow:
        return await uow.users.row_counts(user)


async def test_an_export_imported_elsewhere_exports_the_same_and_twice_adds_nothing(
    factory: async_sessionmaker[AsyncSession], plans: Units, history: Units,
) -> None:
    await runner(plans, ANA)
    await runner(plans, BEN)
    await log(factory, ANA, REPORTS)
    exported = await history.run(export_history, ANA)
    assert len(exported.splitlines()) == 1 + (3 + 6 + 3) + (3 + 6 + 3 + 3 + 3)
    outcome = await history.run(import_history, MONDAY + timedelta(days=9), BEN, exported.encode())
    assert (outcome.source, outcome.sessions, outcome.plan.taken) == ("coachbot", 2, 30)
    copied = await history.run(export_history, BEN)
    assert without_session_ids(copied) == without_session_ids(exported)
    before = await rows_of(plans, ANA)
    again = await history.run(import_history, MONDAY + timedelta(days=9), ANA, exported.encode())
    assert (again.plan.taken, again.plan.duplicates) == (0, 30)
    assert await rows_of(plans, ANA) == before


async def test_a_strong_file_lands_in_history_and_a_bad_one_changes_nothing(
    plans: Units, history: Units,
) -> None:
    await runner(plans, ANA)
    before = await rows_of(plans, ANA)
    bad_row = b"2026-10-10 07:00:00,x,1m,Goblet Squat,1,12,800,0,0,,,\n"
    broken = (SAMPLES / "strong.csv").read_bytes() + bad_row
    with pytest.raises(ImportRefused, match="Line 22"):
        await history.run(import_history, MONDAY, ANA, broken)
    assert await rows_of(plans, ANA) == before
    outcome = await history.run(import_history, MONDAY, ANA, (SAMPLES / "strong.csv").read_bytes())
    assert (outcome.sessions, outcome.plan.taken) == (2, 14)
    page = await history.run(history_page, ANA, 0, size=1)
    assert page.pages == 2
    session, entries = page.sessions[0]
    assert (session.session_date, session.kind) == (date(2026, 10, 9), "imported")
    assert [e.exercise_id for e in entries] == ["goblet_squat", "step_up", "reverse_lunge"]
    past_the_end = await history.run(history_page, ANA, 5, size=1)
    assert past_the_end.page == 1  # the last page


async def test_the_weekly_review_counts_the_week_the_streak_and_the_next_sessions(
    factory: async_sessionmaker[AsyncSession], plans: Units,
) -> None:
    await runner(plans, ANA)
    async with plans() as uow:  # Tue 3 and Thu 5 Nov done; Tue 10 done, Thu 12 skipped
        for day, status in ((3, Status.DONE), (5, Status.DONE), (10, Status.DONE),
                            (12, Status.SKIPPED)):
            due = datetime(2026, 11, day, 18, 0, tzinfo=UTC)
            planned = await uow.sessions.scheduled_on(ANA, date(2026, 11, day))
            if planned is None:
                planned = await uow.sessions.add(ANA, "scheduled", date(2026, 11, day), due,
                                                 Delivery.SENT, status)
            await uow.sessions._set(planned.id, status=status.value,
                                         delivery=Delivery.SENT.value)
    weekly = Units(factory)
    first_sunday = await weekly.run(review_content, datetime(2026, 11, 8, 18, 0, tzinfo=UTC), ANA,
                                      OFFSET)
    assert (first_sunday.week, first_sunday.streak) == (WeekTally(2, 2, 0, 0, 0), 1)
    second = await weekly.run(review_content, datetime(2026, 11, 15, 18, 0, tzinfo=UTC), ANA,
                                OFFSET)
    assert (second.first, second.last) == (date(2026, 11, 9), date(2026, 11, 15))
    assert (second.week, second.streak) == (WeekTally(2, 1, 1, 0, 0), 0)
    assert [when.strftime("%a %d %H:%M") for when in second.next_week] == [
        "Tue 17 19:00", "Thu 19 19:00"]

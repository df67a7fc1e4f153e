"""progress_data: each exercise's target now, how often logged, first and latest."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.progression import Target, initial_target
from coach.reports import parse_report
from services.plan import NotOnboarded, save_plan
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET, finish, record, session_progress, start_now

MONDAY = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
ANA, BEN = 5001, 5002


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


@pytest.fixture
def sessions(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


async def session(sessions: Units, user: int, text: str, now: datetime) -> None:
    view = await sessions.run(start_now, now, user)
    parsed = parse_report(text, view.pending)
    assert not parsed.problems
    await sessions.run(record, now, user, view.session.id, parsed.lines, None)
    await sessions.run(finish, now, user, view.session.id)


async def test_progress_shows_first_and_latest_results_and_skips_do_not_count(
    plans: Units, sessions: Units,
) -> None:
    for user in (ANA, BEN):
        await plans.run(save_plan, MONDAY, user, user, frozenset({0, 3}), frozenset(),
                        time(17, 30), "Europe/Berlin", DEFAULT_OFFSET)
    await session(sessions, ANA, "goblet 6 6 6\nsldl 6/6 6/6 6/6\ncalf skip", MONDAY)
    await session(sessions, ANA, "goblet 3x8 @ 8kg\nsldl L 8 8 8 R 7 7 6\ncalf skip",
                  MONDAY + timedelta(days=3))
    await session(sessions, BEN, "goblet 3x8 @ 40kg", MONDAY)

    progress = await sessions.run(session_progress, ANA)

    assert progress.sessions_done == 2
    items = {item.exercise.id: item for item in progress.items}
    assert list(items) == ["sldl", "goblet_squat", "reverse_lunge", "eccentric_calf_raise",
                           "step_up"]
    goblet = items["goblet_squat"]
    assert goblet.times == 2
    assert goblet.first is not None
    assert goblet.latest is not None
    assert goblet.first.report.reps == (6, 6, 6)
    assert (goblet.latest.report.reps, goblet.latest.report.load_kg) == ((8, 8, 8), 8.0)
    assert goblet.target == Target(3, 5, 10.0)  # 3×8 reached: load up, back to five
    sldl = items["sldl"]
    assert sldl.latest is not None
    assert (sldl.latest.report.left, sldl.latest.report.right) == ((8, 8, 8), (7, 7, 6))
    calf = items["eccentric_calf_raise"]
    assert (calf.times, calf.first, calf.latest) == (0, None, None)
    assert items["step_up"].target == initial_target()


async def test_progress_of_someone_without_a_plan_is_refused(
    sessions: Units,
) -> None:
    with pytest.raises(NotOnboarded):
        await sessions.run(session_progress, ANA)

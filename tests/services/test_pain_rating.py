"""Pain rated 0-10 through the readiness service (Silbernagel et al. 2007), on SQLite and
PostgreSQL: 3 or less carries on, 4-5 is a lighter day where it hurts, over 5 or worse
than last time stops what loads it; bone-stress signs stop impact work until fine."""

from datetime import UTC, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.pain import by_area
from coach.progression import Target
from coach.readiness import Level, Shaped, Told, read_readiness
from coach.reports import ReportKind
from services.plan import save_plan
from services.readiness import fine, shaped_day, tell
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET, start_now

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # Monday 30 Nov
ALICE = 1001
SQUAT = Target(3, 7, 12.0)
KNEE = by_area("knee")


async def _open(factory: async_sessionmaker[AsyncSession], when: datetime = NOW) -> int:
    """Alice onboarded with a goblet squat at 3×7 @ 12 kg and a session open now."""
    plans = Units(factory)
    await plans.run(save_plan, NOW - timedelta(days=1), ALICE, ALICE, frozenset({1, 3, 5}),
                    frozenset(), time(18, 30), "Europe/Berlin", DEFAULT_OFFSET)
    async with plans() as uow:
        await uow.targets.put_many(ALICE, {"goblet_squat": SQUAT}, NOW)
    return (await plans.run(start_now, when, ALICE)).session.id


def planned(shaped: Shaped | None, exercise_id: str) -> Target | None:
    assert shaped is not None
    return next(p.target for p in shaped.items if p.exercise_id == exercise_id)


async def skipped(factory: async_sessionmaker[AsyncSession], session_id: int) -> set[str]:
    async with Units(factory)() as uow:
        entries = await uow.entries.for_session(session_id)
    return {e.exercise_id for e in entries if e.report.kind is ReportKind.SKIPPED}


async def test_an_area_told_asks_how_bad_and_stops_its_exercises_until_rated(
        factory: async_sessionmaker[AsyncSession]) -> None:
    session_id = await _open(factory)
    heard = await Units(factory).run(tell, NOW, ALICE, Told(Level.PAIN, KNEE))
    assert heard.ask_score
    assert not heard.ask_bone
    assert planned(heard.shaped, "goblet_squat") is None
    assert "goblet_squat" in await skipped(factory, session_id)


async def test_pain_three_or_less_carries_on(
        factory: async_sessionmaker[AsyncSession]) -> None:
    session_id = await _open(factory)
    readiness = Units(factory)
    await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, KNEE))
    heard = await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, KNEE, score=3))
    assert planned(heard.shaped, "goblet_squat") == SQUAT
    assert "goblet_squat" not in await skipped(factory, session_id)
    assert not heard.ask_score


async def test_pain_four_or_five_makes_the_day_lighter(
        factory: async_sessionmaker[AsyncSession]) -> None:
    session_id = await _open(factory)
    readiness = Units(factory)
    await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, KNEE))
    heard = await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, KNEE, score=5))
    assert planned(heard.shaped, "goblet_squat") == Target(3, 5, 0.0)
    assert planned(heard.shaped, "sldl") == Target()  # it does not load the knee
    assert "goblet_squat" not in await skipped(factory, session_id)


async def test_pain_over_five_stops_the_exercise(
        factory: async_sessionmaker[AsyncSession]) -> None:
    session_id = await _open(factory)
    readiness = Units(factory)
    await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, KNEE))
    heard = await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, KNEE, score=6))
    assert planned(heard.shaped, "goblet_squat") is None
    assert "goblet_squat" in await skipped(factory, session_id)


async def test_worse_than_last_time_stops_the_exercise(
        factory: async_sessionmaker[AsyncSession]) -> None:
    await _open(factory)
    readiness = Units(factory)
    await readiness.run(tell, NOW - timedelta(days=2), ALICE, Told(Level.PAIN, KNEE, score=3))
    again = await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, KNEE))
    assert again.again
    heard = await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, KNEE, score=11))
    assert planned(heard.shaped, "goblet_squat") is None


async def test_mild_pain_on_two_days_swaps_nothing(
        factory: async_sessionmaker[AsyncSession]) -> None:
    await _open(factory)
    readiness = Units(factory)
    await readiness.run(tell, NOW - timedelta(days=2), ALICE, Told(Level.PAIN, KNEE, score=2))
    heard = await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, KNEE, score=2))
    assert heard.newly_swapped == frozenset()
    assert planned(heard.shaped, "goblet_squat") == SQUAT


async def test_shin_pain_at_night_says_see_a_doctor_and_stops_impact(
        factory: async_sessionmaker[AsyncSession]) -> None:
    await _open(factory)
    told = read_readiness("my shin hurts at night")
    assert isinstance(told, Told)
    assert told.bone
    readiness = Units(factory)
    heard = await readiness.run(tell, NOW, ALICE, told)
    assert not heard.ask_score  # see a doctor first; no rating asked
    later = await readiness.run(shaped_day, ALICE, NOW.date() + timedelta(days=2))
    step_up = next(p for p in later.items if p.exercise_id == "step_up")
    assert step_up.target is None
    assert step_up.skipped == "impact"
    assert planned(later, "goblet_squat") == SQUAT
    await readiness.run(fine, NOW + timedelta(days=3), ALICE, "shin")
    cleared = await readiness.run(shaped_day, ALICE, NOW.date() + timedelta(days=4))
    assert planned(cleared, "step_up") is not None


async def test_shin_pain_asks_the_bone_question_first(
        factory: async_sessionmaker[AsyncSession]) -> None:
    await _open(factory)
    heard = await Units(factory).run(tell, NOW, ALICE, Told(Level.PAIN, by_area("shin")))
    assert heard.ask_bone


async def test_a_typed_rating_rates_the_area_told_today(
        factory: async_sessionmaker[AsyncSession]) -> None:
    await _open(factory)
    readiness = Units(factory)
    await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, KNEE))
    typed = read_readiness("5/10")
    assert isinstance(typed, Told)
    heard = await readiness.run(tell, NOW, ALICE, typed)
    assert heard.told.area == KNEE
    assert planned(heard.shaped, "goblet_squat") == Target(3, 5, 0.0)

"""Races and readiness through the services, on a real database and an injected clock."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.pain import by_area
from coach.progression import Target
from coach.races import Distance, Race
from coach.readiness import Level, Told
from coach.reports import ReportKind, ReportLine, SetsReport
from services.plan import NotOnboarded, plan_overview, save_plan, schedule_after
from services.races import RaceGone, add_race, list_races, remove_race
from services.readiness import SessionNotOpen, fine, shaped_day, tell
from services.runtime import Units
from services.sessions import finish, open_view, record, skip, start_now

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # Monday 30 Nov
OFFSET = timedelta(minutes=30)
ALICE, BOB = 1001, 2002
HALF = Race(date(2026, 12, 13), Distance.HALF)  # Sunday 13 Dec


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


@pytest.fixture
def races(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


@pytest.fixture
def readiness(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


async def onboard(plans: Units, user_id: int = ALICE) -> None:
    """Tue, Thu and Sat hard, runs end 18:30 in Berlin."""
    await plans.run(save_plan, NOW, user_id, user_id, frozenset({1, 3, 5}), frozenset(),
                    time(18, 30), "Europe/Berlin", OFFSET)


async def test_a_race_replans_the_next_session_around_its_taper(
        plans: Units, races: Units) -> None:
    await onboard(plans)
    late = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)  # Sunday 6 Dec: Tue 8 is next
    told = await races.run(add_race, late, ALICE, HALF, OFFSET)
    (week,) = told.weeks
    assert (week.light, week.normal_from) == (date(2026, 12, 8), date(2026, 12, 19))
    overview = await plans.run(plan_overview, late, ALICE, OFFSET)
    assert [s.session_date for s in overview.week] == [
        date(2026, 12, 8), date(2026, 12, 19), date(2026, 12, 22)]


async def test_a_race_told_on_a_planned_rest_day_moves_the_reminder_off_it(
        plans: Units, races: Units) -> None:
    await onboard(plans)
    friday = datetime(2026, 12, 11, 12, 0, tzinfo=UTC)  # Sat 12 Dec was planned
    assert (await plans.run(plan_overview, friday, ALICE, OFFSET)).next_due is not None
    told = await races.run(add_race, friday, ALICE, HALF, OFFSET)
    assert told.next_due is not None
    assert told.next_due.session_date == date(2026, 12, 19)


async def test_several_races_are_known_and_removing_one_replans(
        plans: Units, races: Units) -> None:
    await onboard(plans)
    await races.run(add_race, NOW, ALICE, HALF, OFFSET)
    marathon = Race(date(2027, 4, 18), Distance.MARATHON)
    told = await races.run(add_race, NOW, ALICE, marathon, OFFSET)
    assert [s.race.distance for s in told.races] == [Distance.HALF, Distance.MARATHON]
    half_id = told.races[0].id
    removed, after = await races.run(remove_race, NOW, ALICE, half_id, OFFSET)
    assert removed == HALF
    assert [s.race.distance for s in after.races] == [Distance.MARATHON]
    late = datetime(2026, 12, 11, 12, 0, tzinfo=UTC)
    assert date(2026, 12, 12) in [s.session_date for s in (await plans.run(plan_overview, late,
                                                                           ALICE, OFFSET)).week]


async def test_the_same_day_told_again_replaces_the_race(
        plans: Units, races: Units) -> None:
    await onboard(plans)
    await races.run(add_race, NOW, ALICE, HALF, OFFSET)
    told = await races.run(add_race, NOW, ALICE, Race(HALF.race_date, Distance.TEN_K), OFFSET)
    assert [s.race.distance for s in told.races] == [Distance.TEN_K]


async def test_only_the_owner_can_remove_a_race(plans: Units,
                                                races: Units) -> None:
    await onboard(plans)
    await onboard(plans, BOB)
    told = await races.run(add_race, NOW, ALICE, HALF, OFFSET)
    with pytest.raises(RaceGone):
        await races.run(remove_race, NOW, BOB, told.races[0].id, OFFSET)
    assert len((await races.run(list_races, NOW, ALICE, OFFSET)).races) == 1


async def test_past_races_drop_off_the_list(plans: Units, races: Units) -> None:
    await onboard(plans)
    await races.run(add_race, NOW, ALICE, HALF, OFFSET)
    after = datetime(2026, 12, 14, 12, 0, tzinfo=UTC)
    assert (await races.run(list_races, after, ALICE, OFFSET)).races == ()


async def test_a_runner_without_a_plan_cannot_tell_a_race(races: Units) -> None:
    with pytest.raises(NotOnboarded):
        await races.run(add_race, NOW, ALICE, HALF, OFFSET)


async def test_pain_on_the_card_opens_the_session_and_skips_what_loads_the_area(
        plans: Units, readiness: Units,
        factory: async_sessionmaker[AsyncSession]) -> None:
    await onboard(plans)
    planned = await _reminded(plans, ALICE)
    heard = await readiness.run(tell, NOW, ALICE, Told(Level.PAIN, by_area("achilles")), planned)
    assert heard.shaped is not None
    assert heard.shaped.left_out == ("eccentric_calf_raise",)
    view = await Units(factory).read(open_view, ALICE)
    assert view is not None
    assert view.pending == ("sldl", "goblet_squat", "reverse_lunge", "step_up")
    assert view.today.pain_today == frozenset({"achilles"})


async def test_pain_without_an_area_asks_where_before_storing(
        plans: Units, readiness: Units) -> None:
    await onboard(plans)
    heard = await readiness.run(tell, NOW, ALICE, Told(Level.PAIN))
    assert heard.ask_area
    assert heard.shaped is None


async def test_the_same_area_twice_swaps_its_exercises_until_it_is_fine(
        plans: Units, readiness: Units) -> None:
    await onboard(plans)
    achilles = Told(Level.PAIN, by_area("achilles"))
    first = await readiness.run(tell, NOW, ALICE, achilles)
    assert first.newly_swapped == frozenset()
    later = NOW + timedelta(days=2)
    await _skip_next(plans, ALICE, later)
    second = await readiness.run(tell, later, ALICE, achilles)
    assert second.newly_swapped == frozenset({"achilles"})
    week_after = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)
    swapped = await readiness.run(shaped_day, ALICE, date(2026, 12, 10))
    calf = next(p for p in swapped.items if p.exercise_id == "eccentric_calf_raise")
    assert calf.swap is not None
    assert calf.swap.name == "Isometric calf hold"
    await readiness.run(fine, week_after, ALICE, "achilles")
    back = await readiness.run(shaped_day, ALICE, date(2026, 12, 10))
    assert back.left_out == ()


async def test_a_readiness_button_of_someone_elses_session_is_refused(
        plans: Units, readiness: Units) -> None:
    await onboard(plans)
    await onboard(plans, BOB)
    planned = (await plans.run(plan_overview, NOW, ALICE, OFFSET)).next_due
    assert planned is not None
    with pytest.raises(SessionNotOpen):
        await readiness.run(tell, NOW, BOB, Told(Level.HEAVY), planned.id)


async def test_the_race_week_session_is_light_on_the_card(
        plans: Units, races: Units,
        factory: async_sessionmaker[AsyncSession]) -> None:
    await onboard(plans)
    late = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    await races.run(add_race, late, ALICE, HALF, OFFSET)
    view = await Units(factory).run(start_now, datetime(2026, 12, 8, 18, 0, tzinfo=UTC),
                                    ALICE)
    assert view.session.session_date == date(2026, 12, 8)
    assert view.today.light


async def _reminded(plans: Units, user_id: int) -> int:
    """The next session's reminder goes out (as the scheduler marks it); its id."""
    planned = (await plans.run(plan_overview, NOW, user_id, OFFSET)).next_due
    assert planned is not None
    async with plans() as uow:
        await uow.sessions._set(planned.id, delivery="sent")
        await schedule_after(uow, user_id, planned.due_at, OFFSET)
    return planned.id


async def _skip_next(plans: Units, user_id: int, now: datetime) -> None:
    """The planned session passes (skipped), so the next readiness is for the next one."""
    sessions = Units(plans.factory)
    planned = (await plans.run(plan_overview, now, user_id, OFFSET)).next_due
    assert planned is not None
    await sessions.run(skip, now, user_id, planned.id)


async def test_a_sore_day_done_at_body_weight_keeps_every_target(
        plans: Units, readiness: Units,
        factory: async_sessionmaker[AsyncSession]) -> None:
    await onboard(plans)
    sessions = Units(factory)
    async with plans() as uow:
        await uow.targets.put_many(ALICE, {"goblet_squat": Target(3, 6, 16.0)}, NOW)
    planned = await _reminded(plans, ALICE)
    await readiness.run(tell, NOW, ALICE, Told(Level.SORE), planned)
    light = SetsReport(ReportKind.SETS, reps=(5, 5, 5), load_kg=0.0)
    await sessions.run(record, NOW, ALICE, planned, [ReportLine("goblet_squat", light,
                                                                "goblet 3x5 bw")], None)
    finished = await sessions.run(finish, NOW, ALICE, planned)
    ((exercise, decision),) = finished.decisions
    assert exercise.id == "goblet_squat"
    assert decision.target == Target(3, 6, 16.0)
    assert "lighter day" in decision.why

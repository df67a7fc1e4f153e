"""Discomfort inside a typed report (coach/discomfort.py), on the in-memory unit of work,
SQLite and PostgreSQL alike: the sets on the line are stored, the runner's words kept as
typed, a sharp one is pain of the day for its area (what loads it stops until rated), a
mild one only a note."""

from datetime import timedelta

import pytest

from coach.clock import FakeClock
from coach.reports import ReportKind
from services.reports import Step, log_report
from tests.services.worlds import NOW, World, world

__all__ = ["world"]  # the fixture, imported for pytest
ALICE = 1001


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW + timedelta(minutes=5))


async def _skipped(world: World, session_id: int) -> set[str]:
    async with world.uow() as uow:
        entries = await uow.entries.for_session(session_id)
    return {e.exercise_id for e in entries if e.report.kind is ReportKind.SKIPPED}


async def test_a_sharp_discomfort_keeps_the_sets_and_stops_what_loads_the_area(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    text = "goblet squat 3x8 12kg, shins flaring up a bit"
    outcome = await world.run(log_report, clock.now(), ALICE, text, 601, None)
    assert [(e.exercise_id, e.report.reps, e.report.load_kg) for e in outcome.stored] == [
        ("goblet_squat", (8, 8, 8), 12.0)]
    assert [(n.kind, n.exercise_id, n.text, n.area) for n in outcome.reading.notes] == [
        ("pain", "goblet_squat", "shins flaring up a bit", "shin")]
    assert outcome.pain is not None
    assert (outcome.pain.area, outcome.pain.ask_bone, outcome.pain.ask_score) == (
        "shin", True, True)
    assert outcome.step is Step.WAIT  # the next question is where the pain is rated
    assert await _skipped(world, session.id) == {"eccentric_calf_raise", "step_up"}
    async with world.uow() as uow:
        day = await uow.readiness.of_day(ALICE, session.session_date)
    assert day.pain_today == frozenset({"shin"})


async def test_a_mild_discomfort_is_only_noted_and_the_session_goes_on(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    outcome = await world.run(log_report, clock.now(), ALICE,
                              "sldl 8 8 8, hamstrings a bit tight", 601, None)
    assert [(e.exercise_id, e.report.reps) for e in outcome.stored] == [("sldl", (8, 8, 8))]
    assert [(n.kind, n.text, n.area) for n in outcome.reading.notes] == [
        ("niggle", "hamstrings a bit tight", "hamstring")]
    assert outcome.pain is None
    assert outcome.step is Step.ASK
    assert await _skipped(world, session.id) == set()
    async with world.uow() as uow:
        day = await uow.readiness.of_day(ALICE, session.session_date)
    assert day.pain_today == frozenset()


async def test_a_sharp_word_alone_rates_nothing_yet_and_skips_the_area_s_exercises(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    outcome = await world.run(log_report, clock.now(), ALICE, "Knee twinged on the lunges 😬",
                              601, None)
    assert outcome.stored == ()
    assert [n.text for n in outcome.reading.notes] == ["Knee twinged on the lunges 😬"]
    assert outcome.pain is not None
    assert (outcome.pain.area, outcome.pain.ask_score, outcome.pain.ask_bone) == (
        "knee", True, False)
    assert await _skipped(world, session.id) == {"goblet_squat", "reverse_lunge", "step_up"}


async def test_a_sharp_discomfort_without_a_place_asks_where_and_stores_no_pain_yet(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    outcome = await world.run(log_report, clock.now(), ALICE, "goblet 3x8, quads really sore",
                              601, None)
    assert [e.exercise_id for e in outcome.stored] == ["goblet_squat"]
    assert outcome.pain is not None
    assert outcome.pain.area is None
    async with world.uow() as uow:
        day = await uow.readiness.of_day(ALICE, session.session_date)
    assert day.told == frozenset()


async def test_a_shin_sore_when_walking_is_sharp_and_stores_the_bone_stress_sign(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    outcome = await world.run(log_report, clock.now(), ALICE,
                              "step up skip, shin sore when I walk", 601, None)
    assert [(e.exercise_id, e.report.kind) for e in outcome.stored] == [
        ("step_up", ReportKind.SKIPPED)]
    assert outcome.pain is not None
    assert not outcome.pain.ask_bone  # the sign is told already
    async with world.uow() as uow:
        day = await uow.readiness.of_day(ALICE, session.session_date)
    assert day.bone

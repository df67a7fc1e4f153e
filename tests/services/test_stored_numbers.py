"""Entries are stored with every number spelled out against the day's target, on the
in-memory unit of work, SQLite and PostgreSQL alike."""

from datetime import time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.concrete import DayTarget
from coach.progression import Change, Target
from coach.readiness import Level, Told
from coach.reports import ReportKind, ReportLine, SetsReport
from services.plan import save_plan
from services.readiness import tell
from services.reports import log_lines, log_report
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET, finish, record, start_now
from tests.services.worlds import NOW, World, world

__all__ = ["world"]  # the fixture, imported for pytest
ALICE = 1001
ALL_AT_12 = ("sldl 3x8 @ 12kg\ngoblet 3x8 @ 12kg\nlunge 3x8 @ 12kg\ncalf 3x8 @ 12kg\n"
             "step up 3x8 @ 12kg")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW + timedelta(minutes=5))


async def test_as_planned_stores_every_set_of_the_days_target_and_the_target_with_it(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    line = ReportLine("goblet_squat", SetsReport(ReportKind.AS_PLANNED), "")
    outcome = await world.run(log_lines, clock.now(), ALICE, session.id, [line], None)
    (stored,) = outcome.stored
    assert (stored.report.kind, stored.report.reps, stored.report.load_kg) == (
        ReportKind.AS_PLANNED, (6, 6, 6), 0.0)
    assert stored.day_target == DayTarget(3, 6, 0.0)
    async with world.uow() as uow:
        assert await uow.entries.for_session(session.id) == [stored]


async def test_reps_typed_without_a_load_are_stored_at_the_target_load(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    async with world.uow() as uow:
        await uow.targets.put_many(ALICE, {"goblet_squat": Target(3, 6, 16.0)}, NOW)
    outcome = await world.run(log_report, clock.now(), ALICE, "goblet 6 6 5", 602, None)
    (stored,) = outcome.stored
    assert stored.session_id == session.id
    assert (stored.report.reps, stored.report.load_kg) == ((6, 6, 5), 16.0)
    assert stored.day_target == DayTarget(3, 6, 16.0)


async def test_a_correction_after_the_close_is_at_the_load_it_was_done_against(
        world: World, clock: FakeClock) -> None:
    await world.runner_logging(ALICE)
    done = await world.run(log_report, clock.now(), ALICE, ALL_AT_12, 601, None)
    assert done.finished is not None
    outcome = await world.run(log_report, clock.now(), ALICE, "goblet 8 8 7", 602, None)
    assert outcome.corrected
    (stored,) = outcome.stored
    assert (stored.report.reps, stored.report.load_kg) == ((8, 8, 7), 0.0)
    assert stored.day_target == DayTarget.of(Target(3, 6, 0.0))  # the session's, not the next


async def test_sets_logged_on_a_lighter_day_hold_the_target_even_if_the_day_changes_after(
        factory: async_sessionmaker[AsyncSession]) -> None:
    await Units(factory).run(save_plan, NOW, ALICE, ALICE, frozenset({1, 3}), frozenset(),
                             time(18, 0), "Europe/Berlin", DEFAULT_OFFSET)
    sessions, legs = Units(factory), Units(factory)
    view = await sessions.run(start_now, NOW, ALICE)
    await legs.run(tell, NOW, ALICE, Told(Level.HEAVY), view.session.id)
    line = ReportLine("goblet_squat", SetsReport(ReportKind.AS_PLANNED), "")
    recorded = await sessions.run(record, NOW, ALICE, view.session.id, [line], None)
    assert recorded.stored[0].report.reps == (6, 6)  # heavy legs: one set fewer
    await legs.run(tell, NOW, ALICE, Told(Level.FRESH), view.session.id)  # then feeling fine
    finished = await sessions.run(finish, NOW, ALICE, view.session.id)
    decisions = {exercise.id: decision for exercise, decision in finished.decisions}
    assert decisions["goblet_squat"].target == Target(3, 6, 0.0)
    assert decisions["goblet_squat"].change is Change.NONE

"""The effort tap after a session, on the in-memory unit of work, SQLite and PostgreSQL:
stored once with the session, the next targets decided again with it; a stranger's,
stale or repeated tap changes nothing."""

from datetime import timedelta

import pytest

from coach.clock import FakeClock
from coach.effort import Effort
from coach.progression import Target
from services.effort import rate
from services.reports import log_report
from services.runtime import Units
from services.sessions import start_now
from tests.services.worlds import NOW, SqlWorld, World, world

__all__ = ["world"]  # the fixture, imported for pytest
ALICE, BOB = 1001, 2002
ALL_TOP = "sldl 8/8 8/8 8/8\ngoblet 3x8\nlunge 8 8 8\ncalf 8 8 8\nstep up 8 8 8"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW + timedelta(minutes=5))


async def finished(world: World, clock: FakeClock) -> int:
    """Alice's session, every set at the top, finished; its id."""
    session = await world.runner_logging(ALICE)
    outcome = await world.run(log_report, clock.now(), ALICE, ALL_TOP, 601, None)
    assert outcome.finished is not None
    return session.id


async def targets(world: World) -> dict[str, Target]:
    async with world.uow() as uow:
        return await uow.targets.all_for(ALICE)


async def test_too_hard_holds_the_next_targets_of_the_session(
        world: World, clock: FakeClock) -> None:
    session_id = await finished(world, clock)
    stepped = await targets(world)
    async with world.uow() as uow:
        rated = await rate(uow, clock.now(), ALICE, session_id, Effort.TOO_HARD)
    assert rated.effort is Effort.TOO_HARD
    held = await targets(world)
    assert held["goblet_squat"] == Target(3, 6, 0.0)  # what the session was done against
    assert held["goblet_squat"] != stepped["goblet_squat"]
    assert {c.exercise.id for c in rated.changes} >= {"goblet_squat"}
    async with world.uow() as uow:
        stored = await uow.sessions.get(session_id)
    assert stored is not None
    assert stored.effort == "too hard"


async def test_just_right_keeps_the_targets_it_was_finished_with(
        world: World, clock: FakeClock) -> None:
    session_id = await finished(world, clock)
    before = await targets(world)
    async with world.uow() as uow:
        rated = await rate(uow, clock.now(), ALICE, session_id, Effort.RIGHT)
    assert rated.effort is Effort.RIGHT
    assert rated.changes == ()
    assert await targets(world) == before


async def test_an_effort_tap_by_a_stranger_changes_nothing(
        world: World, clock: FakeClock) -> None:
    session_id = await finished(world, clock)
    before = await targets(world)
    async with world.uow() as uow:
        rated = await rate(uow, clock.now(), BOB, session_id, Effort.TOO_HARD)
    assert rated.effort is None
    assert await targets(world) == before
    async with world.uow() as uow:
        stored = await uow.sessions.get(session_id)
    assert stored is not None
    assert stored.effort is None


async def test_a_repeated_effort_tap_changes_nothing(world: World, clock: FakeClock) -> None:
    session_id = await finished(world, clock)
    async with world.uow() as uow:
        await rate(uow, clock.now(), ALICE, session_id, Effort.RIGHT)
    before = await targets(world)
    async with world.uow() as uow:
        again = await rate(uow, clock.now(), ALICE, session_id, Effort.TOO_HARD)
    assert again.effort is None
    assert await targets(world) == before


async def test_a_stale_effort_tap_changes_nothing(world: World, clock: FakeClock) -> None:
    session_id = await finished(world, clock)
    before = await targets(world)
    if isinstance(world, SqlWorld):  # a newer session is open now (the next day)
        await Units(world.factory).run(start_now, NOW + timedelta(days=1), ALICE)
    else:
        await world.runner_logging(ALICE)
    async with world.uow() as uow:
        stale = await rate(uow, clock.now(), ALICE, session_id, Effort.TOO_HARD)
    assert stale.effort is None
    assert await targets(world) == before


async def test_an_effort_tap_on_a_session_that_does_not_exist_changes_nothing(
        world: World, clock: FakeClock) -> None:
    await finished(world, clock)
    async with world.uow() as uow:
        rated = await rate(uow, clock.now(), ALICE, 987654, Effort.EASY)
    assert rated.effort is None

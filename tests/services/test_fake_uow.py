"""Use cases beyond the report path on the in-memory unit of work, and the same on SQLite
and PostgreSQL (the `world` fixture), so the fake cannot drift from storage/: onboarding,
the scheduler's delivery pass, settings and races."""

from collections.abc import Awaitable, Callable
from datetime import date, time, timedelta
from typing import Concatenate, ParamSpec, TypeVar

import pytest

from coach.clock import FakeClock
from coach.races import Distance, Race
from coach.steps import Done, Toggled, Typed
from coach.views import Delivery, SessionInfo, Status
from fakes.scheduler import ScriptedSender
from scheduler.pacing import backoff
from services.delivery import Limits, deliver_due
from services.onboarding import Saved, answer_onboarding, start_onboarding
from services.plan import profile_of, save_plan
from services.ports import Transient
from services.races import RaceGone, add_race, list_races, remove_race
from services.sessions import DEFAULT_OFFSET
from services.settings import change_setting, pause_weeks
from services.uow import UnitOfWork
from storage.uow import UnitOfWork as SqlUnitOfWork
from tests.services.fakes import FakeUnitOfWork, ReadOnlyViolation, Tables
from tests.services.worlds import NOW, OFFSET, World, world

__all__ = ["world"]  # the fixture, imported for pytest

P = ParamSpec("P")
R = TypeVar("R")
ANA = 7001
PROVED: UnitOfWork = FakeUnitOfWork(Tables())  # mypy: the fake is the whole Protocol
REAL: type[UnitOfWork] = SqlUnitOfWork  # … and so is storage's


async def run(world: World, case: Callable[Concatenate[UnitOfWork, P], Awaitable[R]],
              *args: P.args, **kwargs: P.kwargs) -> R:
    """`case` in one transaction of `world`, as Units.run does."""
    async with world.uow() as uow:
        return await case(uow, *args, **kwargs)


async def planned(world: World, user_id: int) -> SessionInfo | None:
    async with world.uow() as uow:
        return await uow.planning.next_planned(user_id)


async def onboard(world: World, user_id: int = ANA) -> SessionInfo:
    """A runner with Tuesday and Thursday runs ending 18:00 in Berlin; their next reminder."""
    await run(world, save_plan, NOW - timedelta(days=1), user_id, user_id, frozenset({1, 3}),
              frozenset(), time(18, 0), "Europe/Berlin", OFFSET)
    reminder = await planned(world, user_id)
    assert reminder is not None
    return reminder


def limits() -> Limits:
    return Limits(grace=timedelta(hours=2), backoff=backoff, offset=OFFSET)


async def test_onboarding_answers_save_the_plan_and_plan_the_first_reminder(
    world: World,
) -> None:
    await run(world, start_onboarding, NOW, ANA, ANA, DEFAULT_OFFSET)
    for step, answer in (("hard", Toggled(1)), ("hard", Toggled(3)), ("hard", Done()),
                         (None, Typed("18:30"))):
        await run(world, answer_onboarding, NOW, ANA, ANA, step, answer,
                  offset=DEFAULT_OFFSET)
    saved = await run(world, answer_onboarding, NOW, ANA, ANA, None, Typed("Europe/Berlin"),
                      offset=DEFAULT_OFFSET)
    assert isinstance(saved, Saved)
    profile = await run(world, profile_of, ANA)
    assert profile is not None
    assert (profile.onboarded, profile.hard_days, profile.tz) == (True, (1, 3), "Europe/Berlin")
    reminder = await planned(world, ANA)
    assert reminder is not None
    assert (reminder.kind, reminder.delivery) == ("scheduled", Delivery.DUE)
    assert reminder.session_date > NOW.date()


async def test_a_delivery_pass_sends_the_due_reminder_opens_it_and_plans_the_next(
    world: World,
) -> None:
    reminder = await onboard(world)
    clock = FakeClock(reminder.due_at)
    sender = ScriptedSender(clock)
    report = await deliver_due(world.uow, clock, sender, limits())
    assert (report.sent, [s.session_id for s in sender.sent]) == (1, [reminder.id])
    async with world.uow() as uow:
        sent = await uow.sessions.get(reminder.id)
        following = await uow.planning.next_planned(ANA)
    assert sent is not None
    assert (sent.status, sent.delivery) == (Status.OPEN, Delivery.SENT)
    assert following is not None
    assert following.session_date > reminder.session_date


async def test_a_failed_send_is_put_back_with_its_retry_and_sent_by_a_later_pass(
    world: World,
) -> None:
    reminder = await onboard(world)
    clock = FakeClock(reminder.due_at)
    sender = ScriptedSender(clock, script={ANA: [Transient("network")]})
    assert (await deliver_due(world.uow, clock, sender, limits())).failed == 1
    async with world.uow() as uow:
        waiting = await uow.sessions.get(reminder.id)
        assert await uow.stats.retrying() == 1
    assert waiting is not None
    assert (waiting.delivery, waiting.attempts) == (Delivery.DUE, 1)
    assert waiting.retry_at is not None
    clock.set(waiting.retry_at)
    assert (await deliver_due(world.uow, clock, sender, limits())).sent == 1


async def test_settings_switch_auto_progression_and_a_pause_drops_the_reminder(
    world: World,
) -> None:
    await onboard(world)
    await run(world, change_setting, NOW, ANA, "auto")
    await run(world, change_setting, NOW, ANA, "lb")
    overview = await run(world, pause_weeks, NOW, ANA, 2, OFFSET)
    assert overview is not None
    profile = await run(world, profile_of, ANA)
    assert profile is not None
    assert (profile.auto_progression, profile.unit, profile.unit_chosen) == (False, "lb", True)
    assert profile.paused_until is not None
    later = await planned(world, ANA)
    assert later is not None
    assert later.due_at >= profile.paused_until


async def test_a_race_is_listed_replaced_on_its_day_and_removed(world: World) -> None:
    await onboard(world)
    day = date(2026, 12, 13)
    await run(world, add_race, NOW, ANA, Race(day, Distance.TEN_K), OFFSET)
    races = await run(world, add_race, NOW, ANA, Race(day, Distance.HALF, "Nikolauslauf"),
                      OFFSET)
    (stored,) = races.races
    assert stored.race == Race(day, Distance.HALF, "Nikolauslauf")
    removed, after = await run(world, remove_race, NOW, ANA, stored.id, OFFSET)
    assert (removed, after.races) == (stored.race, ())
    with pytest.raises(RaceGone):
        await run(world, remove_race, NOW, ANA, stored.id, OFFSET)
    assert (await run(world, list_races, NOW, ANA, OFFSET)).races == ()


async def test_the_fake_drops_a_failed_transaction_and_refuses_a_read_only_write() -> None:
    tables = Tables()

    async def failing() -> None:
        async with FakeUnitOfWork(tables) as uow:
            await uow.users.ensure(ANA, ANA, NOW)
            raise RuntimeError("the use case failed")

    async def writing_in_a_read() -> None:
        async with FakeUnitOfWork(tables, read_only=True) as uow:
            await uow.users.ensure(ANA, ANA, NOW)

    with pytest.raises(RuntimeError, match="failed"):
        await failing()
    assert tables.users == {}
    with pytest.raises(ReadOnlyViolation):
        await writing_in_a_read()
    assert tables.users == {}

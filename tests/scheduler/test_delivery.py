"""The scheduler against a real database with an injected clock and an in-memory sender."""

from datetime import UTC, datetime, time, timedelta

import pytest

from coach.clock import FakeClock
from fakes.scheduler import MONDAY_NOON, ScriptedSender
from scheduler.delivery import Deliverer, RecipientGone
from services.plan import profile_of, register, save_plan
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET

GRACE = timedelta(hours=2)
ALICE = 1001


@pytest.fixture
def deliverer(plans: Units, sender: ScriptedSender, clock: FakeClock) -> Deliverer:
    return Deliverer(plans, sender, clock, grace=GRACE)


async def onboard(plans: Units, tz: str = "Europe/Berlin",
                  hard: frozenset[int] = frozenset({1, 3})) -> None:
    await plans.run(save_plan, MONDAY_NOON, ALICE, ALICE, hard, frozenset(), time(18, 45), tz,
                    DEFAULT_OFFSET)


async def test_the_reminder_fires_at_the_local_time_after_the_run_and_not_before(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans)
    due = datetime(2026, 11, 24, 18, 15, tzinfo=UTC)  # Tue 19:15 in Berlin
    clock.set(due - timedelta(seconds=1))
    assert (await deliverer.tick()).sent == 0
    clock.set(due)
    assert (await deliverer.tick()).sent == 1
    assert [d.isoformat() for d in sender.dates("reminder")] == ["2026-11-24"]
    assert (await deliverer.tick()).handled == 0


async def test_no_reminder_goes_out_on_easy_days(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans)
    moment = MONDAY_NOON
    while moment < MONDAY_NOON + timedelta(days=14):
        clock.set(moment)
        await deliverer.tick()
        moment += timedelta(minutes=30)
    weekdays = [d.weekday() for d in sender.dates("reminder")]
    assert weekdays == [1, 3, 1, 3]


async def test_a_restart_within_the_grace_period_still_delivers_the_reminder(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans)
    clock.set(datetime(2026, 11, 24, 18, 15, tzinfo=UTC) + GRACE - timedelta(minutes=1))
    report = await deliverer.tick()
    assert (report.sent, report.missed) == (1, 0)


async def test_beyond_the_grace_period_a_missed_note_replaces_the_stale_reminder(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans)
    clock.set(datetime(2026, 11, 27, 9, 0, tzinfo=UTC))  # down from Tue to Fri morning
    report = await deliverer.tick()
    assert (report.sent, report.missed) == (0, 1)
    async with plans() as uow:
        upcoming = await uow.sessions.next_due(ALICE)
    assert upcoming is not None
    assert upcoming.session_date.isoformat() == "2026-12-01"


async def test_the_reminder_follows_local_time_across_the_dst_change(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    start = datetime(2026, 3, 23, 12, 0, tzinfo=UTC)  # Berlin switches on Sun 29 March
    clock.set(start)
    await plans.run(save_plan, start, ALICE, ALICE, frozenset({1, 6}), frozenset(), time(18, 45),
                    "Europe/Berlin", DEFAULT_OFFSET)
    sent_at = []
    moment = start
    while moment < start + timedelta(days=10):
        clock.set(moment)
        if (await deliverer.tick()).sent:
            sent_at.append(moment)
        moment += timedelta(minutes=15)
    assert [t.strftime("%a %H:%M") for t in sent_at] == [
        "Tue 18:15", "Sun 17:15", "Tue 17:15",
    ]


async def test_a_failed_send_stays_due_and_is_retried_after_a_backoff(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans)
    clock.set(datetime(2026, 11, 24, 18, 20, tzinfo=UTC))
    sender.always[ALICE] = RuntimeError("network down")
    assert (await deliverer.tick()).failed == 1
    del sender.always[ALICE]
    assert (await deliverer.tick()).handled == 0
    clock.advance(timedelta(seconds=10))
    assert (await deliverer.tick()).sent == 1


async def test_a_user_who_blocked_the_bot_gets_no_more_reminders(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans)
    clock.set(datetime(2026, 11, 24, 18, 20, tzinfo=UTC))
    sender.always[ALICE] = RecipientGone("Forbidden: bot was blocked by the user")
    assert (await deliverer.tick()).gone == 1
    profile = await plans.read(profile_of, ALICE)
    assert profile is not None
    assert not profile.active
    del sender.always[ALICE]
    clock.set(datetime(2026, 12, 10, tzinfo=UTC))
    assert (await deliverer.tick()).handled == 0
    await plans.run(register, clock.now(), ALICE, ALICE, DEFAULT_OFFSET)
    async with plans() as uow:
        assert await uow.sessions.next_due(ALICE) is not None


async def test_a_claim_left_by_a_crash_is_delivered_later(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans)
    due = datetime(2026, 11, 24, 18, 15, tzinfo=UTC)
    async with plans() as uow:
        assert len(await uow.claims.claim_due(due, 10)) == 1  # then the process died
    clock.set(due + timedelta(minutes=1))
    assert (await deliverer.tick()).sent == 0
    clock.set(due + deliverer.claim_timeout + timedelta(minutes=2))
    assert (await deliverer.tick()).sent == 1

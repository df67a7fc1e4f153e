"""Telegram's faults, seen by the scheduler: retries with backoff, giving up, 429s."""

from datetime import timedelta

import pytest

from coach.clock import FakeClock
from coach.views import Delivery, SessionInfo
from fakes.scheduler import MONDAY_NOON, TUESDAY_DUE, FakeTime, ScriptedSender, onboard
from scheduler.delivery import Deliverer
from scheduler.pacing import Pacer
from services.plan import profile_of
from services.ports import RecipientGone, Throttled, Transient
from services.runtime import Units

GRACE = timedelta(hours=2)
ALICE, BOB = 1001, 1002


@pytest.fixture
def fake_time(clock: FakeClock) -> FakeTime:
    return FakeTime(clock)


@pytest.fixture
def deliverer(plans: Units, sender: ScriptedSender, clock: FakeClock,
              fake_time: FakeTime) -> Deliverer:
    return Deliverer(plans, sender, clock, grace=GRACE, pacer=Pacer(sleep=fake_time.sleep))


async def row(plans: Units, session_id: int = 1) -> SessionInfo:
    async with plans() as uow:
        found = await uow.sessions.get(session_id)
    assert found is not None
    return found


async def test_a_server_error_is_retried_after_10_then_20_seconds_until_it_goes_through(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    sender.script[ALICE] = [Transient("server_error"), Transient("timeout")]
    clock.set(TUESDAY_DUE)
    assert (await deliverer.tick()).failed == 1
    first = await row(plans)
    assert (first.delivery, first.attempts, first.retry_at) == (
        "due", 1, TUESDAY_DUE + timedelta(seconds=10))
    clock.set(TUESDAY_DUE + timedelta(seconds=9))
    assert (await deliverer.tick()).handled == 0
    clock.set(TUESDAY_DUE + timedelta(seconds=10))
    assert (await deliverer.tick()).failed == 1
    assert (await row(plans)).retry_at == TUESDAY_DUE + timedelta(seconds=30)
    clock.set(TUESDAY_DUE + timedelta(seconds=30))
    assert (await deliverer.tick()).sent == 1
    done = await row(plans)
    assert (done.delivery, done.status, done.retry_at) == ("sent", "open", None)


async def test_a_reminder_failing_past_the_grace_period_is_given_up_and_the_next_planned(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    sender.always[ALICE] = Transient("network")
    clock.set(TUESDAY_DUE)
    waits = []
    while (await deliverer.tick()).given_up == 0:
        session = await row(plans)
        assert session.retry_at is not None
        waits.append((session.retry_at - clock.now()).total_seconds())
        clock.set(session.retry_at)
    assert waits[:7] == [10, 20, 40, 80, 160, 300, 300]
    assert clock.now() > TUESDAY_DUE + GRACE
    assert (await row(plans)).delivery == Delivery.FAILED.value
    async with plans() as uow:
        upcoming = await uow.sessions.next_due(ALICE)
    assert upcoming is not None
    assert upcoming.session_date.isoformat() == "2026-11-26"
    assert sender.sent == []


async def test_one_users_persistent_server_errors_do_not_hold_up_another_users_reminder(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    for user in (ALICE, BOB):
        await onboard(plans, user, MONDAY_NOON)
    sender.always[ALICE] = Transient("server_error")
    clock.set(TUESDAY_DUE)
    report = await deliverer.tick()
    assert (report.sent, report.failed) == (1, 1)
    assert sender.kinds(BOB) == ["reminder"]
    clock.advance(timedelta(seconds=10))
    report = await deliverer.tick()
    assert (report.sent, report.failed) == (0, 1)
    assert sender.kinds(BOB) == ["reminder"]


@pytest.mark.parametrize("reason", ["Forbidden: bot was blocked by the user",
                                    "Bad Request: chat not found"])
async def test_an_unreachable_chat_makes_the_user_inactive_and_gets_nothing_more(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
    reason: str,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    sender.script[ALICE] = [RecipientGone(reason)]
    clock.set(TUESDAY_DUE)
    assert (await deliverer.tick()).gone == 1
    profile = await plans.read(profile_of, ALICE)
    assert profile is not None
    assert not profile.active
    clock.set(TUESDAY_DUE + timedelta(days=21))
    assert (await deliverer.tick()).handled == 0
    assert sender.calls == 1


async def test_a_429_is_waited_out_within_the_pass_and_the_reminder_then_sent(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
    fake_time: FakeTime,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    sender.script[ALICE] = [Throttled(2)]
    clock.set(TUESDAY_DUE)
    assert (await deliverer.tick()).sent == 1
    assert 2 in fake_time.slept
    assert sender.sent[0].at >= TUESDAY_DUE + timedelta(seconds=2)


async def test_a_429_that_outlasts_the_waits_puts_the_row_back_until_retry_after(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    sender.script[ALICE] = [Throttled(5)] * 4
    clock.set(TUESDAY_DUE)
    assert (await deliverer.tick()).failed == 1
    released = await row(plans)
    assert released.retry_at == clock.now() + timedelta(seconds=5)
    clock.set(released.retry_at)
    assert (await deliverer.tick()).sent == 1


async def test_a_429_longer_than_a_quarter_of_the_claim_timeout_is_not_waited_out(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
    fake_time: FakeTime,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    sender.script[ALICE] = [Throttled(120)]  # the claim times out after 5 minutes
    clock.set(TUESDAY_DUE)
    assert (await deliverer.tick()).failed == 1
    assert fake_time.slept == []
    released = await row(plans)
    assert (released.delivery, released.claimed_at) == ("due", None)
    assert released.retry_at == TUESDAY_DUE + timedelta(seconds=120)


async def test_every_outcome_is_logged_as_key_value_pairs_without_message_text(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    await onboard(plans, BOB, MONDAY_NOON)
    sender.script = {ALICE: [Transient("server_error")], BOB: [RecipientGone("blocked")]}
    clock.set(TUESDAY_DUE)
    caplog.set_level("INFO", logger="scheduler.delivery")
    await deliverer.tick()
    clock.advance(timedelta(seconds=10))
    await deliverer.tick()
    lines = [r.getMessage() for r in caplog.records if r.name == "scheduler.delivery"]
    assert lines == [
        "delivery outcome=retried session=1 user=1001 attempt=1 reason=server_error"
        " retry_in=10s",
        "delivery outcome=user_inactive session=2 user=1002",
        "delivery outcome=sent session=1 user=1001 attempt=2",
    ]

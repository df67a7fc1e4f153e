"""The next-morning nudge: once, at the runner's local morning, only for unlogged sessions."""

import asyncio
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.plan import morning_after
from coach.reports import parse_report
from coach.views import SessionView
from fakes.scheduler import MONDAY_NOON, TUESDAY_DUE, ScriptedSender, onboard
from scheduler.delivery import Deliverer
from scheduler.nudges import NUDGE_HOUR, Nudger
from scheduler.pacing import Pacer
from services.runtime import Units
from services.sessions import finish, record, skip

WEDNESDAY_8_BERLIN = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
GRACE = timedelta(hours=2)
ALICE = 1001
SECOND = timedelta(seconds=1)


def make_deliverer(plans: Units, sender: ScriptedSender, clock: FakeClock) -> Deliverer:
    nudger = Nudger(plans, sender, clock, grace=GRACE, hour=8, pacer=Pacer())
    return Deliverer(plans, sender, clock, grace=GRACE, pacer=Pacer(), nudger=nudger)


@pytest.fixture
def deliverer(plans: Units, sender: ScriptedSender, clock: FakeClock) -> Deliverer:
    return make_deliverer(plans, sender, clock)


async def at(deliverer: Deliverer, clock: FakeClock, when: datetime) -> int:
    """Run a pass at `when`; return how many nudges it sent."""
    clock.set(when)
    return (await deliverer.tick()).nudged


def test_the_morning_after_is_local_even_when_auckland_changes_its_clocks_overnight() -> None:
    # NZ daylight time starts Sun 27 Sep 2026 and ends Sun 4 Apr 2027.
    assert morning_after(date(2026, 9, 26), "Pacific/Auckland", NUDGE_HOUR) == datetime(
        2026, 9, 26, 19, 0, tzinfo=UTC)  # 08:00 NZDT, +13
    assert morning_after(date(2027, 4, 3), "Pacific/Auckland", NUDGE_HOUR) == datetime(
        2027, 4, 3, 20, 0, tzinfo=UTC)  # 08:00 NZST, +12
    assert morning_after(date(2026, 11, 24), "Europe/Berlin", hour=7) == datetime(
        2026, 11, 25, 6, 0, tzinfo=UTC)


async def test_an_unlogged_session_is_nudged_once_the_next_local_morning(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    clock.set(TUESDAY_DUE)
    assert (await deliverer.tick()).sent == 1
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN - SECOND) == 0
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN) == 1
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN + timedelta(minutes=5)) == 0
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN + timedelta(hours=5)) == 0
    assert sender.kinds(ALICE) == ["reminder", "nudge"]
    assert sender.sent[1].session_id == sender.sent[0].session_id


async def test_an_auckland_runner_is_nudged_at_eight_across_the_spring_forward_night(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    start = datetime(2026, 9, 24, 0, 0, tzinfo=UTC)
    await onboard(plans, ALICE, start, tz="Pacific/Auckland", days=frozenset({2, 5}))
    clock.set(datetime(2026, 9, 26, 7, 15, tzinfo=UTC))  # Sat 19:15 NZST
    assert (await deliverer.tick()).sent == 1
    sunday_8 = datetime(2026, 9, 26, 19, 0, tzinfo=UTC)  # Sun 08:00 NZDT, same UTC date
    assert await at(deliverer, clock, sunday_8 - SECOND) == 0
    assert await at(deliverer, clock, sunday_8) == 1
    assert await at(deliverer, clock, sunday_8 + timedelta(hours=1)) == 0


@pytest.mark.parametrize("action", ["logged", "skipped", "finished"])
async def test_no_nudge_for_a_session_logged_or_skipped_before_the_morning(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
    factory: async_sessionmaker[AsyncSession], action: str,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    clock.set(TUESDAY_DUE)
    await deliverer.tick()
    session_id = sender.sent[0].session_id
    sessions, later = Units(factory), TUESDAY_DUE + timedelta(hours=1)
    if action == "skipped":
        await sessions.run(skip, later, ALICE, session_id)
    else:
        lines = parse_report("goblet 3x8", ("goblet",)).lines
        await sessions.run(record, later, ALICE, session_id, lines, None)
        if action == "finished":
            await sessions.run(finish, later, ALICE, session_id)
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN) == 0
    assert sender.kinds(ALICE) == ["reminder"]
    async with plans() as uow:
        row = await uow.sessions.get(session_id)
    assert row is not None
    assert row.nudge == "dropped"


async def test_no_nudge_for_a_session_a_newer_reminder_already_closed(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON, days=frozenset({1, 2}), run_end=time(5, 30))
    tuesday_6 = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)  # 06:00 Berlin, before 08:00
    clock.set(tuesday_6)
    await deliverer.tick()
    clock.set(tuesday_6 + timedelta(days=1))
    await deliverer.tick()
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN) == 0
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN + timedelta(days=1)) == 1
    reminders = [s.session_id for s in sender.sent if s.kind == "reminder"]
    assert sender.kinds(ALICE) == ["reminder", "reminder", "nudge"]
    assert sender.sent[-1].session_id == reminders[1]


async def test_a_missed_note_is_not_followed_by_a_nudge(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    clock.set(TUESDAY_DUE + GRACE + timedelta(minutes=30))  # back up after a long outage
    assert (await deliverer.tick()).missed == 1
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN) == 0
    assert sender.kinds(ALICE) == ["missed"]


async def test_a_nudge_whose_morning_passed_during_an_outage_is_dropped(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    clock.set(TUESDAY_DUE)
    await deliverer.tick()
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN + GRACE + SECOND) == 0
    assert sender.kinds(ALICE) == ["reminder"]


async def test_two_schedulers_running_at_once_nudge_a_session_only_once(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    clock.set(TUESDAY_DUE)
    await deliverer.tick()
    clock.set(WEDNESDAY_8_BERLIN)
    other = make_deliverer(plans, sender, clock)
    reports = await asyncio.gather(deliverer.tick(), other.tick())
    assert sum(r.nudged for r in reports) == 1
    assert sender.kinds(ALICE) == ["reminder", "nudge"]


async def test_a_nudge_claim_left_by_a_crash_is_sent_by_a_later_pass(
    plans: Units, deliverer: Deliverer, sender: ScriptedSender, clock: FakeClock,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    clock.set(TUESDAY_DUE)
    await deliverer.tick()
    async with plans() as uow:
        assert len(await uow.claims.claim_nudges(WEDNESDAY_8_BERLIN, 10)) == 1  # then died
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN + timedelta(minutes=1)) == 0
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN + timedelta(minutes=6)) == 1
    assert sender.kinds(ALICE) == ["reminder", "nudge"]


class RoundTripSender(ScriptedSender):
    """Each nudge takes a round trip; counts how many are in flight together."""

    in_flight: int = 0
    most: int = 0

    async def nudge(self, view: SessionView) -> int:
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        try:
            await asyncio.sleep(0.001)
            return await super().nudge(view)
        finally:
            self.in_flight -= 1


async def reminded(plans: Units, clock: FakeClock,
                   runners: range) -> tuple[RoundTripSender, Deliverer]:
    """`runners` onboarded and sent Tuesday's reminder over a sender with a round trip."""
    for user in runners:
        await onboard(plans, user, MONDAY_NOON)
    sender = RoundTripSender(clock)
    deliverer = make_deliverer(plans, sender, clock)
    clock.set(TUESDAY_DUE)
    assert (await deliverer.tick()).sent == len(runners)
    return sender, deliverer


async def test_a_mornings_nudges_are_in_flight_together_each_sent_once(
    plans: Units, clock: FakeClock,
) -> None:
    runners = range(2001, 2041)
    sender, deliverer = await reminded(plans, clock, runners)
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN) == len(runners)
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN + timedelta(minutes=5)) == 0
    assert all(sender.kinds(user) == ["reminder", "nudge"] for user in runners)
    assert 1 < sender.most <= 16


async def test_nudges_waiting_together_are_recorded_in_one_commit(
    plans: Units, clock: FakeClock, engine: AsyncEngine,
) -> None:
    runners = range(3001, 3041)
    sender, deliverer = await reminded(plans, clock, runners)
    commits: list[object] = []

    def committed(conn: object) -> None:
        commits.append(conn)

    event.listen(engine.sync_engine, "commit", committed)
    try:
        assert await at(deliverer, clock, WEDNESDAY_8_BERLIN) == len(runners)
    finally:
        event.remove(engine.sync_engine, "commit", committed)
    assert len(commits) < len(runners) // 2  # each nudge's own commit was 40 and more
    assert all(sender.kinds(user) == ["reminder", "nudge"] for user in runners)
    assert await at(deliverer, clock, WEDNESDAY_8_BERLIN + timedelta(minutes=5)) == 0

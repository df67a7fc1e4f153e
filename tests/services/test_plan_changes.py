"""Regression tests: every change keeps exactly one correct next reminder (issue: the plan)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.plan import MoveRefused
from coach.progression import Target
from coach.reports import ReportKind, ReportLine, SetsReport
from fakes.scheduler import ScriptedSender
from scheduler.delivery import Deliverer
from services.plan import move_run, pause, plan_overview, profile_of, save_plan
from services.runtime import Units
from services.sessions import (
    SessionClosed,
    correct,
    finish,
    record,
    rerecord_lines,
    start_now,
    undo,
)

OFFSET = timedelta(minutes=30)
ALICE = 1001
MONDAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TUESDAY_EVENING = datetime(2026, 11, 24, 18, 15, tzinfo=UTC)  # 19:15 Berlin: the reminder


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


@pytest.fixture
def sessions(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY)


@pytest.fixture
def sender(clock: FakeClock) -> ScriptedSender:
    return ScriptedSender(clock)


@pytest.fixture
def deliverer(plans: Units, sender: ScriptedSender, clock: FakeClock) -> Deliverer:
    return Deliverer(plans, sender, clock, grace=timedelta(hours=2))


async def setup(plans: Units, hard: frozenset[int] = frozenset({1, 3}),
                run_end: time = time(18, 45), tz: str = "Europe/Berlin",
                cross: frozenset[int] = frozenset()) -> None:
    await plans.run(save_plan, MONDAY, ALICE, ALICE, hard, cross, run_end, tz, OFFSET)


async def change(plans: Units, clock: FakeClock, *, run_end: time | None = None,
                 tz: str | None = None, hard: frozenset[int] | None = None) -> None:
    profile = await plans.read(profile_of, ALICE)
    assert profile is not None
    assert profile.run_end is not None
    assert profile.tz is not None
    await plans.run(save_plan, clock.now(), ALICE, ALICE, hard or frozenset(profile.hard_days),
                    frozenset(profile.cross_days), run_end or profile.run_end, tz or profile.tz,
                    OFFSET)


async def reminders_over(deliverer: Deliverer, clock: FakeClock, sender: ScriptedSender,
                         days: int) -> list[date]:
    """Tick every 15 minutes for `days` days; the session dates reminded."""
    end = clock.now() + timedelta(days=days)
    while clock.now() < end:
        clock.advance(timedelta(minutes=15))
        await deliverer.tick()
    return sender.dates("reminder")


@pytest.mark.parametrize(("run_end", "tz"), [
    (time(23, 50), None), (time(21, 0), None), (None, "America/New_York")])
async def test_a_same_evening_change_after_the_reminder_keeps_the_reminders_coming(
    plans: Units, deliverer: Deliverer, clock: FakeClock, sender: ScriptedSender,
    run_end: time | None, tz: str | None,
) -> None:
    await setup(plans, run_end=time(18, 45))
    clock.set(TUESDAY_EVENING)
    assert (await deliverer.tick()).sent == 1
    clock.advance(timedelta(minutes=30))
    await change(plans, clock, run_end=run_end, tz=tz)
    overview = await plans.run(plan_overview, clock.now(), ALICE, OFFSET)
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 11, 26)  # Thursday, not Tuesday again
    dates = await reminders_over(deliverer, clock, sender, 12)
    assert dates[1:] == [date(2026, 11, 26), date(2026, 12, 1), date(2026, 12, 3)]


async def test_a_run_ending_at_23_45_keeps_its_session_on_the_run_day(
    plans: Units,
) -> None:
    await setup(plans, run_end=time(23, 45))
    overview = await plans.run(plan_overview, MONDAY, ALICE, OFFSET)
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 11, 24)  # Tuesday's run
    assert overview.next_due.due_at == datetime(2026, 11, 24, 23, 15, tzinfo=UTC)  # Wed 00:15
    assert [s.session_date.weekday() for s in overview.week] == [1, 3]


async def test_pause_ends_at_a_local_midnight_in_far_zones(plans: Units) -> None:
    await setup(plans, tz="Asia/Kolkata")
    late = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)  # Sun 29 Nov 01:30 in Kolkata
    overview = await plans.run(pause, late, ALICE, 1, OFFSET)
    assert overview.profile.paused_until == datetime(2026, 12, 5, 18, 30, tzinfo=UTC)
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 12, 8)


async def test_hard_days_changed_mid_week_never_give_back_to_back_sessions(
    plans: Units, deliverer: Deliverer, clock: FakeClock, sender: ScriptedSender,
) -> None:
    await setup(plans, hard=frozenset({1, 4}))  # Tue and Fri
    clock.set(TUESDAY_EVENING)
    await deliverer.tick()
    await change(plans, clock, hard=frozenset({0, 2, 4}))  # now Mon, Wed, Fri
    overview = await plans.run(plan_overview, clock.now(), ALICE, OFFSET)
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 11, 27)  # Friday, not Wednesday


async def test_a_session_on_an_extra_day_moves_the_next_one_off_the_following_day(
    plans: Units, sessions: Units,
) -> None:
    await setup(plans, hard=frozenset({1, 3, 5}))  # Tue, Thu, Sat
    wednesday = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    view = await sessions.run(start_now, wednesday, ALICE)  # "ran hard today"
    assert view.session.session_date == date(2026, 11, 25)
    overview = await plans.run(plan_overview, wednesday, ALICE, OFFSET)
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 11, 28)  # Sat: Thursday would be next
    await sessions.run(finish, wednesday, ALICE, view.session.id)
    with pytest.raises(SessionClosed):  # a second session on the same day
        await sessions.run(start_now, wednesday + timedelta(hours=1), ALICE)


async def test_log_on_a_session_day_opens_that_days_session_instead_of_a_second(
    plans: Units, sessions: Units,
) -> None:
    await setup(plans)
    view = await sessions.run(start_now, datetime(2026, 11, 24, 7, 0, tzinfo=UTC), ALICE)
    assert view.session.kind == "scheduled"
    overview = await plans.run(plan_overview, datetime(2026, 11, 24, 7, 0, tzinfo=UTC), ALICE,
                               OFFSET)
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 11, 26)


async def test_a_run_moved_this_week_moves_its_session_and_later_weeks_keep_the_usual_days(
    plans: Units,
) -> None:
    await setup(plans, hard=frozenset({1, 4}))  # Tue and Fri
    moved = await plans.run(move_run, MONDAY, ALICE, 3, OFFSET)  # "hard run moved to Thursday"
    # the nearest session of the week moves: Friday's, to Thursday
    assert (moved.move.from_date, moved.move.to_date) == (date(2026, 11, 27),
                                                          date(2026, 11, 26))
    assert [slot.session_date for slot in moved.overview.week] == [date(2026, 11, 24),
                                                                   date(2026, 11, 26)]
    with pytest.raises(MoveRefused) as refused:
        await plans.run(move_run, MONDAY, ALICE, 3, OFFSET)
    assert refused.value.reason == "already"
    again = await plans.run(move_run, MONDAY, ALICE, 5, OFFSET)  # "long run on Saturday this week"
    assert (again.move.from_date, again.move.to_date) == (date(2026, 11, 26),
                                                          date(2026, 11, 28))
    assert [slot.session_date for slot in again.overview.week] == [date(2026, 11, 24),
                                                                   date(2026, 11, 28)]


def entry(exercise_id: str, *reps: int, load: float | None = None) -> ReportLine:
    return ReportLine(exercise_id, SetsReport(ReportKind.SETS, reps, load_kg=load), "")


async def test_an_edit_of_a_closed_sessions_report_recomputes_its_targets(
    plans: Units, sessions: Units,
) -> None:
    await setup(plans)
    view = await sessions.run(start_now, MONDAY, ALICE)
    await sessions.run(record, MONDAY, ALICE, view.session.id, [entry("goblet_squat", 8, 8, 8,
                                                                      load=6)], 7)
    await sessions.run(finish, MONDAY, ALICE, view.session.id)
    edited = await sessions.run(rerecord_lines, MONDAY, ALICE, 7, [entry("goblet_squat", 4, 4, 4,
                                                                         load=6)])
    assert edited is not None
    assert [(c.exercise.id, c.decision.target) for c in edited.retargeted] == [
        ("goblet_squat", Target(3, 5, 0.0))]  # two sets below 5 at 6 kg: body weight
    undone = await sessions.run(undo, MONDAY, ALICE)
    assert undone is not None
    assert [c.decision.target for c in undone.retargeted] == [Target(3, 6, 0.0)]


async def test_a_report_right_after_the_session_closed_corrects_it(
    plans: Units, sessions: Units,
) -> None:
    await setup(plans)
    view = await sessions.run(start_now, MONDAY, ALICE)
    await sessions.run(record, MONDAY, ALICE, view.session.id, [entry("sldl", 8, 8, 8)], 7)
    await sessions.run(finish, MONDAY, ALICE, view.session.id)
    fixed = await sessions.run(correct, MONDAY, ALICE, [entry("sldl", 6, 6, 6)], 8)
    assert fixed is not None
    assert fixed.view.session.id == view.session.id
    assert [c.decision.target for c in fixed.retargeted] == [Target(3, 7, 0.0)]

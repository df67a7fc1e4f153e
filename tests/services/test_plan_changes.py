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
from services.plan import PlanService
from services.sessions import SessionClosed, SessionService

OFFSET = timedelta(minutes=30)
ALICE = 1001
MONDAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
TUESDAY_EVENING = datetime(2026, 11, 24, 18, 15, tzinfo=UTC)  # 19:15 Berlin: the reminder


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> PlanService:
    return PlanService(factory, OFFSET)


@pytest.fixture
def sessions(factory: async_sessionmaker[AsyncSession]) -> SessionService:
    return SessionService(factory, OFFSET)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY)


@pytest.fixture
def sender(clock: FakeClock) -> ScriptedSender:
    return ScriptedSender(clock)


@pytest.fixture
def deliverer(plans: PlanService, sender: ScriptedSender, clock: FakeClock) -> Deliverer:
    return Deliverer(plans, sender, clock, grace=timedelta(hours=2))


async def setup(plans: PlanService, hard: frozenset[int] = frozenset({1, 3}),
                run_end: time = time(18, 45), tz: str = "Europe/Berlin",
                cross: frozenset[int] = frozenset()) -> None:
    await plans.save_plan(ALICE, ALICE, hard, cross, run_end, tz, MONDAY)


async def change(plans: PlanService, clock: FakeClock, *, run_end: time | None = None,
                 tz: str | None = None, hard: frozenset[int] | None = None) -> None:
    profile = await plans.profile(ALICE)
    assert profile is not None
    assert profile.run_end is not None
    assert profile.tz is not None
    await plans.save_plan(ALICE, ALICE, hard or frozenset(profile.hard_days),
                          frozenset(profile.cross_days), run_end or profile.run_end,
                          tz or profile.tz, clock.now())


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
    plans: PlanService, deliverer: Deliverer, clock: FakeClock, sender: ScriptedSender,
    run_end: time | None, tz: str | None,
) -> None:
    await setup(plans, run_end=time(18, 45))
    clock.set(TUESDAY_EVENING)
    assert (await deliverer.tick()).sent == 1
    clock.advance(timedelta(minutes=30))
    await change(plans, clock, run_end=run_end, tz=tz)
    overview = await plans.overview(ALICE, clock.now())
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 11, 26)  # Thursday, not Tuesday again
    dates = await reminders_over(deliverer, clock, sender, 12)
    assert dates[1:] == [date(2026, 11, 26), date(2026, 12, 1), date(2026, 12, 3)]


async def test_a_run_ending_at_23_45_keeps_its_session_on_the_run_day(
    plans: PlanService,
) -> None:
    await setup(plans, run_end=time(23, 45))
    overview = await plans.overview(ALICE, MONDAY)
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 11, 24)  # Tuesday's run
    assert overview.next_due.due_at == datetime(2026, 11, 24, 23, 15, tzinfo=UTC)  # Wed 00:15
    assert [s.session_date.weekday() for s in overview.week] == [1, 3]


async def test_pause_ends_at_a_local_midnight_in_far_zones(plans: PlanService) -> None:
    await setup(plans, tz="Asia/Kolkata")
    late = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)  # Sun 29 Nov 01:30 in Kolkata
    overview = await plans.pause(ALICE, 1, late)
    assert overview.profile.paused_until == datetime(2026, 12, 5, 18, 30, tzinfo=UTC)
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 12, 8)


async def test_hard_days_changed_mid_week_never_give_back_to_back_sessions(
    plans: PlanService, deliverer: Deliverer, clock: FakeClock, sender: ScriptedSender,
) -> None:
    await setup(plans, hard=frozenset({1, 4}))  # Tue and Fri
    clock.set(TUESDAY_EVENING)
    await deliverer.tick()
    await change(plans, clock, hard=frozenset({0, 2, 4}))  # now Mon, Wed, Fri
    overview = await plans.overview(ALICE, clock.now())
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 11, 27)  # Friday, not Wednesday


async def test_a_session_on_an_extra_day_moves_the_next_one_off_the_following_day(
    plans: PlanService, sessions: SessionService,
) -> None:
    await setup(plans, hard=frozenset({1, 3, 5}))  # Tue, Thu, Sat
    wednesday = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)
    view = await sessions.start_now(ALICE, wednesday)  # "ran hard today"
    assert view.session.session_date == date(2026, 11, 25)
    overview = await plans.overview(ALICE, wednesday)
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 11, 28)  # Sat: Thursday would be next
    await sessions.finish(ALICE, view.session.id, wednesday)
    with pytest.raises(SessionClosed):  # a second session on the same day
        await sessions.start_now(ALICE, wednesday + timedelta(hours=1))


async def test_log_on_a_session_day_opens_that_days_session_instead_of_a_second(
    plans: PlanService, sessions: SessionService,
) -> None:
    await setup(plans)
    view = await sessions.start_now(ALICE, datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    assert view.session.kind == "scheduled"
    overview = await plans.overview(ALICE, datetime(2026, 11, 24, 7, 0, tzinfo=UTC))
    assert overview.next_due is not None
    assert overview.next_due.session_date == date(2026, 11, 26)


async def test_a_run_moved_this_week_moves_its_session_and_later_weeks_keep_the_usual_days(
    plans: PlanService,
) -> None:
    await setup(plans, hard=frozenset({1, 4}))  # Tue and Fri
    moved = await plans.move_run(ALICE, 3, MONDAY)  # "hard run moved to Thursday"
    # the nearest session of the week moves: Friday's, to Thursday
    assert (moved.move.from_date, moved.move.to_date) == (date(2026, 11, 27),
                                                          date(2026, 11, 26))
    assert [slot.session_date for slot in moved.overview.week] == [date(2026, 11, 24),
                                                                   date(2026, 11, 26)]
    with pytest.raises(MoveRefused) as refused:
        await plans.move_run(ALICE, 3, MONDAY)
    assert refused.value.reason == "already"
    again = await plans.move_run(ALICE, 5, MONDAY)  # "long run on Saturday this week"
    assert (again.move.from_date, again.move.to_date) == (date(2026, 11, 26),
                                                          date(2026, 11, 28))
    assert [slot.session_date for slot in again.overview.week] == [date(2026, 11, 24),
                                                                   date(2026, 11, 28)]


def entry(exercise_id: str, *reps: int, load: float | None = None) -> ReportLine:
    return ReportLine(exercise_id, SetsReport(ReportKind.SETS, reps, load_kg=load), "")


async def test_an_edit_of_a_closed_sessions_report_recomputes_its_targets(
    plans: PlanService, sessions: SessionService,
) -> None:
    await setup(plans)
    view = await sessions.start_now(ALICE, MONDAY)
    await sessions.record(ALICE, view.session.id, [entry("goblet_squat", 8, 8, 8, load=6)],
                          7, MONDAY)
    await sessions.finish(ALICE, view.session.id, MONDAY)
    edited = await sessions.rerecord(ALICE, 7, [entry("goblet_squat", 4, 4, 4, load=6)],
                                     MONDAY)
    assert edited is not None
    assert [(c.exercise.id, c.decision.target) for c in edited.retargeted] == [
        ("goblet_squat", Target(3, 5, 0.0))]  # two sets below 5 at 6 kg: body weight
    undone = await sessions.undo(ALICE, MONDAY)
    assert undone is not None
    assert [c.decision.target for c in undone.retargeted] == [Target(3, 6, 0.0)]


async def test_a_report_right_after_the_session_closed_corrects_it(
    plans: PlanService, sessions: SessionService,
) -> None:
    await setup(plans)
    view = await sessions.start_now(ALICE, MONDAY)
    await sessions.record(ALICE, view.session.id, [entry("sldl", 8, 8, 8)], 7, MONDAY)
    await sessions.finish(ALICE, view.session.id, MONDAY)
    fixed = await sessions.correct(ALICE, [entry("sldl", 6, 6, 6)], 8, MONDAY)
    assert fixed is not None
    assert fixed.view.session.id == view.session.id
    assert [c.decision.target for c in fixed.retargeted] == [Target(3, 7, 0.0)]

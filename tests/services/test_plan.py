"""Plan and session services against a real database."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.draft import Draft
from coach.progression import Change, Target
from coach.reports import ReportKind, ReportLine, SetsReport, parse_report
from services.plan import NotOnboarded, PlanService
from services.sessions import NotYours, SessionClosed, SessionService
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday
OFFSET = timedelta(minutes=30)
ALICE, BOB = 1001, 2002


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> PlanService:
    return PlanService(factory, OFFSET)


@pytest.fixture
def sessions(factory: async_sessionmaker[AsyncSession]) -> SessionService:
    return SessionService(factory)


async def onboard(plans: PlanService, user_id: int = ALICE) -> None:
    await plans.save_plan(user_id, user_id, frozenset({1, 3}), frozenset(), time(18, 45),
                          "Europe/Berlin", NOW)


def lines(text: str, pending: tuple[str, ...]) -> tuple[ReportLine, ...]:
    parsed = parse_report(text, pending)
    assert not parsed.problems
    return parsed.lines


async def test_saving_the_plan_schedules_the_next_hard_day_after_the_run(
    plans: PlanService,
) -> None:
    await onboard(plans)
    overview = await plans.overview(ALICE, NOW)
    assert overview.profile.session_days == (1, 3)
    assert overview.next_due is not None
    # Tuesday 24 Nov, run ends 18:45 Berlin (UTC+1), reminder 30 min later = 18:15 UTC
    assert overview.next_due.due_at == datetime(2026, 11, 24, 18, 15, tzinfo=UTC)
    assert [s.session_date.weekday() for s in overview.week] == [1, 3]


async def test_saving_the_plan_again_replaces_the_pending_reminder(plans: PlanService) -> None:
    await onboard(plans)
    await plans.save_plan(ALICE, ALICE, frozenset({2, 5}), frozenset(), time(7, 0), "UTC", NOW)
    async with plans.uow() as uow:
        due = await uow.claims.claim_due(NOW + timedelta(days=7), 10)
    assert [d.session_date.weekday() for d in due] == [2]


async def test_an_unfinished_onboarding_has_no_plan(plans: PlanService) -> None:
    await plans.register(ALICE, ALICE, NOW)
    with pytest.raises(NotOnboarded):
        await plans.overview(ALICE, NOW)


async def test_pause_moves_the_next_reminder_past_the_pause(plans: PlanService) -> None:
    await onboard(plans)
    overview = await plans.pause(ALICE, 2, NOW)
    assert overview.next_due is not None
    assert overview.next_due.due_at > NOW + timedelta(weeks=2)
    resumed = await plans.resume(ALICE, NOW)
    assert resumed.next_due is not None
    assert resumed.next_due.due_at < NOW + timedelta(days=2)


async def test_a_claim_is_taken_by_one_caller_only(plans: PlanService) -> None:
    await onboard(plans)
    later = NOW + timedelta(days=1, hours=8)
    async with plans.uow() as first:
        a = await first.claims.claim_due(later, 10)
    async with plans.uow() as second:
        b = await second.claims.claim_due(later, 10)
    assert len(a) == 1
    assert b == []


async def test_reports_are_stored_at_once_and_replaced_per_exercise(
    plans: PlanService, sessions: SessionService,
) -> None:
    await onboard(plans)
    view = await sessions.start_now(ALICE, NOW)
    first = await sessions.record(ALICE, view.session.id, lines("goblet 8 8 7", view.pending),
                                  11, NOW)
    again = await sessions.record(ALICE, view.session.id,
                                  lines("goblet 3x8 @ 12kg", first.view.pending), 12, NOW)
    logged = {i.exercise.id: i.logged for i in again.view.items if i.logged}
    assert list(logged) == ["goblet_squat"]
    entry = logged["goblet_squat"]
    assert entry is not None
    assert entry.report == SetsReport(ReportKind.SETS, (8, 8, 8), load_kg=12.0)


async def test_undo_removes_only_the_newest_entry(
    plans: PlanService, sessions: SessionService,
) -> None:
    await onboard(plans)
    view = await sessions.start_now(ALICE, NOW)
    await sessions.record(ALICE, view.session.id, lines("sldl 8 8 8", view.pending), 1, NOW)
    await sessions.record(ALICE, view.session.id, lines("goblet 3x8", view.pending), 2, NOW)
    removed = await sessions.undo(ALICE, NOW)
    assert removed is not None
    assert removed.entry.exercise_id == "goblet_squat"
    after = await sessions.view(ALICE, view.session.id)
    assert [i.exercise.id for i in after.items if i.logged] == ["sldl"]


async def test_an_edited_message_replaces_what_it_stored(
    plans: PlanService, sessions: SessionService,
) -> None:
    await onboard(plans)
    view = await sessions.start_now(ALICE, NOW)
    await sessions.record(ALICE, view.session.id, lines("goblet 3x8 @ 37", view.pending), 7,
                          NOW)
    result = await sessions.rerecord(ALICE, 7, lines("goblet 3x8 @ 37.5", view.pending), NOW)
    assert result is not None
    assert [e.report.load_kg for e in result.stored] == [37.5]
    assert await sessions.rerecord(ALICE, 999, [], NOW) is None


async def test_finishing_applies_double_progression(
    plans: PlanService, sessions: SessionService,
) -> None:
    await onboard(plans)
    view = await sessions.start_now(ALICE, NOW)
    await sessions.record(ALICE, view.session.id,  # a load typed: this runner lifts
                          lines("goblet 3x8 @ 8kg\nsldl 4 4 6\nlunge 8 8 8",
                                view.pending), 1, NOW)
    done = await sessions.finish(ALICE, view.session.id, NOW)
    changes = {ex.id: d.change for ex, d in done.decisions}
    assert changes["goblet_squat"] is Change.UP
    assert changes["reverse_lunge"] is Change.HOLD  # body weight for two weeks first
    async with UnitOfWork(sessions.factory) as uow:
        goblet = await uow.targets.get(ALICE, "goblet_squat")
    assert goblet.load_kg > 0
    with pytest.raises(SessionClosed):
        await sessions.finish(ALICE, view.session.id, NOW)


async def test_with_auto_progression_off_targets_stay(
    plans: PlanService, sessions: SessionService,
) -> None:
    await onboard(plans)
    await plans.set_auto_progression(ALICE, False)
    view = await sessions.start_now(ALICE, NOW)
    await sessions.record(ALICE, view.session.id, lines("goblet 8 8 8", view.pending), 1, NOW)
    done = await sessions.finish(ALICE, view.session.id, NOW)
    assert not done.progressed
    async with UnitOfWork(sessions.factory) as uow:
        assert await uow.targets.get(ALICE, "goblet_squat") == Target()


async def test_a_session_of_someone_else_is_out_of_reach(
    plans: PlanService, sessions: SessionService,
) -> None:
    await onboard(plans, ALICE)
    await onboard(plans, BOB)
    view = await sessions.start_now(ALICE, NOW)
    with pytest.raises(NotYours):
        await sessions.view(BOB, view.session.id)
    with pytest.raises(NotYours):
        await sessions.record(BOB, view.session.id, lines("goblet 8 8 8", view.pending), 1, NOW)
    with pytest.raises(NotYours):
        await sessions.skip(BOB, view.session.id, NOW)
    with pytest.raises(NotYours):
        await sessions.snooze(BOB, view.session.id, NOW, timedelta(hours=1))


async def test_deleting_a_user_leaves_no_row_of_theirs(
    plans: PlanService, sessions: SessionService,
) -> None:
    await onboard(plans, ALICE)
    await onboard(plans, BOB)
    for user in (ALICE, BOB):
        view = await sessions.start_now(user, NOW)
        await sessions.record(user, view.session.id, lines("goblet 8 8 8", view.pending), 1,
                              NOW)
        await sessions.finish(user, view.session.id, NOW)
        await plans.keep_draft(user, Draft(step="time", asked_at=NOW))  # /settings open
        await plans.move_run(user, 4, NOW)  # this week's run moved to Friday
    async with UnitOfWork(sessions.factory) as uow:
        assert await uow.reviews.seed_missing(NOW) == 2  # their weekly reviews
    await plans.delete_user(ALICE)
    async with UnitOfWork(sessions.factory) as uow:
        alice = await uow.users.row_counts(ALICE)
        bob = await uow.users.row_counts(BOB)
    assert set(alice) == {"users", "sessions", "entries", "targets", "drafts", "plan_moves",
                          "reviews", "questions", "notes"}
    assert all(count == 0 for count in alice.values()), alice
    assert all(bob[table] >= 1 for table in ("users", "sessions", "entries", "targets",
                                             "drafts")), bob

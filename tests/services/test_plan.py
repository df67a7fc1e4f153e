"""Plan and session services against a real database."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.draft import Draft
from coach.progression import Change, Target
from coach.reports import ReportKind, ReportLine, SetsReport, parse_report
from services.plan import (
    NotOnboarded,
    delete_user,
    keep_draft,
    move_run,
    pause,
    plan_overview,
    register,
    resume,
    save_plan,
    set_auto_progression,
)
from services.runtime import Units
from services.sessions import (
    NotYours,
    SessionClosed,
    finish,
    record,
    rerecord_lines,
    session_view,
    skip,
    snooze,
    start_now,
    undo,
)
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday
OFFSET = timedelta(minutes=30)
ALICE, BOB = 1001, 2002


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


@pytest.fixture
def sessions(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


async def onboard(plans: Units, user_id: int = ALICE) -> None:
    await plans.run(save_plan, NOW, user_id, user_id, frozenset({1, 3}), frozenset(), time(18, 45),
                    "Europe/Berlin", OFFSET)


def lines(text: str, pending: tuple[str, ...]) -> tuple[ReportLine, ...]:
    parsed = parse_report(text, pending)
    assert not parsed.problems
    return parsed.lines


async def test_saving_the_plan_schedules_the_next_hard_day_after_the_run(
    plans: Units,
) -> None:
    await onboard(plans)
    overview = await plans.run(plan_overview, NOW, ALICE, OFFSET)
    assert overview.profile.session_days == (1, 3)
    assert overview.next_due is not None
    # Tuesday 24 Nov, run ends 18:45 Berlin (UTC+1), reminder 30 min later = 18:15 UTC
    assert overview.next_due.due_at == datetime(2026, 11, 24, 18, 15, tzinfo=UTC)
    assert [s.session_date.weekday() for s in overview.week] == [1, 3]


async def test_saving_the_plan_again_replaces_the_pending_reminder(plans: Units) -> None:
    await onboard(plans)
    await plans.run(save_plan, NOW, ALICE, ALICE, frozenset({2, 5}), frozenset(), time(7, 0),
                    "UTC", OFFSET)
    async with plans() as uow:
        due = await uow.claims.claim_due(NOW + timedelta(days=7), 10)
    assert [d.session_date.weekday() for d in due] == [2]


async def test_an_unfinished_onboarding_has_no_plan(plans: Units) -> None:
    await plans.run(register, NOW, ALICE, ALICE, OFFSET)
    with pytest.raises(NotOnboarded):
        await plans.run(plan_overview, NOW, ALICE, OFFSET)


async def test_pause_moves_the_next_reminder_past_the_pause(plans: Units) -> None:
    await onboard(plans)
    overview = await plans.run(pause, NOW, ALICE, 2, OFFSET)
    assert overview.next_due is not None
    assert overview.next_due.due_at > NOW + timedelta(weeks=2)
    resumed = await plans.run(resume, NOW, ALICE, OFFSET)
    assert resumed.next_due is not None
    assert resumed.next_due.due_at < NOW + timedelta(days=2)


async def test_a_claim_is_taken_by_one_caller_only(plans: Units) -> None:
    await onboard(plans)
    later = NOW + timedelta(days=1, hours=8)
    async with plans() as first:
        a = await first.claims.claim_due(later, 10)
    async with plans() as second:
        b = await second.claims.claim_due(later, 10)
    assert len(a) == 1
    assert b == []


async def test_reports_are_stored_at_once_and_replaced_per_exercise(
    plans: Units, sessions: Units,
) -> None:
    await onboard(plans)
    view = await sessions.run(start_now, NOW, ALICE)
    first = await sessions.run(record, NOW, ALICE, view.session.id, lines("goblet 8 8 7",
                                                                          view.pending), 11)
    again = await sessions.run(record, NOW, ALICE, view.session.id, lines("goblet 3x8 @ 12kg",
                                                                          first.view.pending), 12)
    logged = {i.exercise.id: i.logged for i in again.view.items if i.logged}
    assert list(logged) == ["goblet_squat"]
    entry = logged["goblet_squat"]
    assert entry is not None
    assert entry.report == SetsReport(ReportKind.SETS, (8, 8, 8), load_kg=12.0)


async def test_undo_removes_only_the_newest_entry(
    plans: Units, sessions: Units,
) -> None:
    await onboard(plans)
    view = await sessions.run(start_now, NOW, ALICE)
    await sessions.run(record, NOW, ALICE, view.session.id, lines("sldl 8 8 8", view.pending), 1)
    await sessions.run(record, NOW, ALICE, view.session.id, lines("goblet 3x8", view.pending), 2)
    removed = await sessions.run(undo, NOW, ALICE)
    assert removed is not None
    assert removed.entry.exercise_id == "goblet_squat"
    after = await sessions.read(session_view, ALICE, view.session.id)
    assert [i.exercise.id for i in after.items if i.logged] == ["sldl"]


async def test_an_edited_message_replaces_what_it_stored(
    plans: Units, sessions: Units,
) -> None:
    await onboard(plans)
    view = await sessions.run(start_now, NOW, ALICE)
    await sessions.run(record, NOW, ALICE, view.session.id, lines("goblet 3x8 @ 37", view.pending),
                       7)
    result = await sessions.run(rerecord_lines, NOW, ALICE, 7, lines("goblet 3x8 @ 37.5",
                                                                     view.pending))
    assert result is not None
    assert [e.report.load_kg for e in result.stored] == [37.5]
    assert await sessions.run(rerecord_lines, NOW, ALICE, 999, []) is None


async def test_finishing_applies_double_progression(
    plans: Units, sessions: Units,
) -> None:
    await onboard(plans)
    view = await sessions.run(start_now, NOW, ALICE)
    await sessions.run(record, NOW, ALICE, view.session.id, # a load typed: this runner lifts
                          lines("goblet 3x8 @ 8kg\nsldl 4 4 6\nlunge 8 8 8",
                                view.pending), 1)
    done = await sessions.run(finish, NOW, ALICE, view.session.id)
    changes = {ex.id: d.change for ex, d in done.decisions}
    assert changes["goblet_squat"] is Change.UP
    assert changes["reverse_lunge"] is Change.HOLD  # body weight for two weeks first
    async with UnitOfWork(sessions.factory) as uow:
        goblet = await uow.targets.get(ALICE, "goblet_squat")
    assert goblet.load_kg > 0
    with pytest.raises(SessionClosed):
        await sessions.run(finish, NOW, ALICE, view.session.id)


async def test_with_auto_progression_off_targets_stay(
    plans: Units, sessions: Units,
) -> None:
    await onboard(plans)
    await plans.run(set_auto_progression, ALICE, False)
    view = await sessions.run(start_now, NOW, ALICE)
    await sessions.run(record, NOW, ALICE, view.session.id, lines("goblet 8 8 8", view.pending), 1)
    done = await sessions.run(finish, NOW, ALICE, view.session.id)
    assert not done.progressed
    async with UnitOfWork(sessions.factory) as uow:
        assert await uow.targets.get(ALICE, "goblet_squat") == Target()


async def test_a_session_of_someone_else_is_out_of_reach(
    plans: Units, sessions: Units,
) -> None:
    await onboard(plans, ALICE)
    await onboard(plans, BOB)
    view = await sessions.run(start_now, NOW, ALICE)
    with pytest.raises(NotYours):
        await sessions.read(session_view, BOB, view.session.id)
    with pytest.raises(NotYours):
        await sessions.run(record, NOW, BOB, view.session.id, lines("goblet 8 8 8", view.pending),
                           1)
    with pytest.raises(NotYours):
        await sessions.run(skip, NOW, BOB, view.session.id)
    with pytest.raises(NotYours):
        await sessions.run(snooze, NOW, BOB, view.session.id, timedelta(hours=1))


async def test_deleting_a_user_leaves_no_row_of_theirs(
    plans: Units, sessions: Units,
) -> None:
    await onboard(plans, ALICE)
    await onboard(plans, BOB)
    for user in (ALICE, BOB):
        view = await sessions.run(start_now, NOW, user)
        await sessions.run(record, NOW, user, view.session.id, lines("goblet 8 8 8", view.pending),
                           1)
        await sessions.run(finish, NOW, user, view.session.id)
        await plans.run(keep_draft, user, Draft(step="time", asked_at=NOW))  # /settings open
        await plans.run(move_run, NOW, user, 4, OFFSET)  # this week's run moved to Friday
    async with UnitOfWork(sessions.factory) as uow:
        assert await uow.reviews.seed_missing(NOW) == 2  # their weekly reviews
    await plans.run(delete_user, ALICE)
    async with UnitOfWork(sessions.factory) as uow:
        alice = await uow.users.row_counts(ALICE)
        bob = await uow.users.row_counts(BOB)
    assert set(alice) == {"users", "sessions", "entries", "targets", "drafts", "plan_moves",
                          "reviews", "questions", "notes"}
    assert all(count == 0 for count in alice.values()), alice
    assert all(bob[table] >= 1 for table in ("users", "sessions", "entries", "targets",
                                             "drafts")), bob

"""The session's life: states from the row's columns, transitions and their effects."""

from datetime import UTC, datetime, timedelta
from itertools import product

import pytest

from coach import session_life
from coach.exercises import by_id
from coach.progression import Change, Target
from coach.session_life import Life, Logged, SessionClosed, close, is_closed, life_of
from coach.sets import ReportKind, SetsReport
from coach.views import Delivery, Status

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


def test_every_pair_of_stored_columns_has_one_state() -> None:
    for delivery, status in product(Delivery, Status):
        assert isinstance(life_of(delivery.value, status.value), Life)


@pytest.mark.parametrize(("delivery", "status", "life"), [
    ("due", "planned", Life.DUE), ("claimed", "planned", Life.CLAIMED),
    ("sent", "open", Life.OPEN), ("missed", "open", Life.MISSED),
    ("failed", "planned", Life.FAILED), ("sent", "done", Life.DONE),
    ("cancelled", "skipped", Life.SKIPPED), ("none", "open", Life.OPEN),
])
def test_a_row_reads_as_the_state_the_runner_would_name(
        delivery: str, status: str, life: Life) -> None:
    assert life_of(delivery, status) is life


def test_only_done_and_skipped_sessions_are_closed() -> None:
    assert [s.value for s in Status if is_closed(s.value)] == ["done", "skipped"]


def test_a_report_opens_a_planned_session_and_leaves_an_open_one_as_it_is() -> None:
    assert session_life.report("planned").status == "open"
    assert session_life.report("open").status is None


@pytest.mark.parametrize("status", ["done", "skipped"])
def test_a_closed_session_refuses_reports_skips_and_snoozes(status: str) -> None:
    with pytest.raises(SessionClosed):
        session_life.report(status)
    with pytest.raises(SessionClosed):
        session_life.skip(status, "sent")
    with pytest.raises(SessionClosed):
        session_life.snooze(status, NOW, timedelta(hours=1))


def test_skipping_cancels_a_reminder_not_sent_yet_and_plans_the_next_session() -> None:
    move = session_life.skip("planned", "due")
    assert (move.status, move.delivery, move.plan_next) == ("skipped", "cancelled", True)
    assert session_life.skip("open", "sent").delivery == "sent"


def test_snoozing_makes_the_reminder_due_again_after_the_delay() -> None:
    move = session_life.snooze("open", NOW, timedelta(hours=1))
    assert (move.delivery, move.due_at) == ("due", NOW + timedelta(hours=1))


def test_closing_with_nothing_logged_skips_the_session_and_decides_nothing() -> None:
    closing = close([], auto_progression=True)
    assert (closing.status, closing.decisions, dict(closing.targets)) == ("skipped", (), {})


def test_closing_applies_progression_and_stamps_what_each_exercise_was_done_against() -> None:
    goblet, target = by_id("goblet_squat"), Target(3, 8, 12.0)
    closing = close([Logged(goblet, target, SetsReport(ReportKind.SETS, (8, 8, 8), load_kg=12.0))],
                    auto_progression=True)
    assert closing.status == "done"
    assert closing.stamps == {"goblet_squat": target}
    assert closing.decisions[0][1].change is Change.UP
    assert closing.targets["goblet_squat"].load_kg > 12.0


def test_with_auto_progression_off_closing_decides_but_changes_no_target() -> None:
    goblet = by_id("goblet_squat")
    closing = close([Logged(goblet, Target(3, 8, 12.0), SetsReport(ReportKind.AS_PLANNED))],
                    auto_progression=False)
    assert closing.decisions
    assert not closing.targets


def test_as_planned_counts_as_every_set_at_the_target() -> None:
    goblet, target = by_id("goblet_squat"), Target(3, 6, 12.0)
    decision = session_life.decide(goblet, target, SetsReport(ReportKind.AS_PLANNED))
    assert (decision.change, decision.target.reps) == (Change.MORE_REPS, 7)

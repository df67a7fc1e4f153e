"""New bests: the heaviest load for five or more reps, and the most reps at a load."""

from dataclasses import replace
from datetime import UTC, date, datetime

from coach.history import Done
from coach.records import Record, RecordKind, all_records, session_records

AT = datetime(2026, 11, 2, 18, tzinfo=UTC)


def done(session: int, exercise: str, reps: tuple[int, ...], load: float,
         left: tuple[int, ...] | None = None, right: tuple[int, ...] | None = None) -> Done:
    return Done(session, date(2026, 11, session), AT, exercise, reps, load, left, right)


def test_the_first_time_an_exercise_is_logged_sets_no_record() -> None:
    assert session_records([], [done(1, "goblet_squat", (8, 8, 8), 20.0)]) == []


def test_a_heavier_load_for_five_reps_is_a_new_best_and_four_reps_are_not() -> None:
    before = [done(1, "goblet_squat", (8, 8, 8), 10.0)]
    assert session_records(before, [done(2, "goblet_squat", (5, 4, 4), 12.0)]) == [
        Record("goblet_squat", RecordKind.HEAVIEST, "both", 12.0, 5, 10.0, 2)]
    assert session_records(before, [done(2, "goblet_squat", (4, 4, 4), 12.0)]) == []


def test_more_reps_at_a_load_already_lifted_is_a_new_best_once() -> None:
    history = [done(1, "goblet_squat", (6, 6, 5), 10.0), done(2, "goblet_squat", (7, 6, 6), 10.0),
               done(3, "goblet_squat", (7, 7, 7), 10.0)]
    assert all_records(history) == [
        Record("goblet_squat", RecordKind.MOST_REPS, "both", 10.0, 7, 6, 2)]


def test_records_are_kept_per_leg_for_one_leg_lifts() -> None:
    before = [done(1, "sldl", (6, 6, 6), 6.0, (8, 8, 8), (6, 6, 6))]
    now = [done(2, "sldl", (7, 7, 7), 6.0, (8, 8, 8), (7, 7, 7))]
    assert session_records(before, now) == [
        Record("sldl", RecordKind.MOST_REPS, "right", 6.0, 7, 6, 2)]


def test_a_report_without_sides_counts_for_each_leg() -> None:
    before = [done(1, "sldl", (8, 8, 8), 6.0)]
    now = [done(2, "sldl", (8, 8, 8), 6.0, (9, 8, 8), (8, 8, 8))]
    assert [r.side for r in session_records(before, now)] == ["left"]


def test_body_weight_reps_count_at_body_weight() -> None:
    before = [done(1, "step_up", (6, 6, 6), 0.0)]
    assert session_records(before, [done(2, "step_up", (8, 7, 7), 0.0)])[0].reps == 8


def test_records_compare_only_sessions_of_the_same_variant() -> None:
    base = done(1, "goblet_squat", (6, 6, 6), 16.0)
    harder = replace(done(2, "goblet_squat", (8, 8, 8), 16.0), variant="heels_raised")
    assert session_records([base], [harder]) == []
    again = replace(done(3, "goblet_squat", (8, 8, 8), 16.0), variant="heels_raised")
    assert [r.reps for r in session_records([base, harder], [again])] == []
    more = replace(done(4, "goblet_squat", (9, 8, 8), 16.0), variant="heels_raised")
    assert [(r.kind, r.reps, r.previous) for r in session_records([base, harder], [more])] == [
        (RecordKind.MOST_REPS, 9, 8)]


def test_a_day_the_coach_made_lighter_sets_no_record() -> None:
    before = [done(1, "goblet_squat", (5, 5, 5), 16.0)]
    trimmed = replace(done(2, "goblet_squat", (6, 6), 16.0), lighter=True)
    assert session_records(before, [trimmed]) == []

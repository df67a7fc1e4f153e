"""Chart data: a runner's history spelled out session by session, in the runner's unit."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from coach.concrete import DayTarget, concrete
from coach.history import Logged, Point, change_since, resolve, series, sessions_since, to_unit
from coach.progression import Target
from coach.reports import parse_sets

DAY = date(2026, 11, 2)


def logged(session: int, exercise: str, text: str, days: int = 0) -> Logged:
    day = DAY + timedelta(days=days)
    return Logged(session, day, datetime(day.year, day.month, day.day, 18, tzinfo=UTC),
                  exercise, parse_sets(text))


def test_as_planned_and_a_missing_load_are_read_from_the_replayed_target() -> None:
    history = resolve([
        logged(1, "goblet_squat", "done"),  # the first target: 3×6 at body weight
        logged(2, "goblet_squat", "8 8 8", 2),  # still at body weight: 8s move it up
        logged(3, "goblet_squat", "as planned", 4),  # 3×5 at the first load, 8 kg
        logged(4, "goblet_squat", "skip", 6),
    ])
    assert [(d.session_id, d.reps, d.load_kg) for d in history] == [
        (1, (6, 6, 6), 0.0), (2, (8, 8, 8), 0.0), (3, (5, 5, 5), 8.0)]


def test_history_comes_out_oldest_first_whatever_order_it_came_in() -> None:
    history = resolve([logged(2, "step_up", "3x8 @ 6kg", 3), logged(1, "step_up", "bw 8 8 8")])
    assert [d.session_id for d in history] == [1, 2]


def test_the_series_keeps_left_and_right_apart_and_marks_body_weight() -> None:
    history = resolve([logged(1, "sldl", "bw L 8 8 8 R 6 6 6"),
                       logged(2, "sldl", "L 8 8 8 R 8 8 7 @ 6kg", 3),
                       logged(2, "goblet_squat", "3x8 @ 10kg", 3)])
    chart = series(history, "sldl")
    assert chart.per_leg
    assert chart.points == (Point(DAY, 0.0, 6.0, True),
                            Point(DAY + timedelta(days=3), 6.0, 7.7, False))
    assert [p.reps for p in chart.left] == [8.0, 8.0]
    assert [p.reps for p in chart.right] == [6.0, 7.7]
    assert not series(history, "goblet_squat").per_leg


def test_loads_are_charted_in_the_runners_unit() -> None:
    chart = series(resolve([logged(1, "goblet_squat", "3x8 @ 16kg")]), "goblet_squat", "lb")
    assert (chart.unit, chart.points[0].load) == ("lb", 35.3)
    assert to_unit(16, "kg") == 16


def test_what_changed_since_a_day_compares_with_the_session_before_it() -> None:
    history = resolve([logged(1, "goblet_squat", "3x8 @ 10kg"),
                       logged(2, "goblet_squat", "3x6 @ 12kg", 10),
                       logged(3, "goblet_squat", "3x7 @ 12kg", 12)])
    change = change_since(history, "goblet_squat", DAY + timedelta(days=5))
    assert change is not None
    assert change.before is not None
    assert (change.sessions, change.before.load_kg, change.latest.reps) == (2, 10.0, (7, 7, 7))
    assert change_since(history, "goblet_squat", DAY + timedelta(days=20)) is None
    assert sessions_since(history, DAY + timedelta(days=5)) == 2


def stored(session: int, exercise: str, text: str, day: DayTarget, days: int = 0,
           stamp: Target | None = None) -> Logged:
    """An entry as the report service stores it: spelled out against the day's target."""
    row = logged(session, exercise, text, days)
    return replace(row, report=concrete(row.report, day), day_target=day, done_against=stamp)


def test_a_materialised_row_is_read_as_stored_whatever_a_replay_would_say() -> None:
    trimmed = DayTarget(2, 5, 16.0)  # heavy legs: one set fewer at the usual 16 kg
    history = resolve([
        stored(1, "goblet_squat", "3x5 @ 16kg", DayTarget(3, 5, 16.0)),
        stored(2, "goblet_squat", "done", trimmed, 2, stamp=Target(3, 5, 16.0)),
        stored(3, "reverse_lunge", "8 8 8", DayTarget(3, 6, 12.0), 4),
    ])
    assert [(d.reps, d.load_kg, d.lighter) for d in history] == [
        ((5, 5, 5), 16.0, False), ((5, 5), 16.0, True), ((8, 8, 8), 12.0, False)]


def test_a_legacy_row_with_a_close_stamp_is_filled_from_the_stamp_not_a_replay() -> None:
    row = replace(logged(1, "goblet_squat", "as planned"),
                  done_against=Target(3, 5, 12.0, "heels_raised"))
    (done,) = resolve([row])
    assert (done.reps, done.load_kg, done.variant) == ((5, 5, 5), 12.0, "heels_raised")


def test_a_legacy_row_without_a_stamp_still_falls_back_to_the_replay() -> None:
    history = resolve([logged(1, "goblet_squat", "3x8 @ 8kg"),
                       logged(2, "goblet_squat", "done", 2)])
    assert history[1].load_kg > 8.0  # the replay moved the load up after three eights
    assert history[1].reps == (5, 5, 5)


def test_the_variant_of_a_stored_row_is_its_days_variant() -> None:
    wall_sit = DayTarget(3, 30, 0.0, "Wall sit, high")
    (done,) = resolve([stored(1, "goblet_squat", "as planned", wall_sit)])
    assert (done.reps, done.load_kg, done.variant) == ((30, 30, 30), 0.0, "Wall sit, high")

"""Chart data: a runner's history spelled out session by session, in the runner's unit."""

from datetime import UTC, date, datetime, timedelta

from coach.history import Logged, Point, change_since, resolve, series, sessions_since, to_unit
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

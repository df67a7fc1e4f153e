"""Left and right: a gap is told only when three of the last four sessions show it."""

from datetime import UTC, date, datetime, timedelta

from coach.history import Done
from coach.legs import leg_note

DAY = date(2026, 10, 1)


def sessions(*rights: int, left: int = 8) -> list[Done]:
    """One-leg sessions: the left leg does `left` reps a set, the right leg the given reps."""
    out = []
    for number, right in enumerate(rights):
        day = DAY + timedelta(days=3 * number)
        at = datetime(day.year, day.month, day.day, tzinfo=UTC)
        out.append(Done(number, day, at, "sldl", (min(left, right),) * 3, 6.0, (left,) * 3,
                        (right,) * 3))
    return out


def test_one_session_with_a_gap_is_not_a_pattern() -> None:
    assert leg_note(sessions(6), "sldl") is None
    assert leg_note(sessions(8, 8, 6, 8, 6), "sldl") is None  # two of the last four


def test_three_gaps_in_four_sessions_name_the_side_and_since_when() -> None:
    note = leg_note(sessions(8, 6, 6, 8, 6), "sldl")
    assert note is not None
    assert (note.weaker, note.since) == ("right", DAY + timedelta(days=3))


def test_the_run_of_gaps_is_followed_back_to_its_first_session() -> None:
    note = leg_note(sessions(8, 6, 6, 6, 6, 6), "sldl")
    assert note is not None
    assert note.since == DAY + timedelta(days=3)


def test_a_shrinking_gap_is_closing_and_a_growing_one_is_not() -> None:
    closing = leg_note(sessions(5, 6, 7), "sldl")
    growing = leg_note(sessions(7, 6, 5), "sldl")
    assert closing is not None
    assert growing is not None
    assert (closing.closing, growing.closing) == (True, False)
    assert round(closing.first_gap, 3) == 0.375


def test_a_gap_that_vanished_last_time_is_shown_as_closed() -> None:
    note = leg_note(sessions(6, 6, 6, 8), "sldl")
    assert note is not None
    assert (note.latest_gap, note.closing) == (0.0, True)


def test_the_left_leg_can_lag_too() -> None:
    note = leg_note(sessions(8, 8, 8, left=6), "sldl")
    assert note is not None
    assert note.weaker == "left"

import contextlib
from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.times import TimeNotUnderstood, parse_time_of_day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18:30", time(18, 30)),
        ("1830", time(18, 30)),
        ("7:05", time(7, 5)),
        ("18h30", time(18, 30)),
        ("18.30", time(18, 30)),
        ("6:30pm", time(18, 30)),
        ("6:30 PM", time(18, 30)),
        ("7 am", time(7, 0)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("0:00", time(0, 0)),
        (" 23:59 ", time(23, 59)),
        ("18", time(18, 0)),
    ],
)
def test_common_ways_of_writing_a_time_are_understood(text: str, expected: time) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize("text", ["", "24:00", "18:60", "13pm", "evening", "18:3", "1:2:3"])
def test_something_that_is_not_a_time_is_refused(text: str) -> None:
    with pytest.raises(TimeNotUnderstood):
        parse_time_of_day(text)


@given(st.text())
def test_parsing_a_time_never_raises_anything_else(text: str) -> None:
    with contextlib.suppress(TimeNotUnderstood):
        parse_time_of_day(text)


@given(st.integers(0, 23), st.integers(0, 59))
def test_every_clock_time_round_trips(hour: int, minute: int) -> None:
    assert parse_time_of_day(f"{hour:02d}:{minute:02d}") == time(hour, minute)

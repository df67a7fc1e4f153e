import contextlib
from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.times import TimeNotUnderstood, TimeQuestion, parse_time_of_day, understand_time


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


# --- times said in words --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("I finish around 7 in the evening", time(19)), ("around 7pm", time(19)),
     ("7 in the evening", time(19)), ("half past 6 pm", time(18, 30)), ("07:15", time(7, 15)),
     ("18:30", time(18, 30)), ("quarter to seven in the evening", time(18, 45)),
     ("10 at night", time(22)), ("around 6:30 in the morning", time(6, 30)),
     ("noon", time(12)), ("seven pm", time(19)), ("at 7.30pm", time(19, 30))],
)
def test_times_said_in_words_are_read(text: str, expected: time) -> None:
    assert understand_time(text) == expected


@pytest.mark.parametrize(
    ("text", "options"),
    [("7", (time(7), time(19))), ("half six", (time(6, 30), time(18, 30))),
     ("7:05", (time(7, 5), time(19, 5)))],
)
def test_a_time_that_could_be_morning_or_evening_is_asked(
    text: str, options: tuple[time, ...],
) -> None:
    assert understand_time(text) == TimeQuestion(text, options)


def test_an_earlier_answer_settles_morning_or_evening() -> None:
    assert understand_time("7", near=time(18, 30)) == time(19)
    assert understand_time("7", near=time(6, 30)) == time(7)


def test_after_work_asks_with_times_to_pick() -> None:
    found = understand_time("after work")
    assert isinstance(found, TimeQuestion)
    assert time(18) in found.options


@pytest.mark.parametrize("text", ["hello", "25", "24:00", "tomorrow"])
def test_something_that_is_no_time_is_refused(text: str) -> None:
    with pytest.raises(TimeNotUnderstood):
        understand_time(text)

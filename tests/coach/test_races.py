"""Races as runners tell them, read against the runner's local today."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.races import (
    Distance,
    Race,
    RaceInPast,
    RaceWithoutDate,
    read_race,
    read_race_command,
)

TODAY = date(2026, 11, 29)  # a Sunday


@pytest.mark.parametrize(("text", "expected"), [
    ("half marathon on 13 December", Race(date(2026, 12, 13), Distance.HALF)),
    ("I have a half marathon on Sunday", Race(date(2026, 12, 6), Distance.HALF)),
    ("10k race next Sunday", Race(date(2026, 12, 6), Distance.TEN_K)),
    ("marathon 2027-04-18", Race(date(2027, 4, 18), Distance.MARATHON)),
    ("Running a 5K parkrun on Saturday!", Race(date(2026, 12, 5), Distance.FIVE_K)),
    ("big race on March 3rd", Race(date(2027, 3, 3), Distance.RACE)),
    ("half-marathon 13/12", Race(date(2026, 12, 13), Distance.HALF)),
    ("marathon in 3 weeks", Race(date(2026, 12, 20), Distance.MARATHON)),
    ("10 km race tomorrow", Race(date(2026, 11, 30), Distance.TEN_K)),
])
def test_a_race_told_in_plain_words_has_its_date_and_distance(text: str,
                                                              expected: Race) -> None:
    assert read_race(text, TODAY) == expected


def test_a_day_and_month_already_past_this_year_means_next_year() -> None:
    assert read_race("marathon on 1 November", TODAY) == Race(date(2027, 11, 1),
                                                              Distance.MARATHON)


def test_a_race_without_a_date_is_asked_about() -> None:
    assert read_race("I'm training for a marathon", TODAY) == RaceWithoutDate(
        Distance.MARATHON)


def test_a_date_before_today_is_not_taken() -> None:
    assert isinstance(read_race("marathon 2026-04-18", TODAY), RaceInPast)


@pytest.mark.parametrize("text", [
    "ran a 10k today", "did a half marathon yesterday", "race pace intervals on Tuesday",
    "goblet 3x8 @ 10kg", "hard run moved to Thursday", "all done", "5kg calf raise 8 8 8",
    "half the sets were hard", "legs feel heavy",
])
def test_talk_that_tells_no_race_is_left_to_the_other_readers(text: str) -> None:
    assert read_race(text, TODAY) is None


@pytest.mark.parametrize(("args", "expected"), [
    (["2026-12-13", "half"], Race(date(2026, 12, 13), Distance.HALF)),
    (["half", "2026-12-13"], Race(date(2026, 12, 13), Distance.HALF)),
    (["2027-04-18", "marathon"], Race(date(2027, 4, 18), Distance.MARATHON)),
    (["2026-12-20"], Race(date(2026, 12, 20), Distance.RACE)),
    (["10k", "13", "dec"], Race(date(2026, 12, 13), Distance.TEN_K)),
])
def test_the_race_command_takes_a_date_and_a_distance_in_any_order(
        args: list[str], expected: Race) -> None:
    assert read_race_command(args, TODAY) == expected


def test_the_race_command_without_arguments_reads_nothing() -> None:
    assert read_race_command([], TODAY) is None


@given(st.text(max_size=300))
def test_the_race_reader_never_fails_and_never_reads_a_date_in_the_past(text: str) -> None:
    told = read_race(text, TODAY)
    if isinstance(told, Race):
        assert told.race_date >= TODAY

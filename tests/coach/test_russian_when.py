# ruff: noqa: RUF001 (Russian phrasings are what is tested)
"""Days, times, runs and races told in Russian (coach.russian_when, through the readers)."""

from contextlib import suppress
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.days import DaysNotUnderstood, parse_days
from coach.races import Distance, Race, RaceWithoutDate, read_race
from coach.russian_when import days_words, run_words, time_words
from coach.times import TimeNotUnderstood, TimeQuestion, understand_time
from coach.week_talk import RanHardToday, RunMoved, read_week_talk

TODAY = date(2026, 12, 5)  # a Saturday


@pytest.mark.parametrize(("text", "days"), [
    ("вт и чт", {1, 3}), ("по выходным", {5, 6}), ("пн ср пт", {0, 2, 4}),
    ("каждый день кроме воскресенья", {0, 1, 2, 3, 4, 5}), ("по будням", {0, 1, 2, 3, 4}),
    ("с понедельника по пятницу", {0, 1, 2, 3, 4}), ("по вторникам и четвергам", {1, 3}),
    ("среда, суббота", {2, 5}), ("во вторник и в пятницу", {1, 4}), ("Пн, Чт", {0, 3}),
    ("со вторника по четверг", {1, 2, 3}), ("пн-пт", {0, 1, 2, 3, 4}), ("Вт/Чт", {1, 3}),
    ("по будням кроме среды", {0, 1, 3, 4}), ("по средам и субботам", {2, 5}),
])
def test_training_days_in_russian(text: str, days: set[int]) -> None:
    assert parse_days(text) == frozenset(days)


@pytest.mark.parametrize(("text", "expected"), [
    ("в 7 вечера", time(19)), ("в 7 утра", time(7)), ("в 19:00", time(19)),
    ("в семь вечера", time(19)), ("в 11 ночи", time(23)), ("в 2 часа дня", time(14)),
    ("в час дня", time(13)), ("в половине восьмого утра", time(7, 30)),
    ("в 6:30 утра", time(6, 30)), ("около семи вечера", time(19)),
    ("в шесть тридцать вечера", time(18, 30)), ("в 19 30", time(19, 30)),
    ("часов в 7 вечера", time(19)), ("в 18 часов", time(18)),
])
def test_clock_times_in_russian(text: str, expected: time) -> None:
    assert understand_time(text) == expected


def test_a_bare_hour_or_a_vague_time_is_asked_about() -> None:
    assert understand_time("в 7") == TimeQuestion("в 7", (time(7), time(19)))
    assert isinstance(understand_time("после работы"), TimeQuestion)
    assert isinstance(understand_time("утром"), TimeQuestion)
    assert understand_time("в полседьмого") == TimeQuestion("в полседьмого",
                                                             (time(6, 30), time(18, 30)))


@pytest.mark.parametrize(("text", "day", "distance"), [
    ("полумарафон 12 апреля", date(2027, 4, 12), Distance.HALF),
    ("марафон 3 мая", date(2027, 5, 3), Distance.MARATHON),
    ("забег 10 км 20 декабря", date(2026, 12, 20), Distance.TEN_K),
    ("10 км через 3 недели", date(2026, 12, 26), Distance.TEN_K),
    ("забег 5 км в субботу", date(2026, 12, 12), Distance.FIVE_K),
    ("полумарафон через месяц", date(2027, 1, 4), Distance.HALF),
    ("старт 1 сентября", date(2027, 9, 1), Distance.RACE),
    ("марафон в феврале, 15 февраля", date(2027, 2, 15), Distance.MARATHON),
    ("полумарафон 1-го мая", date(2027, 5, 1), Distance.HALF),
    ("трейл 30 км 3 июня", date(2027, 6, 3), Distance.RACE),
    ("через две недели десятка", date(2026, 12, 19), Distance.TEN_K),
])
def test_races_in_russian(text: str, day: date, distance: Distance) -> None:
    assert read_race(text, TODAY) == Race(day, distance)


def test_a_race_month_alone_asks_the_date_and_a_race_run_is_none() -> None:
    assert read_race("марафон в мае", TODAY) == RaceWithoutDate(Distance.MARATHON)
    assert read_race("пробежал полумарафон вчера", TODAY) is None
    assert read_race("гоблет 3х8", TODAY) is None


def test_month_names_in_any_case_from_the_locale_data() -> None:
    for text in ("мая", "мае", "май", "маем"):
        assert run_words(text) == "may"
    assert run_words("января январь январе янв.") == "january january january january"


def test_runs_moved_or_done_in_russian() -> None:
    assert read_week_talk("интервалы перенёс на четверг") == RunMoved(3)
    assert read_week_talk("тяжёлую пробежку перенес на завтра") == RunMoved(None)
    assert read_week_talk("сегодня бегал интервалы") == RanHardToday()
    assert read_week_talk("сегодня была тяжёлая тренировка") == RanHardToday()
    assert read_week_talk("интервалы будут в пятницу") == RunMoved(4)
    assert read_week_talk("перенёс интервалы на четверг") == RunMoved(3)
    assert read_week_talk("гоблет 3х8") is None


@settings(deadline=None)
@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя 0123456789:.,-", max_size=60))
def test_russian_text_never_breaks_the_readers(text: str) -> None:
    with suppress(DaysNotUnderstood):
        parse_days(text)
    with suppress(TimeNotUnderstood):
        understand_time(text)
    read_race(text, TODAY)
    read_week_talk(text)


def test_english_comes_back_unchanged() -> None:
    for words in (days_words, time_words, run_words):
        assert words("Tues and Thurs at 7pm, half marathon 12 April") == \
            "Tues and Thurs at 7pm, half marathon 12 April"


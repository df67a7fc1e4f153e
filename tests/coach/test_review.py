"""Weekly review content: honest counts, the streak, load changes, and when it is due."""

from datetime import UTC, date, datetime, timedelta

import pytest

from coach.history import Done
from coach.review import (
    LoadChange,
    SessionMark,
    WeekTally,
    load_changes,
    next_review_at,
    streak,
    tally,
    week_of,
)

TUE, THU, SAT = date(2026, 11, 24), date(2026, 11, 26), date(2026, 11, 28)


def mark(day: date, *, scheduled: bool = True, done: bool = False,
         skipped: bool = False) -> SessionMark:
    return SessionMark(day, scheduled, done, skipped)


def test_every_planned_session_done_is_counted_as_such() -> None:
    marks = [mark(TUE, done=True), mark(THU, done=True)]
    assert tally([TUE, THU], marks) == WeekTally(2, 2, 0, 0, 0)


def test_skipped_and_missed_sessions_count_honestly() -> None:
    marks = [mark(TUE, skipped=True), mark(THU)]  # Thursday reminded, never logged
    assert tally([TUE, THU, SAT], marks) == WeekTally(3, 0, 1, 2, 0)


def test_an_off_schedule_session_stands_in_for_a_missed_one_and_extras_are_extra() -> None:
    marks = [mark(TUE, done=True), mark(date(2026, 11, 27), scheduled=False, done=True),
             mark(SAT, scheduled=False, done=True)]
    assert tally([TUE, THU], marks) == WeekTally(2, 2, 0, 0, 1)


def test_the_streak_counts_full_weeks_back_and_a_pause_does_not_break_it() -> None:
    full, empty, short = WeekTally(2, 2, 0, 0, 0), WeekTally(0, 0, 0, 0, 0), WeekTally(
        2, 1, 1, 0, 0)
    assert streak([full, full, empty, full, short, full]) == 3
    assert streak([short, full]) == 0


def test_load_changes_compare_the_week_with_the_session_before_it() -> None:
    def done(day: date, exercise: str, load: float) -> Done:
        return Done(day.day, day, datetime(2026, 11, day.day, tzinfo=UTC), exercise, (8,), load)

    history = [done(date(2026, 11, 19), "goblet_squat", 10.0),
               done(TUE, "goblet_squat", 12.0), done(date(2026, 11, 19), "step_up", 6.0),
               done(THU, "step_up", 6.0), done(THU, "sldl", 6.0)]
    first, _ = week_of(date(2026, 11, 29))
    assert load_changes(history, first, ["sldl", "goblet_squat", "step_up"]) == [
        LoadChange("goblet_squat", 10.0, 12.0)]


def test_the_review_stays_at_seven_in_the_evening_local_across_both_dst_changes() -> None:
    berlin = "Europe/Berlin"
    october = next_review_at(6, 19 * 60, berlin, datetime(2026, 10, 20, tzinfo=UTC))
    assert october == datetime(2026, 10, 25, 18, 0, tzinfo=UTC)  # back to CET that morning
    march = next_review_at(6, 19 * 60, berlin, datetime(2027, 3, 22, tzinfo=UTC))
    assert march == datetime(2027, 3, 28, 17, 0, tzinfo=UTC)  # CEST since 02:00
    assert next_review_at(6, 19 * 60, berlin, october) == datetime(
        2026, 11, 1, 18, 0, tzinfo=UTC)


def test_a_review_time_lost_to_spring_forward_moves_to_the_end_of_the_gap() -> None:
    due = next_review_at(6, 2 * 60 + 30, "Europe/Berlin", datetime(2027, 3, 27, tzinfo=UTC))
    assert due == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)  # 03:00 CEST


def test_a_weekday_or_time_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="weekday"):
        next_review_at(7, 0, "UTC", datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="minutes"):
        next_review_at(0, 24 * 60, "UTC", datetime(2026, 1, 1, tzinfo=UTC))
    assert week_of(SAT) == (SAT - timedelta(days=6), SAT)

"""Reading what runners say about this week's runs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.week_talk import RanHardToday, RunMoved, read_week_talk


@pytest.mark.parametrize("text", [
    "ran hard today", "Did intervals this morning", "tempo run done", "I ran 10k today",
    "hill repeats done", "did my long run", "Just finished my tempo", "track workout done 💪",
])
def test_a_hard_run_done_today_is_recognised(text: str) -> None:
    assert read_week_talk(text) == RanHardToday()


@pytest.mark.parametrize(("text", "weekday"), [
    ("hard run moved to Thursday", 3), ("long run on Sunday this week", 6),
    ("Intervals moved to tues", 1), ("tempo is on wed this week", 2),
    ("my long run will be on Saturday", 5), ("hard run moved to tomorrow", None),
])
def test_a_moved_run_names_its_new_day(text: str, weekday: int | None) -> None:
    assert read_week_talk(text) == RunMoved(weekday)


@pytest.mark.parametrize("text", [
    "goblet 3x8", "done", "all done", "8 8 8", "I did 8, 8 and 7 on the squat", "skip",
    "did squats after my run", "step up 3x8 done", "intervals tomorrow", "my knee hurts",
    "calf skip, achilles sore", "going to run hard later", "",
    "ran hard today and my knee hurts",
])
def test_rep_reports_and_plans_are_not_week_talk(text: str) -> None:
    assert read_week_talk(text) is None


@given(st.text(max_size=300))
def test_any_text_reads_as_week_talk_or_nothing_without_error(text: str) -> None:
    assert read_week_talk(text) in (None, RanHardToday(), *(RunMoved(d) for d in
                                                            (None, 0, 1, 2, 3, 4, 5, 6)))

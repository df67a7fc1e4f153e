"""The onboarding and /settings table: each answer leads to the right next question."""

from datetime import time

from hypothesis import given
from hypothesis import strategies as st

from coach.days import DaysNotUnderstood
from coach.draft import Draft
from coach.steps import (
    SETTINGS,
    STEPS,
    Ask,
    Done,
    Ignored,
    Located,
    Picked,
    Save,
    Shown,
    Toggled,
    Typed,
    Unclear,
    after,
    editing,
    missing,
    take,
)
from coach.times import TimeQuestion

DAYS = st.sets(st.integers(0, 6))


def test_the_questions_come_in_order_hard_cross_time_zone_then_save() -> None:
    assert list(STEPS) == ["hard", "cross", "time", "tz"]
    assert [after(STEPS[key]) for key in STEPS] == ["time", "time", "tz", "save"]


def test_toggling_a_day_twice_leaves_it_unchosen() -> None:
    once = take(Draft(), "hard", Toggled(2))
    assert isinstance(once, Shown)
    assert once.draft.hard == {2}
    assert not once.typed
    twice = take(once.draft, "hard", Toggled(2))
    assert isinstance(twice, Shown)
    assert twice.draft.hard == set()


def test_typed_days_are_shown_back_and_cross_days_never_repeat_hard_days() -> None:
    hard = take(Draft(), "hard", Typed("tue and thu"))
    assert isinstance(hard, Shown)
    assert (hard.draft.hard, hard.typed) == ({1, 3}, True)
    cross = take(hard.draft, "cross", Typed("tue and sat"))
    assert isinstance(cross, Shown)
    assert cross.draft.cross == {5}


def test_words_that_are_not_days_are_unclear_and_change_nothing() -> None:
    route = take(Draft(hard={1}), "hard", Typed("whenever"), "whenever")
    assert isinstance(route, Unclear)
    assert isinstance(route.problem, DaysNotUnderstood)


def test_one_hard_day_on_a_first_pass_asks_for_cross_training_days() -> None:
    route = take(Draft(hard={2}, cross={2, 4}), "hard", Done())
    assert isinstance(route, Ask)
    assert (route.draft.step, route.note) == ("cross", None)
    assert route.draft.cross == {4}, "a hard day is not also a cross-training day"


def test_back_to_back_hard_days_are_told_and_offered_a_cross_training_day() -> None:
    route = take(Draft(hard={5, 6}), "hard", Done())
    assert isinstance(route, Ask)
    assert (route.draft.step, route.note, route.replaces) == ("cross", "back_to_back", False)


def test_two_hard_days_apart_go_straight_to_the_run_time() -> None:
    route = take(Draft(hard={1, 3}), "hard", Done())
    assert isinstance(route, Ask)
    assert route.draft.step == "time"


def test_fewer_than_two_days_ask_again_instead_of_the_question() -> None:
    route = take(Draft(step="cross", hard={2}), "cross", Done())
    assert isinstance(route, Ask)
    assert (route.draft.step, route.note, route.replaces) == ("cross", "need_two", True)


def test_a_single_edit_from_settings_saves_at_the_first_answer() -> None:
    draft = editing("days", Draft(hard={1, 3}, run_end=time(18), tz="UTC"))
    route = take(draft, "hard", Done())
    assert isinstance(route, Save)
    assert editing("all", draft).single is False
    assert set(SETTINGS.values()) <= set(STEPS)


def test_a_run_time_is_noted_and_a_maybe_morning_time_is_asked_about() -> None:
    route = take(Draft(step="time"), "time", Typed("18:30"))
    assert isinstance(route, Ask)
    assert (route.draft.run_end, route.draft.step, route.noted) == (time(18, 30), "tz", "time")
    unclear = take(Draft(step="time"), "time", Typed("7"), "7")
    assert isinstance(unclear, Unclear)
    assert isinstance(unclear.problem, TimeQuestion)


def test_a_zone_is_taken_only_while_the_zone_question_is_open() -> None:
    asked = Draft(step="tz", hard={1, 3}, run_end=time(18))
    assert isinstance(take(asked, "tz", Picked("Europe/Berlin")), Save)
    assert isinstance(take(asked, "tz", Picked("Mars/Olympus")), Ignored)
    assert isinstance(take(Draft(step="time"), "tz", Picked("Europe/Berlin")), Ignored)
    located = take(asked, "tz", Located(52.52, 13.40))
    assert isinstance(located, Save)
    assert located.draft.tz == "Europe/Berlin"


def test_answers_a_step_does_not_take_are_ignored() -> None:
    assert isinstance(take(Draft(step="time"), "time", Done()), Ignored)
    assert isinstance(take(Draft(), "hard", Located(0, 0)), Ignored)
    assert isinstance(take(Draft(), "equipment", Done()), Ignored)


def test_a_save_lacking_an_answer_names_the_question_to_ask() -> None:
    assert missing(Draft(tz="UTC")) == "time"
    assert missing(Draft(run_end=time(7))) == "tz"
    assert missing(Draft(run_end=time(7), tz="UTC")) is None


@given(hard=DAYS, cross=DAYS, single=st.booleans(), step=st.sampled_from(["hard", "cross"]))
def test_days_never_move_on_with_fewer_than_two_days(
    hard: set[int], cross: set[int], single: bool, step: str,
) -> None:
    route = take(Draft(step=step, hard=hard, cross=cross, single=single), step, Done())
    assert isinstance(route, Ask | Save)
    if isinstance(route, Save) or route.draft.step == "time":
        assert len(route.draft.hard | route.draft.cross) >= 2


def test_every_step_has_its_words_and_keyboard_in_the_bot() -> None:
    from bot.onboarding import KEYBOARDS, QUESTIONS

    assert set(STEPS) == set(QUESTIONS) == set(KEYBOARDS)

"""Whole-session talk and corrections (coach/talk.py) and the questions answered in a
session (coach/questions.py)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.progression import Target
from coach.questions import Card, HowTo, Next, Rest, Swap, answer
from coach.reports import ReportKind, SetsReport
from coach.talk import (
    corrected_inside,
    except_planned,
    last_set_to,
    read_correction,
    same_as_last,
)
from coach.understand import Context, understand

CARD = Card(("reverse_lunge", "eccentric_calf_raise", "step_up"),
            {"reverse_lunge": Target(3, 8, 10.0), "step_up": Target(3, 6, 8.0, "tempo")})


@pytest.mark.parametrize(("text", "rest"), [
    ("all as planned apart from step ups 7 7 6", "step ups 7 7 6"),
    ("Everything as planned except for lunges 8 8 6", "lunges 8 8 6"),
    ("everything went to plan but calf skipped", "calf skipped"),
    ("step ups 7 7 6, everything else as planned", "step ups 7 7 6"),
])
def test_the_exception_of_all_as_planned_is_found(text: str, rest: str) -> None:
    assert except_planned(text) == rest


@pytest.mark.parametrize("text", ["all as planned", "all as planned except the weather",
                                  "goblet 3x8", "as planned"])
def test_no_exception_without_an_exercise(text: str) -> None:
    assert except_planned(text) is None


def test_the_exception_is_stored_as_typed_and_the_rest_as_planned() -> None:
    reading = understand("all as planned apart from step ups 7 7 6", Context())
    kinds = {line.exercise_id: line.sets.kind for line in reading.lines}
    assert kinds.pop("step_up") is ReportKind.SETS
    assert set(kinds.values()) == {ReportKind.AS_PLANNED}
    assert len(kinds) == 4


def test_a_doubtful_exception_stores_nothing() -> None:
    reading = understand("all as planned except goblet 8 8 8 @ 200kg",
                         Context(targets={"goblet_squat": Target(3, 8, 20.0)},
                                 last_loads={"goblet_squat": 20.0}))
    assert reading.lines == ()
    assert reading.problems


@pytest.mark.parametrize("text", ["same as last time", "did the same as last session",
                                  "Same as last time 👍", "exactly the same as last week"])
def test_same_as_last_time_is_recognised(text: str) -> None:
    assert same_as_last(text)


def test_same_as_last_time_asks_with_last_session_numbers() -> None:
    last = {"sldl": SetsReport(ReportKind.SETS, (8, 8, 7), load_kg=12.0)}
    reading = understand("same as last time", Context(last=last))
    assert reading.lines == ()
    (question,) = reading.questions
    assert [(line.exercise_id, line.sets) for line in question.choices[0].lines] == [
        ("sldl", last["sldl"])]
    assert understand("same as last time", Context()).problems  # nothing to copy


@pytest.mark.parametrize(("text", "fixed"), [
    ("goblet 8 8 8, actually 8 8 7", "goblet 8 8 7"),
    ("lunges 8 8 8 oops 8 8 7", "lunges 8 8 7"),
    ("goblet 8 8 8, I meant lunges 8 8 8", "lunges 8 8 8"),
])
def test_a_correction_inside_one_message_keeps_the_later_numbers(text: str,
                                                                 fixed: str) -> None:
    assert corrected_inside(text) == fixed


@pytest.mark.parametrize("text", ["goblet 3x8", "actually 8 8 7", "goblet felt good actually"])
def test_no_correction_inside(text: str) -> None:
    assert corrected_inside(text) is None


def test_corrections_in_the_next_message() -> None:
    assert read_correction("actually 8 8 7") == read_correction("Oops, 8 8 7")
    fixed = read_correction("I meant goblet 8 8 7")
    assert fixed is not None
    assert fixed.exercise_id == "goblet_squat"
    last = read_correction("wait, last set of lunges was 6")
    assert last is not None
    assert (last.exercise_id, last.last_set) == ("reverse_lunge", 6)
    spoken = read_correction("correction: last set was six")
    assert spoken is not None
    assert (spoken.exercise_id, spoken.last_set) == (None, 6)
    for not_one in ("actually it was fine", "wait what", "goblet 8 8 7", "sorry"):
        assert read_correction(not_one) is None


def test_last_set_to_changes_only_the_last_set() -> None:
    per_leg = SetsReport(ReportKind.SETS, (8, 8, 8), (8, 8, 8), (8, 8, 8), 10.0)
    changed = last_set_to(per_leg, 6)
    assert changed == SetsReport(ReportKind.SETS, (8, 8, 6), (8, 8, 6), (8, 8, 6), 10.0)
    assert last_set_to(SetsReport(ReportKind.SKIPPED), 6) is None
    planned = SetsReport(ReportKind.AS_PLANNED, (6, 6, 6), load_kg=0.0)
    assert last_set_to(planned, 5) == SetsReport(ReportKind.SETS, (6, 6, 5), load_kg=0.0)


def test_same_as_last_time_copies_numbers_not_the_plan_and_leaves_skips_out() -> None:
    last = {"sldl": SetsReport(ReportKind.AS_PLANNED, (6, 6, 6), load_kg=0.0),
            "goblet_squat": SetsReport(ReportKind.SKIPPED)}
    (question,) = understand("same as last time", Context(last=last)).questions
    assert [(line.exercise_id, line.sets) for line in question.choices[0].lines] == [
        ("sldl", SetsReport(ReportKind.SETS, (6, 6, 6), load_kg=0.0))]


def test_questions_are_answered_from_the_coach_rules() -> None:
    rest = answer("how long should I rest?", CARD)
    assert rest == Rest(120, 60, None)
    assert answer("how long should I rest between lunge sets?", CARD) == Rest(120, 60, True)
    nxt = answer("what's next?", CARD)
    assert isinstance(nxt, Next)
    assert nxt.exercise is not None
    assert (nxt.exercise.id, nxt.target) == ("reverse_lunge", Target(3, 8, 10.0))
    assert answer("what's next?", Card()) == Next(None)
    how = answer("how do I do step ups?", CARD)
    assert isinstance(how, HowTo)
    assert how.name == "Step-up, slow down"


def test_swaps_offer_the_ladder_up_to_one_past_today_and_no_jumps() -> None:
    swap = answer("what can I do instead of lunges?", CARD)
    assert isinstance(swap, Swap)
    assert swap.exercise.id == "reverse_lunge"
    assert [v.name for v in swap.options] == ["Tempo reverse lunge"]
    bench = answer("can I do step ups on a bench?", CARD)
    assert isinstance(bench, Swap)
    assert bench.on == "bench"
    assert [v.name for v in bench.options] == ["Step-up", "High step-up"]
    assert not any(v.plyo for v in bench.options)


@pytest.mark.parametrize("text", ["goblet 3x8", "did 8 8 8 on lunges", "rest as planned",
                                  "rest skipped", "step ups are hard", "what a session",
                                  "how's it going?"])
def test_reports_and_chat_are_not_questions(text: str) -> None:
    assert answer(text, CARD) is None


QUESTIONS = [
    ("how long should I rest?", Rest), ("how long between sets?", Rest),
    ("rest between sets?", Rest), ("what's next?", Next), ("what's left?", Next),
    ("what now?", Next), ("can I do step ups on a bench?", Swap),
    ("what can I do instead of lunges?", Swap), ("any alternative to calf raises?", Swap),
    ("can I swap the goblet squat?", Swap), ("how do I do a single leg deadlift?", HowTo),
    ("how do I do heel drops?", HowTo), ("how should I do the step ups?", HowTo),
]


@pytest.mark.parametrize(("text", "kind"), QUESTIONS)
def test_questions_are_recognised_and_never_read_as_reports(text: str, kind: type) -> None:
    assert isinstance(answer(text, CARD), kind)
    reading = understand(text, Context())
    assert reading.lines == ()
    assert reading.questions == ()


def test_a_swap_is_about_the_exercise_replaced() -> None:
    swap = answer("can I do lunges instead of step ups?", CARD)
    assert isinstance(swap, Swap)
    assert swap.exercise.id == "step_up"


NAMES = {"sldl": "sldl", "goblet_squat": "goblet", "reverse_lunge": "lunge",
         "eccentric_calf_raise": "calf", "step_up": "step up"}


@given(st.sampled_from(sorted(NAMES)), st.lists(st.integers(1, 12), min_size=2, max_size=4),
       st.lists(st.integers(1, 12), min_size=2, max_size=4),
       st.sampled_from([", actually", " oops", ", I meant", " — wait,", "; sorry"]))
def test_the_later_numbers_of_a_line_always_win(exercise: str, first: list[int],
                                                  second: list[int], fix: str) -> None:
    typed = " ".join(map(str, first)), " ".join(map(str, second))
    reading = understand(f"{NAMES[exercise]} {typed[0]}{fix} {typed[1]}", Context())
    assert [(line.exercise_id, line.sets.reps) for line in reading.lines] in (
        [(exercise, tuple(second))], [])  # stored as corrected, or asked: never the first
    assert reading.lines or reading.questions or reading.problems


@given(st.lists(st.integers(1, 12), min_size=1, max_size=5), st.integers(1, 12))
def test_last_set_changes_nothing_else(reps: list[int], last: int) -> None:
    changed = last_set_to(SetsReport(ReportKind.SETS, tuple(reps), load_kg=8.0), last)
    assert changed == SetsReport(ReportKind.SETS, (*reps[:-1], last), load_kg=8.0)

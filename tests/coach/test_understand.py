"""coach.understand beyond the corpus: it never raises, and questions never store."""

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus import LOADED
from coach.plausible import oddity
from coach.progression import Target
from coach.reports import ReportKind, SetsReport
from coach.understand import Context, Question, understand
from coach.units import read_load, show_load

LABELS = st.sampled_from(["goblet", "sldl", "lunge", "calf", "step up", "1", "2.", "#5", "",
                          "all", "skip", "my knee hurts", "(", "2x", "@", "12"])
REPS = st.text(alphabet="0123456789 x@kg/,.LRbwlbs-+()✅😀", max_size=30)
REPORT = st.builds(lambda label, reps: f"{label} {reps}", LABELS, REPS)
MESSAGE = st.one_of(st.text(max_size=200), REPORT,
                    st.lists(REPORT, min_size=2, max_size=6).map("\n".join))
CONTEXTS = st.sampled_from([Context(), Context(unit="lb"), Context(pending=(), logged=5),
                            Context(kit=(8.0, 12.0, 16.0), targets=LOADED),
                            Context(targets={"goblet_squat": Target(2, 5, 12.0)})])
KIT = Context(kit=(8.0, 12.0, 16.0))


@settings(deadline=None)
@given(MESSAGE, CONTEXTS)
def test_reading_any_text_never_raises_and_every_question_has_choices(
    text: str, ctx: Context,
) -> None:
    reading = understand(text, ctx)
    assert all(question.choices for question in reading.questions)
    assert all(len(choice.label) <= 64 for q in reading.questions for choice in q.choices)


def test_a_question_and_a_stored_line_never_come_from_the_same_line() -> None:
    reading = understand("sldl 8 8 8\ngoblet 8x3", Context())
    assert [line.raw for line in reading.lines] == ["sldl 8 8 8"]
    assert [q.raw for q in reading.questions] == ["goblet 8x3"]


def test_loads_are_read_in_the_runners_unit_unless_one_is_written() -> None:
    assert read_load("35", "lb") == 15.876
    assert read_load("16kg", "lb") == 16.0
    assert read_load("35lb", "kg") == 15.876
    assert read_load("bw", "kg") == 0.0
    assert read_load("heavy", "kg") is None
    assert show_load(15.876, "lb") == "35 lb"
    assert show_load(16.0, "kg") == "16 kg"


def _only_question(text: str, ctx: Context = KIT) -> Question:
    reading = understand(text, ctx)
    assert reading.lines == ()
    assert len(reading.questions) == 1
    return reading.questions[0]


def _readings(question: Question) -> list[SetsReport]:
    return [choice.lines[0].sets for choice in question.choices]


@settings(deadline=None)
@given(MESSAGE, CONTEXTS)
def test_every_question_offers_the_likeliest_reading_first_and_the_literal_one_by_second(
    text: str, ctx: Context,
) -> None:
    for question in understand(text, ctx).questions:
        assert question.literal in (None, 0, 1)
        lines = [choice.lines[0] for choice in question.choices if len(choice.lines) == 1]
        if len(lines) == len(question.choices) > 1:
            odd = [oddity(line.sets, ctx.target(line.exercise_id)) for line in lines]
            assert odd[0] == min(odd)


def test_a_load_without_reps_asks_for_the_reps_with_an_example() -> None:
    reading = understand("goblet 12kg", KIT)
    assert reading.lines == ()
    assert reading.questions == ()
    assert [p.reason for p in reading.problems] == [
        "How many reps at 12 kg? Send them with it, like “goblet squat 8 8 8 @ 12kg”."]


def test_a_load_without_reps_is_never_stored_as_planned() -> None:
    for text in ("lunge bw", "12kg", "sldl @ 16", "2: 8kg"):
        reading = understand(text, KIT)
        assert reading.lines == ()
        assert reading.problems


def test_sixteen_reps_a_set_on_a_one_leg_lift_offers_per_leg_first() -> None:
    question = _only_question("reverse lunge 16 16 16")
    assert [c.label for c in question.choices] == [
        "Reverse lunge 3×8 per leg?", "Reverse lunge 3×16 per leg?"]
    assert question.literal == 1


def test_an_odd_count_of_both_legs_offers_the_weaker_leg() -> None:
    question = _only_question("lunge 16 16 15 @ 12kg")
    assert _readings(question)[0] == SetsReport(ReportKind.SETS, (8, 8, 7), load_kg=12.0)


def test_sixteen_reps_on_a_two_leg_lift_is_asked_not_stored() -> None:
    question = _only_question("goblet 16 16 16", Context())
    assert [c.label for c in question.choices] == ["Goblet squat 3×16?"]
    assert question.literal == 0


def test_twelve_reps_a_set_is_believed() -> None:
    assert understand("lunge 12 12 12", KIT).questions == ()


def test_a_fourth_number_the_runner_owns_as_a_weight_is_offered_as_the_load_first() -> None:
    question = _only_question("goblet 8 8 7 12")
    assert _readings(question) == [SetsReport(ReportKind.SETS, (8, 8, 7), load_kg=12.0),
                                   SetsReport(ReportKind.SETS, (8, 8, 7, 12))]
    assert question.literal == 1


def test_a_fourth_number_that_is_no_weight_owned_is_only_a_fourth_set() -> None:
    assert _readings(_only_question("goblet 8 8 7 10")) == [
        SetsReport(ReportKind.SETS, (8, 8, 7, 10))]


def test_without_fixed_weights_a_jump_in_the_last_number_is_offered_as_the_load_first() -> None:
    assert _readings(_only_question("goblet 8 8 7 12", Context())) == [
        SetsReport(ReportKind.SETS, (8, 8, 7), load_kg=12.0),
        SetsReport(ReportKind.SETS, (8, 8, 7, 12))]
    assert _readings(_only_question("goblet 8 8 7 9", Context())) == [
        SetsReport(ReportKind.SETS, (8, 8, 7, 9))]


def test_a_trimmed_days_two_sets_are_no_doubt() -> None:
    trimmed = Context(targets={"goblet_squat": Target(2, 5, 12.0), "sldl": Target(2, 6, 8.0)})
    reading = understand("sldl 6 6 @ 8kg\ngoblet 5 5 @ 12kg", trimmed)
    assert reading.questions == ()
    assert [line.sets.reps for line in reading.lines] == [(6, 6), (5, 5)]


def test_a_lighter_days_own_load_is_no_doubt_though_far_from_the_last() -> None:
    lighter = Context(targets={"goblet_squat": Target(3, 6, 8.0), "sldl": Target(3, 6, 0.0)},
                      last_loads={"goblet_squat": 20.0, "sldl": 12.0})
    reading = understand("goblet 6 6 6 @ 8kg\nsldl 6 6 6 @ bw", lighter)
    assert reading.questions == ()
    assert [line.sets.load_kg for line in reading.lines] == [8.0, 0.0]
    assert understand("goblet 6 6 6 @ 50kg", lighter).questions != ()


def test_more_doubts_than_one_message_holds_are_sent_back_not_dropped() -> None:
    text = "\n".join(f"goblet {n}" for n in range(5, 13))
    reading = understand(text, Context())
    assert len(reading.questions) == 5
    assert [p.raw for p in reading.problems] == ["goblet 10", "goblet 11", "goblet 12"]
    assert reading.lines == ()

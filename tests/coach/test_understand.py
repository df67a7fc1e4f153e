"""coach.understand beyond the corpus: it never raises, and questions never store."""

from hypothesis import given, settings
from hypothesis import strategies as st

from coach.understand import Context, understand
from coach.units import read_load, show_load

LABELS = st.sampled_from(["goblet", "sldl", "lunge", "calf", "step up", "1", "2.", "#5", "",
                          "all", "skip", "my knee hurts", "(", "2x", "@", "12"])
REPS = st.text(alphabet="0123456789 x@kg/,.LRbwlbs-+()✅😀", max_size=30)
REPORT = st.builds(lambda label, reps: f"{label} {reps}", LABELS, REPS)
MESSAGE = st.one_of(st.text(max_size=200), REPORT,
                    st.lists(REPORT, min_size=2, max_size=6).map("\n".join))
CONTEXTS = st.sampled_from([Context(), Context(unit="lb"), Context(pending=(), logged=5)])


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

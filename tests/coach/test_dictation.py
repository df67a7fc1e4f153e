"""A report rendered in any supported order, separator and dictation style reads back the same.

The property draws an exercise, sets, reps (per leg or not) and a load, writes them the ways
runners type and dictate them (names, number words, connectors, orders, stray capitals and
stops) and checks the reader stores exactly those sets, reps and load, asking nothing.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.dictation import spoken_numbers
from coach.exercises import by_id
from coach.progression import Target
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.several import split_exercises
from coach.understand import Context, understand

NAMES = {
    "sldl": ("sldl", "SL RDL", "single leg deadlift", "Single-leg RDL", "rdl", "SLDL"),
    "goblet_squat": ("goblet", "Goblet squats", "squats", "goblets", "goblet squat"),
    "reverse_lunge": ("reverse lunges", "lunges", "split squats", "Back lunge", "rev lunges"),
    "eccentric_calf_raise": ("calf raises", "ecc heel drops", "heel drops", "calves"),
    "step_up": ("step ups", "Step-ups onto a box", "box step ups", "step up", "stepups"),
}
WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen", "twenty", "twenty-one", "twenty two", "twenty-three",
         "twenty four", "twenty-five", "twenty six", "twenty-seven", "twenty eight",
         "twenty-nine", "thirty")
UNITS = ("kg", "kgs", " kg", " kilos", " kilograms", " kilo", "KG")
CONNECTORS = ("@ ", "@", "at ", "with ", "with the ", "w ", "w/ ", "using ", "holding ")
REPS = st.integers(5, 12)


@st.composite
def numbers(draw: st.DrawFn, value: int) -> str:
    """A count as digits or as a word (12 also as "a dozen")."""
    style = draw(st.sampled_from(("digits", "word", "word")))
    if style == "digits":
        return str(value)
    return "a dozen" if value == 12 and draw(st.booleans()) else WORDS[value]


@st.composite
def plain_reps(draw: st.DrawFn, reps: tuple[int, ...], unilateral: bool) -> str:
    """Sets of one count each: "3x8", "three sets of eight", "8, 8, 7", "8 / 8 / 7"."""
    if len(set(reps)) == 1 and draw(st.booleans()):
        n, r = draw(numbers(len(reps))), draw(numbers(reps[0]))
        if not n.isdigit() or not r.isdigit():
            return f"{n} sets of {r}"
        return draw(st.sampled_from((f"{n}x{r}", f"{n} x {r}", f"{n}×{r}", f"{n}*{r}",
                                     f"{n} sets of {r}", f"{n}X{r}")))
    words = [draw(numbers(r)) for r in reps]
    seps = [" ", ", ", ",", " , "]
    if (not unilateral or len(reps) >= 3) and all(w.isdigit() for w in words):
        seps += [" / ", "/"]  # two numbers with a slash are two legs on a one-leg lift
    return draw(st.sampled_from(seps)).join(words)


@st.composite
def leg_reps(draw: st.DrawFn, left: tuple[int, ...], right: tuple[int, ...]) -> str:
    """Per leg: "L 8 8 R 7 7", "8/7 8/7", "L8 R7, L8 R7", "R7 L8 x3", "left ... right ..."."""
    pairs = list(zip(left, right, strict=True))
    forms = [f"L {' '.join(map(str, left))} R {' '.join(map(str, right))}",
             f"left {' '.join(map(str, left))} right {' '.join(map(str, right))}",
             f"R {' '.join(map(str, right))} L {' '.join(map(str, left))}",
             " ".join(f"{a}/{b}" for a, b in pairs), ", ".join(f"{a}/{b}" for a, b in pairs),
             ", ".join(f"L{a} R{b}" for a, b in pairs), " ".join(f"R{b} L{a}" for a, b in pairs)]
    if len(set(pairs)) == 1:
        a, b = pairs[0]
        forms += [f"R{b} L{a} x{len(pairs)}", f"{len(pairs)}x{a}/{b}", f"L{a} R{b} x{len(pairs)}"]
    return draw(st.sampled_from(forms))


@st.composite
def loads(draw: st.DrawFn, kg: float | None) -> tuple[str, bool]:
    """The load as typed, and whether it may lead the line (it carries its unit or is bw)."""
    if kg is None:
        return "", False
    if kg == 0:
        return draw(st.sampled_from(("bw", "@ bw", "body weight", "at bodyweight"))), True
    whole = kg == int(kg)
    number = str(int(kg)) if whole else f"{kg:g}"
    if whole and kg <= 30 and draw(st.booleans()):
        number = WORDS[int(kg)]
    elif not whole and kg < 30 and draw(st.booleans()):
        number = f"{WORDS[int(kg)]} and a half"
    unit = draw(st.sampled_from(("", *UNITS))) if number[0].isdigit() else draw(
        st.sampled_from(UNITS[3:6]))
    connector = draw(st.sampled_from(CONNECTORS + (("",) if unit else ())))
    return f"{connector}{number}{unit}", bool(unit)


@st.composite
def reports(draw: st.DrawFn) -> tuple[str, str, SetsReport]:
    """An exercise, what was done, and one way of writing it."""
    exercise_id = draw(st.sampled_from(sorted(NAMES)))
    unilateral = by_id(exercise_id).unilateral
    n = draw(st.integers(2, 5))
    left = right = None
    if unilateral and draw(st.booleans()):
        left = tuple(draw(st.lists(REPS, min_size=n, max_size=n)))
        right = tuple(draw(st.lists(REPS, min_size=n, max_size=n)))
        reps = tuple(map(min, left, right))
        body = draw(leg_reps(left, right))
    else:
        reps = tuple(draw(st.lists(REPS, min_size=n, max_size=n)))
        body = draw(plain_reps(reps, unilateral))
        if unilateral and draw(st.booleans()):
            body += draw(st.sampled_from((" each leg", " per side", " each", ", each leg,")))
    kg = draw(st.one_of(st.none(), st.just(0.0), st.integers(4, 80).map(lambda h: h / 2)))
    load, leads = draw(loads(kg))
    name = draw(st.sampled_from(NAMES[exercise_id]))
    orders = [f"{name} {body} {load}", f"{name}: {body} {load}", f"{name}. {body}, {load}."]
    if leads:
        orders += [f"{name} {load} {body}", f"{name} {load}: {body}"]
    text = draw(st.sampled_from(orders)).strip()
    if draw(st.booleans()):
        text = text[0].upper() + text[1:]
    return exercise_id, text, SetsReport(ReportKind.SETS, reps, left, right, kg)


@given(reports())
def test_a_report_in_any_supported_style_reads_back_the_same(
    case: tuple[str, str, SetsReport],
) -> None:
    exercise_id, text, expected = case
    target = Target(len(expected.reps), 6, expected.load_kg or 0.0)
    ctx = Context(targets={exercise_id: target},
                  last_loads={exercise_id: expected.load_kg or 0.0})
    reading = understand(text, ctx)
    assert (reading.questions, reading.problems) == ((), ())
    assert reading.lines == (ReportLine(exercise_id, expected, text),)


@given(st.lists(reports(), min_size=2, max_size=3,
                unique_by=lambda case: case[0]), st.sampled_from((", ", "; ", " and ", ". ")))
def test_several_reports_on_one_line_read_back_each_as_its_own(
    cases: list[tuple[str, str, SetsReport]], joint: str,
) -> None:
    text = joint.join(case[1].rstrip(".") for case in cases)
    targets = {e: Target(len(r.reps), 6, r.load_kg or 0.0) for e, _, r in cases}
    ctx = Context(targets=targets, last_loads={e: r.load_kg or 0.0 for e, _, r in cases})
    reading = understand(text, ctx)
    assert (reading.questions, reading.problems) == ((), ())
    assert [(line.exercise_id, line.sets) for line in reading.lines] == [
        (e, r) for e, _, r in cases]


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("three sets of seven at ten kilos", "3 sets of 7 at 10 kilos"),
        ("eight eight six", "8 8 6"),
        ("twenty-two", "22"),
        ("twenty two", "22"),
        ("a dozen", "12"),
        ("half a dozen", "6"),
        ("twelve and a half kilos", "12.5 kilos"),
        ("three by eight", "3x8"),
        ("three times eight", "3x8"),
        ("on one leg", "on one leg"),
        ("holding two 6kg dumbbells", "holding two 6kg dumbbells"),
        ("zero", "0"),
        ("thirty", "30"),
        ("three eights", "3x8"),
        ("twelve point five", "12.5"),
    ],
)
def test_number_words_become_digits(said: str, digits: str) -> None:
    assert spoken_numbers(said) == digits


@pytest.mark.parametrize(
    ("line", "parts"),
    [
        ("goblet 3x8, lunges 8 8 7", ["goblet 3x8", "lunges 8 8 7"]),
        ("sldl 8 8 8; goblet 3x8 and calf skip", ["sldl 8 8 8", "goblet 3x8", "calf skip"]),
        ("Goblet 3x8. Lunges 8, 8, 7.", ["Goblet 3x8", "Lunges 8, 8, 7."]),
        ("goblet 8, 8, 7", ["goblet 8, 8, 7"]),
        ("calf skip, achilles sore", ["calf skip, achilles sore"]),
        ("goblet 3x8 12kg, calf not loving it", ["goblet 3x8 12kg, calf not loving it"]),
        ("goblet 3x8, calf no issues", ["goblet 3x8, calf no issues"]),
        ("goblet 3x8, calf skipped", ["goblet 3x8", "calf skipped"]),
        ("sldl and goblet 3x8", ["sldl and goblet 3x8"]),
        ("I did 8, 8 and 7 on the squat", ["I did 8, 8 and 7 on the squat"]),
        ("goblet 3x8 @ 12,5 kg, lunge 3x8", ["goblet 3x8 @ 12,5 kg", "lunge 3x8"]),
        ("goblet 3x8, the rest as planned", ["goblet 3x8", "the rest as planned"]),
    ],
)
def test_a_comma_splits_a_line_only_where_a_new_exercise_starts(
    line: str, parts: list[str],
) -> None:
    assert split_exercises(line) == parts


def test_a_split_squat_is_the_goblet_squats_rung_when_the_runner_is_on_it() -> None:
    on_rung = Context(targets={"goblet_squat": Target(3, 8, 12.0, "rfe_split")})
    assert understand("split squats 8 8 8", on_rung).lines[0].exercise_id == "goblet_squat"
    assert understand("split squats 8 8 8", Context()).lines[0].exercise_id == "reverse_lunge"


@pytest.mark.parametrize(
    ("text", "load"),
    [
        ("step ups 3x8 w 2 6kg dbs", 12.0),
        ("step ups 3x8 holding two 6kg dumbbells", 12.0),
        ("step ups 3x8 holding 12s", 12.0),
        ("goblet 3x8 16kg in both hands", 16.0),
        ("calf 3x8 with 3s lowering", None),
        ("goblet 3x8 with 30s", None),
    ],
)
def test_a_pair_counts_both_weights_and_a_time_is_no_load(text: str, load: float | None,
                                                          ) -> None:
    reading = understand(text, Context(targets={}))
    assert [line.sets.load_kg for line in reading.lines] == [load]


def test_a_load_in_each_hand_asks_whether_both_count_both_first() -> None:
    reading = understand("lunges 3x8 holding 8kg in each hand", Context())
    assert reading.lines == ()
    (question,) = reading.questions
    assert question.text.endswith("both hands counted, or one weight?")
    assert [c.lines[0].sets.load_kg for c in question.choices] == [16.0, 8.0]
    assert question.literal == 1

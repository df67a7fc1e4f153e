import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.exercises import CATALOGUE, EXERCISE_IDS, Exercise
from coach.reports import (
    MAX_INPUT_CHARS,
    LineProblem,
    ParsedReport,
    ReportKind,
    ReportLine,
    ReportNotUnderstood,
    SetsReport,
    example_report,
    format_sets,
    match_exercise,
    parse_report,
    parse_sets,
)
from coach.units import show_load

SETS, AS_PLANNED, SKIPPED = ReportKind.SETS, ReportKind.AS_PLANNED, ReportKind.SKIPPED
ALL = list(EXERCISE_IDS)


def sets(*reps: int, load: float | None = None) -> SetsReport:
    return SetsReport(SETS, reps, load_kg=load)


def legs(left: tuple[int, ...], right: tuple[int, ...], load: float | None = None) -> SetsReport:
    return SetsReport(SETS, tuple(map(min, left, right)), left, right, load)


def refusal(text: str) -> ReportNotUnderstood:
    with pytest.raises(ReportNotUnderstood) as caught:
        parse_sets(text)
    return caught.value


# --- parse_sets: formats -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8 8 7", sets(8, 8, 7)),
        ("8,8,7", sets(8, 8, 7)),
        ("8, 8, 7", sets(8, 8, 7)),
        ("  8   8  7 ", sets(8, 8, 7)),
        ("12", sets(12)),
        ("3x8", sets(8, 8, 8)),
        ("3 x 8", sets(8, 8, 8)),
        ("3X8", sets(8, 8, 8)),
        ("3×8", sets(8, 8, 8)),
        ("3*8", sets(8, 8, 8)),
        ("1x50", sets(50)),
        ("10x1", sets(*[1] * 10)),
    ],
)
def test_reps_per_set_are_read_as_lists_or_sets_times_reps(
    text: str, expected: SetsReport
) -> None:
    assert parse_sets(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3x8 @ 12kg", sets(8, 8, 8, load=12.0)),
        ("8 8 7 @12.5 kg", sets(8, 8, 7, load=12.5)),
        ("3x8 12kg", sets(8, 8, 8, load=12.0)),
        ("3x8 @ 12,5kg", sets(8, 8, 8, load=12.5)),
        ("3x8@12kg", sets(8, 8, 8, load=12.0)),
        ("3x8 @ 12", sets(8, 8, 8, load=12.0)),
        ("3 X 8 @ 16 KG", sets(8, 8, 8, load=16.0)),
        ("8,8,7 @ 7.5kgs", sets(8, 8, 7, load=7.5)),
        ("3x8 @ 0kg", sets(8, 8, 8, load=0.0)),
        ("3x8 @ 250 kg", sets(8, 8, 8, load=250.0)),
        ("3x8 @ 11.25kg", sets(8, 8, 8, load=11.25)),
    ],
)
def test_a_load_after_the_reps_is_read_in_kg(text: str, expected: SetsReport) -> None:
    assert parse_sets(text) == expected


@pytest.mark.parametrize(
    ("text", "kg", "shown"),
    [("3x8 @ 25lb", 11.34, "25 lb"), ("3x8 @ 25 lbs", 11.34, "25 lb"),
     ("3x8 45 LBS", 20.412, "45 lb"), ("3x8 @ 10 lb", 4.536, "10 lb")],
)
def test_pounds_are_kept_to_the_gram_so_they_show_back_as_typed(text: str, kg: float,
                                                                 shown: str) -> None:
    load = parse_sets(text).load_kg
    assert load == kg
    assert show_load(kg, "lb") == shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8/7 8/7 8/6", legs((8, 8, 8), (7, 7, 6))),
        ("8 / 7, 8 / 7", legs((8, 8), (7, 7))),
        ("L 8 8 8 R 7 7 6", legs((8, 8, 8), (7, 7, 6))),
        ("l 8 8 8 r 7 7 6", legs((8, 8, 8), (7, 7, 6))),
        ("left 8 8 8 right 7 7 6", legs((8, 8, 8), (7, 7, 6))),
        ("Left: 8, 8, 8 Right: 7, 7, 6", legs((8, 8, 8), (7, 7, 6))),
        ("R 7 7 6 L 8 8 8", legs((8, 8, 8), (7, 7, 6))),
        ("L8 8 8 R7 7 6", legs((8, 8, 8), (7, 7, 6))),
        ("3x8/7", legs((8, 8, 8), (7, 7, 7))),
        ("L 8 8 8 R 7 7 6 @ 10kg", legs((8, 8, 8), (7, 7, 6), load=10.0)),
        ("8/7 8/7 bw", legs((8, 8), (7, 7), load=0.0)),
    ],
)
def test_left_and_right_reps_are_read_per_leg(text: str, expected: SetsReport) -> None:
    assert parse_sets(text) == expected


def test_per_leg_reps_keep_the_weaker_leg_for_progression() -> None:
    report = parse_sets("8/7 6/8 8/8")
    assert report.reps == (7, 6, 8)
    assert report.left == (8, 6, 8)
    assert report.right == (7, 8, 8)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bw done", SetsReport(AS_PLANNED, load_kg=0.0)),
        ("BW as planned", SetsReport(AS_PLANNED, load_kg=0.0)),
        ("bodyweight done", SetsReport(AS_PLANNED, load_kg=0.0)),
        ("3x8 bw", sets(8, 8, 8, load=0.0)),
        ("8 8 8 bw", sets(8, 8, 8, load=0.0)),
        ("3x8 @ bw", sets(8, 8, 8, load=0.0)),
    ],
)
def test_body_weight_means_a_load_of_zero(text: str, expected: SetsReport) -> None:
    assert parse_sets(text) == expected


@pytest.mark.parametrize(
    "text", ["done", "Done", "OK", "ok", "as planned", "As  Planned", "✅", "👍", "👍🏽", "done!"]
)
def test_done_and_friends_mean_as_planned(text: str) -> None:
    assert parse_sets(text) == SetsReport(AS_PLANNED)


def test_as_planned_can_still_say_the_load() -> None:
    assert parse_sets("done @ 14kg") == SetsReport(AS_PLANNED, load_kg=14.0)


@pytest.mark.parametrize("text", ["skip", "SKIP", "skipped", "-", "no", " No "])
def test_skip_and_friends_mean_skipped(text: str) -> None:
    assert parse_sets(text) == SetsReport(SKIPPED)


# --- parse_sets: refusals ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words_in_reason"),
    [
        ("8 0 8", "0 reps"),
        ("3x0", "0 reps"),
        ("8 200 8", "200 reps"),
        ("3x200", "200 reps"),
        ("3x8 @ 375kg", "37.5"),
        ("3x8 @ 3750 kg", "typo"),
        ("3x8 @ 600 lb", "typo"),
        ("11x8", "11 sets"),
        ("8 8 8 8 8 8 8 8 8 8 8", "11 sets"),
        ("0x8", "skip"),
        ("L 8 8 8 R 7 7", "different number of sets"),
        ("L 8 8 8", "both legs"),
        ("L 8 R x", "numbers"),
        ("asdf", "couldn't read"),
        ("8/7 8", "couldn't read"),
        ("3x8 @ heavy", "weight"),
        ("3x8 @ 12 @ 14", "one"),
        ("skip @ 12kg", "skipped"),
        ("", "empty"),
        ("   ", "empty"),
        ("8" * (MAX_INPUT_CHARS + 1), "a lot of text"),
    ],
)
def test_implausible_or_unreadable_answers_are_refused_with_a_reason(
    text: str, words_in_reason: str
) -> None:
    assert words_in_reason in refusal(text).reason


def test_a_refusal_carries_the_offending_text_and_is_a_value_error() -> None:
    error = refusal("8 200 8")
    assert error.text == "8 200 8"
    assert error.reason == "200 reps in one set looks like a typo."
    assert isinstance(error, ValueError)


# --- format_sets ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("report", "text"),
    [
        (sets(8, 8, 7, load=12.5), "8 8 7 @ 12.5 kg"),
        (sets(8, 8, 8, load=12.0), "3x8 @ 12 kg"),
        (sets(10), "10"),
        (legs((8, 8, 8), (7, 7, 6), load=0.0), "L 8 8 8 R 7 7 6 @ bw"),
        (SetsReport(AS_PLANNED), "as planned"),
        (SetsReport(AS_PLANNED, load_kg=0.0), "as planned @ bw"),
        (SetsReport(AS_PLANNED, load_kg=11.25), "as planned @ 11.25 kg"),
        (SetsReport(SKIPPED), "skipped"),
    ],
)
def test_reports_format_as_compact_canonical_text(report: SetsReport, text: str) -> None:
    assert format_sets(report) == text


# --- match_exercise ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "exercise_id"),
    [
        ("sldl", "sldl"),
        ("Single-leg deadlift", "sldl"),
        ("single leg deadlift:", "sldl"),
        ("RDL", "sldl"),
        ("goblet", "goblet_squat"),
        ("Goblet squats", "goblet_squat"),
        ("goblet_squat", "goblet_squat"),
        ("lunges", "reverse_lunge"),
        ("Reverse lunge -", "reverse_lunge"),
        ("calves", "eccentric_calf_raise"),
        ("heel drops.", "eccentric_calf_raise"),
        ("Step-ups", "step_up"),
        ("step up", "step_up"),
        ("stepups", "step_up"),
        ("step", "step_up"),
        ("Steps", "step_up"),
        ("SL RDL", "sldl"),
        ("back lunges", "reverse_lunge"),
        ("eccentric calf", "eccentric_calf_raise"),
        ("1", "sldl"),
        ("2:", "goblet_squat"),
        ("3.", "reverse_lunge"),
        ("4)", "eccentric_calf_raise"),
        ("#5", "step_up"),
    ],
)
def test_exercises_are_matched_by_name_alias_or_number(label: str, exercise_id: str) -> None:
    assert match_exercise(label) == exercise_id


@pytest.mark.parametrize("label", ["bench press", "0", "6", "12", "", "s", "squats please"])
def test_unknown_labels_match_no_exercise(label: str) -> None:
    assert match_exercise(label) is None


@pytest.mark.parametrize("exercise", CATALOGUE)
def test_every_alias_and_name_of_the_catalogue_matches_its_exercise(exercise: Exercise) -> None:
    for label in (exercise.id, exercise.name, *exercise.aliases):
        assert match_exercise(label) == exercise.id


# --- parse_report --------------------------------------------------------------------------


def logged(parsed: ParsedReport) -> dict[str, SetsReport]:
    return {line.exercise_id: line.sets for line in parsed.lines}


def test_labelled_lines_go_to_their_exercises_whatever_the_order() -> None:
    message = (
        "goblet 3x8 @ 12kg\nsingle leg deadlift: 8/7 8/7 8/6\nStep-ups - 8 8 8\n"
        "calf skip\nLunges: done"
    )
    parsed = parse_report(message, ALL)
    assert parsed.problems == ()
    assert logged(parsed) == {
        "goblet_squat": sets(8, 8, 8, load=12.0),
        "sldl": legs((8, 8, 8), (7, 7, 6)),
        "step_up": sets(8, 8, 8),
        "eccentric_calf_raise": SetsReport(SKIPPED),
        "reverse_lunge": SetsReport(AS_PLANNED),
    }


def test_numbered_lines_go_to_the_exercise_at_that_position() -> None:
    parsed = parse_report("2: 8 8 8\n1. 3x10 @ 8kg\n5 - skip\n4) bw done", ALL)
    assert parsed.problems == ()
    assert logged(parsed) == {
        "goblet_squat": sets(8, 8, 8),
        "sldl": sets(10, 10, 10, load=8.0),
        "step_up": SetsReport(SKIPPED),
        "eccentric_calf_raise": SetsReport(AS_PLANNED, load_kg=0.0),
    }


def test_unlabelled_lines_fill_the_pending_exercises_in_session_order() -> None:
    parsed = parse_report(
        "3x8\n\n8 8 7 @ 10kg\nskip", ["goblet_squat", "reverse_lunge", "step_up"]
    )
    assert parsed.problems == ()
    assert [line.exercise_id for line in parsed.lines] == [
        "goblet_squat",
        "reverse_lunge",
        "step_up",
    ]
    assert [line.raw for line in parsed.lines] == ["3x8", "8 8 7 @ 10kg", "skip"]


def test_a_single_unlabelled_line_belongs_to_the_single_pending_exercise() -> None:
    parsed = parse_report("  3x15 bw  ", ["eccentric_calf_raise"])
    assert parsed == ParsedReport(
        (ReportLine("eccentric_calf_raise", sets(15, 15, 15, load=0.0), "  3x15 bw  "),), ()
    )


def test_unlabelled_lines_skip_exercises_claimed_by_a_label_anywhere_in_the_message() -> None:
    parsed = parse_report("3x8\n8 8 8\ngoblet skip", ALL[:3])
    assert logged(parsed) == {
        "sldl": sets(8, 8, 8),
        "reverse_lunge": sets(8, 8, 8),
        "goblet_squat": SetsReport(SKIPPED),
    }


def test_bad_lines_become_problems_and_good_lines_are_kept() -> None:
    parsed = parse_report("goblet 3x8\nbench press 3x8\nlunge 8 200 8\ncalf done", ALL)
    assert logged(parsed) == {
        "goblet_squat": sets(8, 8, 8),
        "eccentric_calf_raise": SetsReport(AS_PLANNED),
    }
    assert [p.raw for p in parsed.problems] == ["bench press 3x8", "lunge 8 200 8"]
    assert "didn't recognise the exercise “bench press”" in parsed.problems[0].reason
    assert "200 reps" in parsed.problems[1].reason


def test_an_unreadable_unlabelled_line_still_takes_its_place_in_the_order() -> None:
    parsed = parse_report("3x8\n8 8 banana\n3x6", ALL[:3])
    assert logged(parsed) == {"sldl": sets(8, 8, 8), "reverse_lunge": sets(6, 6, 6)}
    assert parsed.problems[0].raw == "8 8 banana"


def test_a_line_with_no_pending_exercise_left_is_a_problem() -> None:
    parsed = parse_report("3x8\n3x6", ["step_up"])
    assert logged(parsed) == {"step_up": sets(8, 8, 8)}
    assert parsed.problems[0].raw == "3x6"
    assert "start it with the exercise" in parsed.problems[0].reason


def test_nothing_pending_makes_every_unlabelled_line_a_problem() -> None:
    parsed = parse_report("3x8", [])
    assert parsed.lines == ()
    assert len(parsed.problems) == 1


def test_a_labelled_line_may_correct_an_exercise_that_is_no_longer_pending() -> None:
    parsed = parse_report("goblet 3x6", ["step_up"])
    assert logged(parsed) == {"goblet_squat": sets(6, 6, 6)}


def test_a_label_without_reps_is_a_problem_that_names_the_exercise() -> None:
    parsed = parse_report("lunge\n3x8", ALL[1:3])
    assert logged(parsed) == {"goblet_squat": sets(8, 8, 8)}
    assert parsed.problems == (
        LineProblem(
            "lunge",
            "What did you do for the reverse lunge? Add your reps, like “reverse lunge 3x8”.",
        ),
    )


def test_the_last_line_for_an_exercise_wins_and_the_earlier_one_is_reported_replaced() -> None:
    parsed = parse_report("goblet 3x8\ngoblet 3x6", ALL)
    assert logged(parsed) == {"goblet_squat": sets(6, 6, 6)}
    assert parsed.problems == (
        LineProblem("goblet 3x8", "You logged the goblet squat twice — I kept the later line."),
    )


def test_an_unreadable_later_duplicate_does_not_lose_the_good_earlier_line() -> None:
    parsed = parse_report("goblet 3x8\ngoblet 3x800", ALL)
    assert logged(parsed) == {"goblet_squat": sets(8, 8, 8)}
    assert [p.raw for p in parsed.problems] == ["goblet 3x800"]


@pytest.mark.parametrize("text", ["all done", "All: done", "everything as planned"])
def test_all_done_logs_every_pending_exercise_as_planned(text: str) -> None:
    parsed = parse_report(text, ALL)
    assert parsed.problems == ()
    assert [(line.exercise_id, line.sets) for line in parsed.lines] == [
        (exercise_id, SetsReport(AS_PLANNED)) for exercise_id in ALL]


def test_an_all_line_covers_only_what_no_other_line_names_or_takes() -> None:
    parsed = parse_report("8 8 7\nall 3x8 @ bw\ncalf skip", ALL)
    assert parsed.problems == ()
    assert {line.exercise_id: line.sets for line in parsed.lines} == {
        "sldl": sets(8, 8, 7),
        "goblet_squat": sets(8, 8, 8, load=0.0),
        "reverse_lunge": sets(8, 8, 8, load=0.0),
        "step_up": sets(8, 8, 8, load=0.0),
        "eccentric_calf_raise": SetsReport(SKIPPED),
    }


def test_an_all_line_with_nothing_left_to_cover_is_a_problem() -> None:
    parsed = parse_report("all done", [])
    assert parsed.lines == ()
    assert "nothing left" in parsed.problems[0].reason


def test_blank_lines_are_ignored_and_an_empty_message_logs_nothing() -> None:
    assert parse_report("\n  \n\t\n", ALL) == ParsedReport((), ())


def test_an_overlong_message_is_one_problem_not_a_hang() -> None:
    parsed = parse_report("3x8\n" * MAX_INPUT_CHARS, ALL)
    assert parsed.lines == ()
    assert len(parsed.problems) == 1
    assert "a lot of text" in parsed.problems[0].reason


def test_the_example_report_is_fully_understood() -> None:
    parsed = parse_report(example_report(), ALL)
    assert parsed.problems == ()
    assert len(parsed.lines) == len(example_report().splitlines()) >= 2


# --- properties ----------------------------------------------------------------------------

REPORTISH = st.text(alphabet="0123456789 ,./@xX×*lrLRkgbsw-:\n✅", max_size=40)
reps_st = st.integers(1, 50)
load_st = st.none() | st.integers(0, 25_000).map(lambda hundredths: hundredths / 100)


@st.composite
def per_leg_reports(draw: st.DrawFn) -> SetsReport:
    count = draw(st.integers(1, 10))
    left = tuple(draw(st.lists(reps_st, min_size=count, max_size=count)))
    right = tuple(draw(st.lists(reps_st, min_size=count, max_size=count)))
    return legs(left, right, draw(load_st))


valid_reports = st.one_of(
    st.builds(
        lambda reps, load: SetsReport(SETS, tuple(reps), load_kg=load),
        st.lists(reps_st, min_size=1, max_size=10),
        load_st,
    ),
    per_leg_reports(),
    st.builds(lambda load: SetsReport(AS_PLANNED, load_kg=load), load_st),
    st.just(SetsReport(SKIPPED)),
)


def random_case(draw: st.DrawFn, text: str) -> str:
    return "".join(c.upper() if draw(st.booleans()) else c for c in text)


@settings(max_examples=1000)
@given(st.text() | REPORTISH)
def test_parse_sets_refuses_only_with_report_not_understood_and_what_it_reads_round_trips(
    text: str,
) -> None:
    refused: ReportNotUnderstood | None = None
    try:
        report = parse_sets(text)
    except ReportNotUnderstood as error:
        refused = error
    if refused is not None:
        assert refused.reason
        assert refused.text == text
    else:
        assert parse_sets(format_sets(report)) == report


@settings(max_examples=1000)
@given(st.text() | REPORTISH, st.lists(st.sampled_from(EXERCISE_IDS), unique=True))
def test_parse_report_never_raises_and_accounts_for_every_line(
    text: str, pending: list[str]
) -> None:
    parsed = parse_report(text, pending)
    nonblank = [line for line in text.splitlines() if line.strip()]
    covered = {line.raw for line in parsed.lines} | {p.raw for p in parsed.problems}
    assert set(nonblank) <= covered
    if not any(line.split()[0].lower().rstrip(":") in ("all", "everything", "the")
               for line in nonblank):
        assert len(parsed.lines) + len(parsed.problems) == len(nonblank)


labels = st.sampled_from(
    [alias for e in CATALOGUE for alias in e.aliases] + ["1:", "2.", "bench press", "", "3 -"]
)
bodies = st.one_of(valid_reports.map(format_sets), REPORTISH, st.text(max_size=10))


@settings(max_examples=200)
@given(st.lists(st.tuples(labels, bodies), max_size=8), st.lists(st.sampled_from(EXERCISE_IDS)))
def test_parse_report_never_raises_on_generated_messages(
    rows: list[tuple[str, str]], pending: list[str]
) -> None:
    message = "\n".join(f"{label} {body}" for label, body in rows)
    parsed = parse_report(message, pending)
    assert len(parsed.lines) + len(parsed.problems) == sum(
        1 for line in message.splitlines() if line.strip()
    )
    assert len({line.exercise_id for line in parsed.lines}) == len(parsed.lines)


@settings(max_examples=300)
@given(valid_reports)
def test_every_report_round_trips_through_its_canonical_text(report: SetsReport) -> None:
    assert parse_sets(format_sets(report)) == report


@settings(max_examples=100)
@given(st.dictionaries(st.sampled_from(CATALOGUE), valid_reports, min_size=1), st.data())
def test_labelled_canonical_lines_log_exactly_what_was_written(
    reports: dict[Exercise, SetsReport], data: st.DataObject
) -> None:
    lines = []
    for exercise, report in reports.items():
        aliases = (*exercise.aliases, exercise.name)
        lines.append(f"{data.draw(st.sampled_from(aliases))} {format_sets(report)}")
    parsed = parse_report("\n".join(lines), [])
    assert parsed.problems == ()
    assert logged(parsed) == {e.id: r for e, r in reports.items()}


@settings(max_examples=100)
@given(st.lists(valid_reports, max_size=7), st.permutations(EXERCISE_IDS))
def test_unlabelled_lines_are_assigned_in_pending_order(
    reports: list[SetsReport], pending: list[str]
) -> None:
    parsed = parse_report("\n".join(format_sets(r) for r in reports), pending)
    assigned = list(zip(pending, reports, strict=False))
    assert [(line.exercise_id, line.sets) for line in parsed.lines] == assigned
    assert len(parsed.problems) == max(0, len(reports) - len(pending))


@st.composite
def sets_times_reps(draw: st.DrawFn) -> tuple[str, SetsReport]:
    count, reps = draw(st.integers(1, 10)), draw(reps_st)
    whole, cents = draw(st.integers(0, 250)), draw(st.sampled_from([0, 25, 5, 75]))
    kg = min(whole + cents / 100, 250.0)
    decimal = draw(st.sampled_from([".", ","]))
    weight = f"{int(kg)}{decimal}{round(kg % 1 * 100):02d}".rstrip("0").rstrip(".,")
    times = draw(st.sampled_from(["x", " x ", "X", "×", "*"]))
    at = draw(st.sampled_from([" @ ", "@", " @", " "]))
    unit = draw(st.sampled_from(["kg", " kg", "KG", " kgs"]))
    text = f"{count}{times}{reps}{at}{weight}{unit}"
    return random_case(draw, text), sets(*[reps] * count, load=kg)


@given(sets_times_reps())
def test_sets_times_reps_at_a_load_parse_to_what_was_written(
    case: tuple[str, SetsReport],
) -> None:
    text, expected = case
    assert parse_sets(text) == expected


@st.composite
def rep_lists(draw: st.DrawFn) -> tuple[str, SetsReport]:
    reps = draw(st.lists(reps_st, min_size=1, max_size=10))
    separator = draw(st.sampled_from([" ", ",", ", ", "  ", " , "]))
    pounds = draw(st.none() | st.integers(0, 550))
    suffix = "" if pounds is None else draw(st.sampled_from([" @ {}lb", " {} lbs", "@{} LB"]))
    load = None if pounds is None else round(pounds * 0.45359237, 3)  # kept to the gram
    text = separator.join(map(str, reps)) + suffix.format(pounds)
    return text, sets(*reps, load=load)


@given(rep_lists())
def test_rep_lists_with_any_separator_parse_to_what_was_written(
    case: tuple[str, SetsReport],
) -> None:
    text, expected = case
    assert parse_sets(text) == expected


def spaced(numbers: tuple[int, ...]) -> str:
    return " ".join(map(str, numbers))


@st.composite
def per_leg_texts(draw: st.DrawFn) -> tuple[str, SetsReport]:
    report = draw(per_leg_reports())
    assert report.left is not None
    assert report.right is not None
    if draw(st.booleans()):
        text = " ".join(f"{a}/{b}" for a, b in zip(report.left, report.right, strict=True))
    else:
        left, right = draw(st.sampled_from([("L", "R"), ("left", "right"), ("L:", "R:")]))
        text = f"{left} {spaced(report.left)} {right} {spaced(report.right)}"
    text += "" if report.load_kg is None else f" @ {report.load_kg}kg"
    return random_case(draw, text), report


@given(per_leg_texts())
def test_per_leg_reports_parse_to_what_was_written(case: tuple[str, SetsReport]) -> None:
    text, expected = case
    assert parse_sets(text) == expected

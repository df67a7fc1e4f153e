"""parse_sets reads the ways runners really write an answer, load first or last."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.sets import (
    NoReps,
    ReportKind,
    ReportNotUnderstood,
    SetsReport,
    format_sets,
    parse_sets,
)
from tests.coach.test_reports import SETS, sets


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bw 8,8,8", sets(8, 8, 8, load=0.0)),
        ("BW 3x8", sets(8, 8, 8, load=0.0)),
        ("bodyweight 8 8 7", sets(8, 8, 7, load=0.0)),
        ("@ bw 8 8", sets(8, 8, load=0.0)),
        ("12kg 3x8", sets(8, 8, 8, load=12.0)),
        ("12 kg 8 8 7", sets(8, 8, 7, load=12.0)),
        ("@12kg 8 8 8", sets(8, 8, 8, load=12.0)),
        ("@ 12.5 kg 3x8", sets(8, 8, 8, load=12.5)),
        ("@16 3x6", sets(6, 6, 6, load=16.0)),
        ("26 lb 3x8", sets(8, 8, 8, load=11.793)),  # to the gram: shows back as 26 lb
        ("16kg L 8 8 R 7 7", SetsReport(SETS, (7, 7), (8, 8), (7, 7), 16.0)),
        ("bw done", SetsReport(ReportKind.AS_PLANNED, load_kg=0.0)),
    ],
)
def test_a_load_may_come_before_the_reps(text: str, expected: SetsReport) -> None:
    assert parse_sets(text) == expected


@pytest.mark.parametrize(("text", "load"), [("12kg", 12.0), ("@ 16", 16.0), ("bw", 0.0)])
def test_a_load_without_reps_is_refused_never_read_as_planned(text: str, load: float) -> None:
    with pytest.raises(NoReps) as refused:
        parse_sets(text)
    assert refused.value.load_kg == load


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8-8-7", sets(8, 8, 7)),
        ("8 - 8 - 7 @ 12kg", sets(8, 8, 7, load=12.0)),
        ("3 sets of 8", sets(8, 8, 8)),
        ("3 sets 8", sets(8, 8, 8)),
        ("3x8 with 12kg", sets(8, 8, 8, load=12.0)),
        ("8 8 8 reps", sets(8, 8, 8)),
        ("3x8 reps @ 14kg", sets(8, 8, 8, load=14.0)),
        ("did it", SetsReport(ReportKind.AS_PLANNED)),
        ("Completed", SetsReport(ReportKind.AS_PLANNED)),
        ("finished", SetsReport(ReportKind.AS_PLANNED)),
    ],
)
def test_everyday_ways_of_writing_sets_are_understood(text: str, expected: SetsReport) -> None:
    assert parse_sets(text) == expected


@pytest.mark.parametrize(
    "text", ["12kg 3x8 @ 14kg", "bw 3x8 @ 12kg", "@ 12kg 3x8 14kg", "bw 8 8 bw", "12kg skip"],
)
def test_two_loads_or_a_load_on_a_skip_are_refused(text: str) -> None:
    with pytest.raises(ReportNotUnderstood):
        parse_sets(text)


loads = st.sampled_from([0.0, 2.5, 12.0, 16.0, 32.5, 250.0])
reps = st.lists(st.integers(1, 50), min_size=1, max_size=10).map(tuple)


@given(reps, loads)
def test_the_load_reads_the_same_written_first_or_last(counts: tuple[int, ...],
                                                       load: float) -> None:
    report = sets(*counts, load=load)
    body, written_load = format_sets(report).split(" @ ")
    assert parse_sets(f"{written_load} {body}") == report
    assert parse_sets(f"{body} {written_load}") == report

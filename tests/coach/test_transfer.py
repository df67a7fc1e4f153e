"""CSV export and import: round trips, Strong and Hevy files, and files that are refused."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from coach.history import Done
from coach.reports import ReportKind, SetsReport
from coach.transfer import HEADER, MAX_BYTES, ImportRefused, merge, read_csv
from coach.transfer import export_csv as export

SAMPLES = Path(__file__).parent.parent / "samples"
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BERLIN = "Europe/Berlin"


def done(session: int, day: date, exercise: str, reps: tuple[int, ...], load: float,
         left: tuple[int, ...] | None = None, right: tuple[int, ...] | None = None) -> Done:
    at = datetime(day.year, day.month, day.day, 17, 30, tzinfo=UTC)
    return Done(session, day, at, exercise, reps, load, left, right)


HISTORY = [
    done(1, date(2026, 11, 3), "sldl", (7, 7, 6), 6.0, (8, 8, 8), (7, 7, 6)),
    done(1, date(2026, 11, 3), "goblet_squat", (8, 8, 8), 0.0),
    done(2, date(2026, 11, 5), "goblet_squat", (6, 6, 5), 12.5),
]


def test_export_writes_one_row_per_set_and_per_leg_with_both_units() -> None:
    rows = export(HISTORY, BERLIN).splitlines()
    assert rows[0] == ",".join(HEADER)
    assert len(rows) == 1 + 6 + 3 + 3
    assert rows[1] == "2026-11-03T17:30:00Z,2026-11-03 18:30,sldl,1,L,8,6,6,kg,1,"
    assert rows[4] == "2026-11-03T17:30:00Z,2026-11-03 18:30,sldl,1,R,7,6,6,kg,1,"
    assert rows[-1] == "2026-11-05T17:30:00Z,2026-11-05 18:30,goblet_squat,3,,5,12.5,12.5,kg,2,"
    in_pounds = export(HISTORY, BERLIN, "lb").splitlines()
    assert in_pounds[-1].endswith(",5,12.5,27.6,lb,2,")


def test_an_export_imports_back_into_exactly_the_same_reports() -> None:
    data = export(HISTORY, BERLIN).encode()
    found = read_csv(data, BERLIN, "kg", NOW)
    plan = merge(found, set())
    assert (found.source, plan.taken, plan.duplicates, plan.lighter) == ("coachbot", 12, 0, 0)
    assert [(s.day, s.at) for s in plan.add] == [
        (date(2026, 11, 3), HISTORY[0].at), (date(2026, 11, 5), HISTORY[2].at)]
    assert plan.add[0].reports == (
        ("sldl", SetsReport(ReportKind.SETS, (7, 7, 6), (8, 8, 8), (7, 7, 6), 6.0)),
        ("goblet_squat", SetsReport(ReportKind.SETS, (8, 8, 8), load_kg=0.0)),
    )
    again = merge(found, {(date(2026, 11, 3), "sldl"), (date(2026, 11, 3), "goblet_squat"),
                          (date(2026, 11, 5), "goblet_squat")})
    assert (again.add, again.taken, again.duplicates) == ((), 0, 12)


def test_a_strong_export_maps_its_names_and_leaves_out_warmups_and_other_lifts() -> None:
    found = read_csv((SAMPLES / "strong.csv").read_bytes(), BERLIN, "kg", NOW)
    assert found.source == "Strong"
    assert found.unknown == {"Bench Press (Barbell)": 2}
    assert found.warmups == 3  # a "W" set, a plank with no reps, a lunge set of 0
    plan = merge(found, set())
    assert (len(plan.add), plan.taken, plan.lighter) == (2, 14, 1)
    first = dict(plan.add[0].reports)
    assert plan.add[0].at == datetime(2026, 10, 6, 16, 42, 10, tzinfo=UTC)  # 18:42 CEST
    assert first["goblet_squat"] == SetsReport(ReportKind.SETS, (8, 8, 7), load_kg=12.0)
    assert first["sldl"] == SetsReport(ReportKind.SETS, (8, 8), load_kg=8.0)
    assert first["eccentric_calf_raise"].load_kg == 0.0
    assert set(dict(plan.add[1].reports)) == {"goblet_squat", "step_up", "reverse_lunge"}


def test_a_strong_export_in_pounds_is_read_in_the_runners_unit() -> None:
    found = read_csv((SAMPLES / "strong.csv").read_bytes(), BERLIN, "lb", NOW)
    goblet = dict(merge(found, set()).add[0].reports)["goblet_squat"]
    assert goblet.load_kg == 5.5  # 12 lb, to the nearest half kilo


def test_a_hevy_export_maps_its_names_and_its_set_types() -> None:
    found = read_csv((SAMPLES / "hevy.csv").read_bytes(), BERLIN, "kg", NOW)
    assert (found.source, found.unknown, found.warmups) == (
        "Hevy", {"Hip Thrust (Barbell)": 2}, 1)
    plan = merge(found, set())
    assert (len(plan.add), plan.taken, plan.lighter) == (2, 13, 1)
    first = dict(plan.add[0].reports)
    assert first["goblet_squat"] == SetsReport(ReportKind.SETS, (8, 7, 6), load_kg=14.0)
    assert first["eccentric_calf_raise"] == SetsReport(ReportKind.SETS, (10, 10), load_kg=0.0)
    assert plan.add[1].day == date(2026, 10, 16)


def test_hevy_in_pounds_says_so_in_its_column() -> None:
    text = (SAMPLES / "hevy.csv").read_text().replace('"weight_kg"', '"weight_lbs"')
    found = read_csv(text.encode(), BERLIN, "kg", NOW)
    goblet = dict(merge(found, set()).add[0].reports)["goblet_squat"]
    assert goblet.load_kg == 6.5  # 14 lb


GOOD = export(HISTORY, BERLIN)
FUTURE = (NOW + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty"),
    (b"   \n", "empty"),
    (GOOD.encode() + b"\x00", "doesn't look like a CSV"),
    ("é".encode("latin-1") + GOOD.encode(), "UTF-8"),
    (b"a" * (MAX_BYTES + 1), "over 1 MB"),
    (b"name,age\nana,31\n", "don't know that file's columns"),
    (",".join(HEADER).encode() + b"\n", "no sets"),
    (GOOD.replace(",8,6,6,kg", ",80,6,6,kg", 1).encode(), "Line 2: reps should be"),
    (GOOD.replace(",8,6,6,kg", ",-3,6,6,kg", 1).encode(), "Line 2: reps should be"),
    (GOOD.replace(",8,6,6,kg", ",8,600,6,kg", 1).encode(), "can't be right"),
    (GOOD.replace(",8,6,6,kg", ",8,heavy,6,kg", 1).encode(), "isn't a number"),
    (GOOD.replace("2026-11-03T17:30:00Z", "yesterday", 1).encode(), "can't read the date"),
    (GOOD.replace("2026-11-03T17:30:00Z", FUTURE, 1).encode(), "out of range"),
    (GOOD.replace("2026-11-03T17:30:00Z", "1970-01-01T00:00:00Z", 1).encode(), "out of range"),
    (GOOD.replace(",1,L,8,", ",1,X,8,", 1).encode(), "side should be"),
    (GOOD.replace(",1,L,8,", ",99,L,8,", 1).encode(), "the set should be"),
    ((GOOD + '2026-11-05T17:30:00Z,x,goblet_squat,1,,8,1,1,kg,2,"\n').encode(), "malformed"),
    ((GOOD + "x," * 30 + "y" * 300 + "\n").encode(), "far too long"),
    ((GOOD + "1\n" * 20_001).encode(), "over 20,000 rows"),
])
def test_a_bad_file_is_refused_whole_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImportRefused) as refused:
        merge(read_csv(data, BERLIN, "kg", NOW), set())
    assert reason in refused.value.reason


def test_left_and_right_rows_that_do_not_pair_up_are_refused() -> None:
    lines = GOOD.splitlines()
    unpaired = "\n".join(line for line in lines if ",sldl,3,R," not in line)
    with pytest.raises(ImportRefused, match="don't pair up"):
        merge(read_csv(unpaired.encode(), BERLIN, "kg", NOW), set())


def test_formula_like_names_are_just_exercises_we_do_not_coach() -> None:
    text = (SAMPLES / "strong.csv").read_text().replace(
        '"Bench Press (Barbell)"', '"=HYPERLINK(""http://x"")"')
    found = read_csv(text.encode(), BERLIN, "kg", NOW)
    assert found.unknown == {'=HYPERLINK("http://x")': 2}

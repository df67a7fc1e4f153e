"""`coachbot simulate`: JSON lines or a table, no token or settings needed; reached through
the "coachbot.tools" entry point, so the product never imports the tool."""

import json
from importlib.metadata import EntryPoint, EntryPoints
from pathlib import Path
from typing import Any

import pytest

from bot import cli
from bot.main import main


def test_simulate_json_prints_one_object_per_planned_exercise_per_session(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "--runner", "bodyweight", "--weeks", "1", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3 * 5
    assert rows[0] == {"date": "2026-01-06", "exercise": "sldl", "sets": 3, "reps": 6,
                       "load_kg": 0.0, "variant": "Single-leg deadlift",
                       "reason": "first session: body weight, master the form", "race": None,
                       "minutes": 35, "effort": None}


def test_simulate_without_json_prints_a_table_session_by_session(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "--runner", "steady", "--weeks", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("steady: always makes the top of the range")
    assert "\nThu 8 Jan · about 38 min\n" in out
    assert "8s at body weight: two weeks of body weight first" in out
    assert "Goblet squat: 3×5 @ 8 kg" in out
    assert "body weight → 8 kg — all three sets reached 8 at body weight" in out


def test_simulate_refuses_an_unknown_runner_and_silly_weeks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["simulate", "--runner", "nobody"])
    assert main(["simulate", "--runner", "steady", "--weeks", "0"]) == 2


SPEC = {"name": "mine", "start": "2026-03-02", "weeks": 16, "hard_days": ["mon", "thu"],
        "equipment": "dumbbells 5 10 15 20 kg", "events": [{"week": 1, "effort": "easy"}]}


def test_simulate_runs_a_spec_file_for_the_weeks_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    spec = tmp_path / "mine.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    assert main(["simulate", "--spec", str(spec), "--weeks", "1", "--json"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert {row["date"] for row in rows} == {"2026-03-02", "2026-03-05"}
    assert {row["effort"] for row in rows} == {"easy"}
    assert all(row["minutes"] > 0 for row in rows)
    assert captured.err == ""  # no migration chatter


@pytest.mark.parametrize(("text", "named"), [
    ('{"name": "mine"', "spec: not JSON"),
    (json.dumps({**SPEC, "hard_days": ["mon", "someday"]}), "hard_days[1]: must be a weekday"),
    (json.dumps({**SPEC, "does": {"*": "a lot"}}), "does.*: must be one of top, target"),
    (json.dumps({**SPEC, "events": [{"week": 2, "effort": "meh"}]}),
     "events[0].effort: must be one of easy, just right, hard, too hard"),
])
def test_a_bad_spec_is_one_line_on_stderr_naming_the_field_with_exit_code_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, named: str,
) -> None:
    spec = tmp_path / "bad.json"
    spec.write_text(text, encoding="utf-8")
    assert main(["simulate", "--spec", str(spec)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"coachbot simulate: {spec}: {named}")
    assert ", like " in captured.err
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_a_spec_file_that_cannot_be_read_is_one_line_with_exit_code_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "--spec", str(tmp_path / "nowhere.json")]) == 2
    err = capsys.readouterr().err
    assert "file: cannot be read" in err
    assert err.count("\n") == 1


def test_a_runner_and_a_spec_together_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["simulate", "--runner", "steady", "--spec", "x.json"])
    assert refused.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_the_help_shows_the_spec_format_and_what_effort_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as shown:
        main(["simulate", "--help"])
    assert shown.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert '"does": {"goblet_squat": "stall", "*": "top"}' in out
    assert "too hard holds" in out


def test_simulate_is_a_tool_found_by_its_entry_point() -> None:
    assert "simulate" in cli.tool_names()
    assert "simulate" in cli.parser().format_help()


def test_a_tool_missing_from_the_install_says_so_with_exit_code_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    gone = EntryPoint("simulate", "tools.not_installed:main", cli.TOOLS)

    def points(**select: Any) -> EntryPoints:
        return EntryPoints((gone,)).select(**select)

    monkeypatch.setattr(cli, "entry_points", points)
    assert main(["simulate", "--runner", "steady"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("coachbot simulate: a developer tool")
    assert "Traceback" not in err

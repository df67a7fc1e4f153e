"""`coachbot simulate`: JSON lines or a table, no token or settings needed."""

import json

import pytest

from bot.main import main


def test_simulate_json_prints_one_object_per_planned_exercise_per_session(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "--runner", "bodyweight", "--weeks", "1", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) == 3 * 5
    assert rows[0] == {"date": "2026-01-06", "exercise": "sldl", "sets": 3, "reps": 6,
                       "load_kg": 0.0, "variant": "",
                       "reason": "first session: body weight, master the form", "race": None}


def test_simulate_without_json_prints_a_table_session_by_session(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["simulate", "--runner", "steady", "--weeks", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("steady: always makes the top of the range")
    assert "\nThu 8 Jan\n" in out
    assert "8s at body weight: two weeks of body weight first" in out
    assert "Goblet squat: 3×5 @ 8 kg" in out
    assert "body weight → 8 kg — all three sets reached 8 at body weight" in out


def test_simulate_refuses_an_unknown_runner_and_silly_weeks(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["simulate", "--runner", "nobody"])
    assert main(["simulate", "--runner", "steady", "--weeks", "0"]) == 2

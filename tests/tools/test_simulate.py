"""`coachbot simulate`: the named runners (tools/simulate/runners/*.json) through the real
services, and what they show."""

import itertools
import re
from collections import defaultdict

import pytest

from coach.exercises import CATALOGUE, by_id
from coach.variants import rung
from tools.simulate import RUNNERS, Row, Run, runner, runner_names, simulate

WEEKS = 8


def by_exercise(run: Run) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for row in run.rows:
        out[row.exercise].append(row)
    return out


def raises(rows: list[Row]) -> int:
    return sum(b.load_kg > a.load_kg for a, b in itertools.pairwise(rows))


@pytest.fixture(scope="module")
def runs() -> dict[str, Run]:
    import asyncio

    names = ("steady", "stall", "bodyweight", "imbalance", "break")
    return {name: asyncio.run(simulate(name, WEEKS)) for name in names}


def test_every_session_plans_all_five_exercises_on_the_hard_days(runs: dict[str, Run]) -> None:
    rows = runs["steady"].rows
    assert len(rows) == 5 * 3 * WEEKS
    assert {row.date.weekday() for row in rows} == {1, 3, 6}
    first = rows[0].as_json()
    assert list(first) == ["date", "exercise", "sets", "reps", "load_kg", "variant",
                           "reason", "race", "minutes", "effort"]
    assert first["race"] is None
    assert first["variant"] == "Single-leg deadlift"  # the name on the card


def test_steady_never_exceeds_a_ceiling_and_uses_only_weights_it_owns(
    runs: dict[str, Run],
) -> None:
    owned = {0.0, 8.0, 12.0, 16.0, 20.0, 24.0}
    for row in runs["steady"].rows:
        assert row.load_kg <= by_id(row.exercise).ceiling_kg
        assert row.load_kg in owned


def test_steady_calf_raise_moves_slower_than_goblet_squat(runs: dict[str, Run]) -> None:
    rows = by_exercise(runs["steady"])
    # at most: with three sessions a week, the one-step-a-week gate paces both alike
    assert raises(rows["eccentric_calf_raise"]) <= raises(rows["goblet_squat"])


def test_every_change_of_target_carries_a_reason_in_kg(runs: dict[str, Run]) -> None:
    rows = by_exercise(runs["steady"])["goblet_squat"]
    for before, after in itertools.pairwise(rows):
        if after.load_kg > before.load_kg:
            assert after.reason.startswith("Goblet squat: ")
            assert "→" in after.reason
            assert re.search(r" kg — ((all (three|four)|both) sets reached 8|every set made \d"
                             r"|four sessions of 8s at \d+ kg bridged the gap)", after.reason)


def test_bodyweight_climbs_variants_and_never_loads_up(runs: dict[str, Run]) -> None:
    rows = by_exercise(runs["bodyweight"])
    for exercise in CATALOGUE:
        series = rows[exercise.id]
        assert all(row.load_kg == 0.0 for row in series)
        rungs = [rung(exercise.id, row.variant_id) for row in series]
        assert rungs == sorted(rungs)
        assert rungs[-1] >= 2


def test_stall_changes_something_within_three_sessions(runs: dict[str, Run]) -> None:
    for series in by_exercise(runs["stall"]).values():  # where the runner is stuck (below
        # it they make the top and wait at the gates: body-weight weeks, a step a week)
        keys = [(r.sets, r.reps, r.load_kg, r.variant) for r in series]
        longest = max((len(group) for group in _runs(keys) if group[0][2] >= 10.0),
                      default=0)
        assert longest <= 3
    assert any("without a step" in row.reason for row in runs["stall"].rows)


def _runs(keys: list[tuple[int, int, float, str]]) -> list[list[tuple[int, int, float, str]]]:
    groups: list[list[tuple[int, int, float, str]]] = []
    for key in keys:
        if groups and groups[-1][-1] == key:
            groups[-1].append(key)
        else:
            groups.append([key])
    return groups


def test_break_comes_back_lighter_and_says_so(runs: dict[str, Run]) -> None:
    rows = by_exercise(runs["break"])["goblet_squat"]
    gaps = [(a, b) for a, b in itertools.pairwise(rows)
            if (b.date - a.date).days >= 10]
    assert len(gaps) == 1
    before, after = gaps[0]
    assert (after.load_kg, after.reps) < (before.load_kg, before.reps)
    assert "welcome back after" in after.reason


def test_imbalance_is_told_once_and_followed_up_when_it_closes(runs: dict[str, Run]) -> None:
    notes = [n for n in runs["imbalance"].notes if n.exercise == "sldl"]
    told = [n for n in notes if "trailed" in n.text]
    closed = [n for n in notes if "caught up" in n.text]
    assert len(told) == 1
    assert len(closed) == 1
    assert told[0].date < closed[0].date
    assert "Start each set with the right leg" in told[0].text


def test_every_runner_file_is_a_valid_spec_named_after_it() -> None:
    names = runner_names()
    assert {"steady", "stall", "bodyweight", "imbalance", "break", "race", "sore", "example",
            "kettlebells", "half", "achilles"} <= set(names)
    assert names == tuple(sorted(p.stem for p in RUNNERS.glob("*.json")))
    for name in names:
        assert runner(name).name == name
    with pytest.raises(KeyError):
        runner("../pyproject")

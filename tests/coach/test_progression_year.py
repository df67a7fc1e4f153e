"""A year of a runner who makes every rep, per kit, through `decide` alone: progress never
stops, and the gates hold after every session (one step a week, big jumps at fives,
variants restart lighter, only owned weights)."""

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from coach.equipment import BODYWEIGHT, GYM, Equipment, Kind
from coach.exercises import CATALOGUE, Exercise
from coach.loading import big
from coach.progression import Context, Outcome, Target, decide, initial_target
from coach.variants import rung

KETTLEBELLS = Equipment(Kind.WEIGHTS, (8.0, 16.0, 24.0), "kettlebells")
START = date(2026, 3, 2)  # a Monday; sessions Mon, Wed, Fri
WEEKS = 52


@dataclass(frozen=True)
class Session:
    day: date
    target: Target


def year(exercise: Exercise, kit: Equipment) -> list[Session]:
    target, history, out = initial_target(), list[Outcome](), list[Session]()
    days = [START + timedelta(weeks=w, days=d) for w in range(WEEKS) for d in (0, 2, 4)]
    for day in days:
        out.append(Session(day, target))
        reps = (8,) * target.sets
        context = Context(kit, "kg", tuple(history[-6:]), today=day)
        decision = decide(exercise, target, reps, None, context)
        history.append(Outcome(target, reps, target.load_kg, day=day))
        target = decision.target
    return out


KITS = {"body weight": BODYWEIGHT, "kettlebells 8/16/24": KETTLEBELLS, "gym": GYM}


@pytest.fixture(scope="module", params=list(KITS))
def years(request: pytest.FixtureRequest) -> tuple[Equipment, dict[str, list[Session]]]:
    kit = KITS[request.param]
    return kit, {exercise.id: year(exercise, kit) for exercise in CATALOGUE}


def test_something_changes_every_eight_weeks_of_steady_training(
        years: tuple[Equipment, dict[str, list[Session]]]) -> None:
    _, runs = years
    for sessions in runs.values():
        changes = [b.day for a, b in itertools.pairwise(sessions)
                   if a.target != b.target]
        marks = [START, *changes, sessions[-1].day]
        longest = max((b - a).days for a, b in itertools.pairwise(marks))
        assert longest <= 8 * 7


def test_one_step_a_week_and_big_jumps_only_at_fives(
        years: tuple[Equipment, dict[str, list[Session]]]) -> None:
    kit, runs = years
    for exercise_id, sessions in runs.items():
        steps: list[date] = []
        for a, b in itertools.pairwise(sessions):
            before, after = a.target, b.target
            harder = rung(exercise_id, after.variant) > rung(exercise_id, before.variant)
            if harder or (after.variant == before.variant and after.load_kg > before.load_kg):
                steps.append(a.day)
            if after.load_kg > before.load_kg and big(before.load_kg, after.load_kg, "kg"):
                assert after.reps == 5
            if harder:
                assert after.load_kg <= 0.7 * before.load_kg + 1e-6
            assert after.load_kg == 0 or kit.kind is Kind.GYM or (
                after.load_kg in kit.weights_kg)
        assert all((b - a).days >= 7 for a, b in itertools.pairwise(steps))


def test_a_gym_runner_is_still_adding_load_after_a_year() -> None:
    sessions = year(CATALOGUE[1], GYM)  # the goblet squat
    assert sessions[-1].target.load_kg > 24.0
    last_quarter = [s.target.load_kg for s in sessions[-39:]]
    assert last_quarter[-1] > last_quarter[0]

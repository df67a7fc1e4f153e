"""Sessions that fit about 45 minutes: closing a session fits the next targets themselves
(coach.session_life.close / fitted, coach.duration.fit), so trimmed exercises still
progress against their trimmed targets."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coach import duration
from coach.exercises import CATALOGUE, by_id
from coach.progression import MAX_REPS, MIN_REPS, Context, Outcome, Target
from coach.session_life import Logged, close, fitted
from coach.sets import ReportKind, SetsReport

IDS = [exercise.id for exercise in CATALOGUE]
TARGETS = st.builds(Target, st.integers(1, 4), st.integers(MIN_REPS, MAX_REPS),
                    st.sampled_from([0.0, 8.0, 24.0]),
                    st.sampled_from(["", "tempo", "slow", "pause", "rfe_split"]))


@given(st.lists(TARGETS, min_size=5, max_size=5), st.sets(st.sampled_from(IDS), min_size=1))
def test_no_session_runs_over_forty_five_minutes(targets: list[Target],
                                                  logged: set[str]) -> None:
    usual = list(zip(IDS, targets, strict=True))
    done = [Logged(by_id(exercise_id), target, SetsReport(ReportKind.AS_PLANNED))
            for exercise_id, target in usual if exercise_id in logged]
    closing = close(done, auto_progression=True, usual=usual)
    after = [(exercise_id, closing.targets.get(exercise_id, target))
             for exercise_id, target in usual]
    assert duration.minutes(after) <= duration.LIMIT_MINUTES
    for exercise, decision in closing.decisions:
        if decision.target.sets < dict(usual)[exercise.id].sets and exercise.id not in logged:
            assert "the session fits 45 minutes" in decision.why


def test_a_trimmed_target_says_why() -> None:
    usual = [(exercise_id, Target(3, 8, 20.0)) for exercise_id in IDS]
    decisions = dict((e.id, d) for e, d in fitted((), usual))
    assert decisions["step_up"].target == Target(2, 8, 20.0)
    assert decisions["step_up"].why == "2 sets: the session fits 45 minutes"
    assert "sldl" not in decisions  # the first in priority keeps its sets


def test_a_fourth_set_before_a_big_step_survives_the_trim() -> None:
    usual = [(exercise_id, Target(3, 8, 20.0)) for exercise_id in IDS]
    usual[-1] = ("step_up", Target(4, 8, 20.0))  # the bridge: lowest priority, yet kept
    decisions = dict((e.id, d) for e, d in fitted((), usual))
    assert "step_up" not in decisions
    assert decisions["reverse_lunge"].target.sets < 3


def test_a_trimmed_exercise_still_progresses() -> None:
    """Twelve weeks of a gym runner who makes every rep: the step-up, trimmed first, still
    climbs, and no session runs over 45 minutes."""
    targets = dict(duration.fit([(exercise_id, Target(3, MAX_REPS, 20.0))
                                 for exercise_id in IDS]))
    history: dict[str, list[Outcome]] = {exercise_id: [] for exercise_id in IDS}
    day, loads, trimmed = date(2026, 3, 2), [], False
    for _ in range(36):
        usual = [(exercise_id, targets[exercise_id]) for exercise_id in IDS]
        assert duration.minutes(usual) <= duration.LIMIT_MINUTES
        done = []
        for exercise_id, target in usual:
            reps = (MAX_REPS,) * target.sets
            context = Context(unit="kg", history=tuple(history[exercise_id]), today=day,
                              lifts=True)
            done.append(Logged(by_id(exercise_id), target,
                               SetsReport(ReportKind.SETS, reps), context))
            history[exercise_id].append(Outcome(target, reps, target.load_kg, day=day))
        closing = close(done, auto_progression=True, usual=usual)
        targets.update(closing.targets)
        trimmed |= any("fits 45 minutes" in d.why for e, d in closing.decisions
                       if e.id == "step_up")
        loads.append(targets["step_up"].load_kg)
        day += timedelta(days=2 if day.weekday() < 4 else 3)
    assert trimmed
    assert loads == sorted(loads)
    assert len(set(loads)) >= 6  # a step most weeks, one a week at most
    assert loads[-1] > loads[-7]  # still climbing in the last fortnight


def test_a_skipped_session_changes_no_target() -> None:
    usual = [(exercise_id, Target(4, 8, 24.0, "slow")) for exercise_id in IDS]
    closing = close([], auto_progression=True, usual=usual)
    assert (closing.status, closing.targets, closing.decisions) == ("skipped", {}, ())

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


def test_no_exercise_goes_below_two_sets_while_another_holds_four() -> None:
    """Coarse kettlebells: a four-set bridge on the deadlift, everything loaded and slow."""
    usual = [(exercise_id, Target(3, 5, 16.0, "")) for exercise_id in IDS]
    usual[0] = ("sldl", Target(4, 8, 8.0))
    usual[3] = ("eccentric_calf_raise", Target(3, 8, 8.0, "slow"))
    trimmed = dict(duration.fit(usual, keep=frozenset({"sldl"})))
    assert duration.minutes(list(trimmed.items())) <= duration.LIMIT_MINUTES
    assert trimmed["sldl"].sets == 4
    assert min(t.sets for t in trimmed.values()) >= 2


def test_trimming_is_even_the_most_sets_lose_one_first() -> None:
    usual = [(exercise_id, Target(4, 8, 20.0)) for exercise_id in IDS]
    trimmed = dict(duration.fit(usual))
    assert max(t.sets for t in trimmed.values()) - min(t.sets for t in trimmed.values()) <= 1


@given(st.lists(st.integers(MIN_REPS, MAX_REPS), min_size=5, max_size=5))
def test_a_trim_does_not_change_while_the_reps_climb(reps: list[int]) -> None:
    """The fit counts every set at the top of the range: 3×5 and 3×8 trim the same."""
    at = [(exercise_id, Target(3, r, 16.0)) for exercise_id, r in zip(IDS, reps, strict=True)]
    top = [(exercise_id, Target(3, MAX_REPS, 16.0)) for exercise_id in IDS]
    assert [t.sets for _, t in duration.fit(at)] == [t.sets for _, t in duration.fit(top)]


def test_a_trimmed_exercise_gets_its_sets_back_when_there_is_room() -> None:
    usual = [(exercise_id, Target(2, 8, 0.0)) for exercise_id in IDS]  # body weight: short
    decisions = dict((e.id, d) for e, d in fitted((), usual))
    assert {d.target.sets for d in decisions.values()} == {3}
    assert all("room in the session again" in d.why for d in decisions.values())

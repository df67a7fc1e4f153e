"""Honest duration: a session's minutes from its sets, reps, tempo, sides and rest, and
trimming one that runs over from the lowest-priority exercise."""

import math

from hypothesis import given
from hypothesis import strategies as st

from coach import duration
from coach.duration import LIMIT_MINUTES, PRIORITY, fit, minutes
from coach.exercises import EXERCISE_IDS
from coach.progression import MAX_REPS, MIN_REPS, Target


def session(sets: int = 3, reps: int = 8, load_kg: float = 12.0,
            variant: str = "") -> list[tuple[str, Target]]:
    return [(exercise_id, Target(sets, reps, load_kg, variant)) for exercise_id in EXERCISE_IDS]


def test_a_session_of_fifteen_heavy_sets_takes_about_fifty_minutes() -> None:
    assert 47 <= minutes(session()) <= 55


def test_the_same_session_at_body_weight_is_shorter_for_its_shorter_rests() -> None:
    assert minutes(session(load_kg=0.0)) < minutes(session()) - 10


def test_a_slow_or_paused_variant_takes_longer_per_rep() -> None:
    plain = minutes([("goblet_squat", Target(3, 8, 16.0))])
    assert minutes([("goblet_squat", Target(3, 8, 16.0, "tempo"))]) > plain
    assert minutes([("goblet_squat", Target(3, 8, 16.0, "pause"))]) > plain


def test_one_leg_work_counts_both_sides() -> None:
    one_leg = minutes([("reverse_lunge", Target(3, 8, 0.0))])
    two_legs = minutes([("goblet_squat", Target(3, 8, 0.0))])
    assert one_leg > two_legs
    split = minutes([("goblet_squat", Target(3, 8, 0.0, "rfe_split"))])
    assert split == one_leg  # the split squat variant is one leg at a time


def test_the_top_of_the_ladder_runs_near_an_hour_or_more() -> None:
    assert minutes(session(sets=4, variant="pause", load_kg=0.0)) >= 55


def test_a_warm_up_comes_first_and_a_swapped_hold_adds_its_minutes() -> None:
    assert minutes([]) == 5
    assert minutes([], holds=1) == 9


def test_a_session_over_forty_five_minutes_is_trimmed_from_the_lowest_priority() -> None:
    long = session()
    trimmed = fit(long)
    assert minutes(trimmed) <= LIMIT_MINUTES
    sets = {exercise_id: target.sets for exercise_id, target in trimmed}
    assert sets["step_up"] == 2
    assert sets["sldl"] == sets["goblet_squat"] == sets["eccentric_calf_raise"] == 3
    assert [exercise_id for exercise_id, _ in trimmed] == list(EXERCISE_IDS)  # order kept
    assert {(t.reps, t.load_kg, t.variant) for _, t in trimmed} == {(8, 12.0, "")}


def test_a_session_that_fits_is_left_alone() -> None:
    short = session(load_kg=0.0)
    assert fit(short) == short


def test_trimming_takes_every_exercise_to_two_sets_before_any_goes_to_one() -> None:
    trimmed = fit(session(sets=4, variant="pause"), limit=30)
    sets = {exercise_id: target.sets for exercise_id, target in trimmed}
    ones = [exercise_id for exercise_id, n in sets.items() if n == 1]
    twos = [exercise_id for exercise_id, n in sets.items() if n == 2]
    assert ones
    assert twos
    assert len(ones) + len(twos) == len(sets)
    assert all(PRIORITY.index(one) > PRIORITY.index(two) for one in ones for two in twos)


@given(st.lists(st.tuples(st.sampled_from(EXERCISE_IDS),
                          st.builds(Target, st.integers(1, 5), st.integers(MIN_REPS, MAX_REPS),
                                    st.sampled_from([0.0, 8.0, 24.0]),
                                    st.sampled_from(["", "tempo", "pause", "slow", "new"]))),
                max_size=6),
       st.integers(10, 90))
def test_fitting_never_adds_time_and_fits_whenever_one_set_each_would(
        items: list[tuple[str, Target]], limit: int) -> None:
    trimmed = fit(items, limit)
    assert minutes(trimmed) <= max(minutes(items), 0)
    one_each = [(e, Target(1, t.reps, t.load_kg, t.variant)) for e, t in items]
    if minutes(one_each) <= limit:
        assert minutes(trimmed) <= limit


def per_set(items: list[tuple[str, Target]], holds: int) -> float:
    """The estimate added set by set, as the module's docstring describes it."""
    sets = [(exercise_id, target) for exercise_id, target in items
            for _ in range(target.sets)]
    work = sum(duration.set_seconds(exercise_id, target) for exercise_id, target in sets)
    rests = sum(duration.REST_HEAVY_S if target.load_kg > 0 else duration.REST_LIGHT_S
                for _, target in sets[:-1])
    return duration.WARM_UP_S + work + rests + holds * duration.HOLD_S


VARIANT_IDS = st.sampled_from(["", *duration.TEMPO_S, *duration.ONE_LEG_VARIANTS, "other"])
ITEMS = st.lists(st.tuples(st.sampled_from([*EXERCISE_IDS, "hold"]), st.builds(
    Target, st.integers(1, 5), st.integers(MIN_REPS, MAX_REPS),
    st.sampled_from([0.0, 2.5, 16.0]), VARIANT_IDS)), max_size=7)


@given(items=ITEMS, holds=st.integers(0, 3))
def test_adding_per_exercise_gives_the_set_by_set_sum(items: list[tuple[str, Target]],
                                                      holds: int) -> None:
    assert duration.seconds(items, holds) == per_set(items, holds)
    assert minutes(items, holds) == math.ceil(per_set(items, holds) / 60)

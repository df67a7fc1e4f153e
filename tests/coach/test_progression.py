import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.equipment import Equipment, Kind
from coach.exercises import CATALOGUE, Exercise, by_id
from coach.progression import (
    IMBALANCE_THRESHOLD,
    Change,
    Context,
    Decision,
    Imbalance,
    Target,
    decide,
    imbalance,
    initial_target,
    leg_gap,
    next_target,
)
from coach.variants import rung

SQUAT = by_id("goblet_squat")  # first load 8 kg, step 2 kg
SLDL = by_id("sldl")  # first load 6 kg, step 1 kg, two sessions at the top to move


def test_the_first_target_is_three_sets_of_six_at_body_weight() -> None:
    assert initial_target() == Target(sets=3, reps=6, load_kg=0.0)


def test_a_skipped_exercise_changes_nothing() -> None:
    current = Target(3, 7, 10.0)
    assert next_target(SQUAT, current, [], None) == Decision(current, Change.NONE)


def test_all_sets_at_eight_raises_the_load() -> None:
    decision = next_target(SQUAT, Target(3, 8, 10.0), [8, 8, 8], None)
    assert decision == Decision(Target(3, 5, 12.0), Change.UP)


def test_all_sets_at_eight_at_body_weight_moves_to_the_first_load() -> None:
    decision = next_target(SQUAT, Target(3, 8, 0.0), [8, 9, 8], None)
    assert decision == Decision(Target(3, 5, 8.0), Change.UP)


def test_eights_in_fewer_sets_than_the_target_do_not_raise_the_load() -> None:
    decision = next_target(SQUAT, Target(3, 8, 10.0), [8, 8], None)
    assert decision == Decision(Target(3, 8, 10.0), Change.HOLD)


def test_the_load_actually_used_is_the_one_progressed() -> None:
    decision = next_target(SQUAT, Target(3, 8, 10.0), [8, 8, 8], 14.0)
    assert decision.target.load_kg == 16.0


def test_a_set_below_five_holds_the_load() -> None:
    decision = next_target(SQUAT, Target(3, 7, 10.0), [7, 6, 4], None)
    assert decision == Decision(Target(3, 5, 10.0), Change.HOLD)


def test_two_sets_below_five_lower_the_load_a_step() -> None:
    decision = next_target(SQUAT, Target(3, 6, 12.0), [5, 4, 3], None)
    assert decision == Decision(Target(3, 5, 10.0), Change.DOWN)


def test_two_sets_below_five_at_the_lightest_weight_owned_go_back_to_body_weight() -> None:
    bells = Context(Equipment(Kind.WEIGHTS, (8.0, 12.0), "kettlebells"))
    decision = decide(SQUAT, Target(3, 6, 8.0), [4, 4, 4], None, bells)
    assert decision == Decision(Target(3, 5, 0.0), Change.DOWN)


def test_in_a_gym_two_sets_below_five_at_the_first_load_go_back_to_body_weight() -> None:
    decision = next_target(SQUAT, Target(3, 6, 8.0), [4, 4, 4], None)
    assert decision == Decision(Target(3, 5, 0.0), Change.DOWN)


def test_in_a_gym_two_sets_below_five_above_the_first_load_take_off_one_step() -> None:
    decision = next_target(SQUAT, Target(3, 6, 12.0), [4, 4, 4], None)
    assert decision == Decision(Target(3, 5, 10.0), Change.DOWN)


def test_two_sets_below_five_at_body_weight_hold() -> None:
    decision = next_target(SQUAT, Target(3, 6, 0.0), [3, 3, 3], None)
    assert decision == Decision(Target(3, 5, 0.0), Change.HOLD)


def test_hitting_the_target_adds_a_rep() -> None:
    decision = next_target(SLDL, Target(3, 6, 6.0), [6, 6, 6], None)
    assert decision == Decision(Target(3, 7, 6.0), Change.MORE_REPS)


def test_beating_the_target_sets_it_one_above_the_weakest_set() -> None:
    decision = next_target(SLDL, Target(3, 5, 6.0), [7, 8, 7], None)
    assert decision == Decision(Target(3, 8, 6.0), Change.MORE_REPS)


def test_missing_the_target_without_dropping_below_five_keeps_it() -> None:
    decision = next_target(SLDL, Target(3, 7, 6.0), [7, 6, 5], None)
    assert decision == Decision(Target(3, 7, 6.0), Change.HOLD)


def test_the_rep_target_never_goes_above_eight() -> None:
    decision = next_target(SLDL, Target(3, 8, 6.0), [9, 9, 7], None)
    assert decision.target.reps == 8


def test_repeated_steps_up_in_a_gym_do_not_drift_and_pass_the_old_ceiling() -> None:
    target = Target(3, 8, 0.0)
    for _ in range(20):
        decision = next_target(SQUAT, Target(3, 8, target.load_kg), [8, 8, 8], None)
        target = decision.target
    assert target.load_kg == 8.0 + 19 * 2.0 > SQUAT.ceiling_kg


@pytest.mark.parametrize(
    ("sets", "reps", "load"), [(0, 6, 0.0), (3, 4, 0.0), (3, 9, 0.0), (3, 6, -2.0)]
)
def test_an_impossible_target_is_refused(sets: int, reps: int, load: float) -> None:
    with pytest.raises(ValueError, match="must"):
        Target(sets, reps, load)


def test_negative_reps_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        next_target(SQUAT, Target(), [6, -1, 6], None)


def test_a_negative_load_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        next_target(SQUAT, Target(), [6, 6, 6], -4.0)


EXERCISES = st.sampled_from(CATALOGUE)
TARGETS = st.builds(
    Target,
    sets=st.integers(1, 5),
    reps=st.integers(5, 8),
    load_kg=st.integers(0, 40).map(float),
)
REPS = st.lists(st.integers(0, 15), max_size=6)
LOADS = st.none() | st.integers(0, 40).map(float)


@given(EXERCISES, TARGETS, REPS, LOADS)
def test_the_next_load_is_never_negative_and_reps_stay_five_to_eight(
    exercise: Exercise, current: Target, reps: list[int], load: float | None
) -> None:
    decision = next_target(exercise, current, reps, load)
    assert decision.target.load_kg >= 0
    assert 5 <= decision.target.reps <= 8
    moved_on = decision.change in (Change.UP, Change.VARIANT)
    assert decision.change is not Change.VOLUME  # a fourth set needs two sessions at the top
    assert decision.target.sets == (3 if moved_on else current.sets)


@given(EXERCISES, TARGETS, REPS, LOADS)
def test_the_load_goes_up_only_when_every_set_reached_eight(
    exercise: Exercise, current: Target, reps: list[int], load: float | None
) -> None:
    decision = next_target(exercise, current, reps, load)
    used = current.load_kg if load is None or not reps else load
    went_up = decision.target.load_kg > used
    assert (decision.change is Change.UP) == went_up
    if went_up:
        assert len(reps) >= current.sets
        assert min(reps) >= 8


@given(EXERCISES, TARGETS, REPS, LOADS, st.data())
def test_more_reps_never_give_a_lower_next_target(
    exercise: Exercise, current: Target, reps: list[int], load: float | None, data: st.DataObject
) -> None:
    better = [r + data.draw(st.integers(0, 4)) for r in reps]
    worse_target = next_target(exercise, current, reps, load).target
    better_target = next_target(exercise, current, better, load).target
    def key(t: Target) -> tuple[float, int, int]:
        return (t.load_kg, rung(exercise.id, t.variant), t.reps)

    assert key(worse_target) <= key(better_target)


def test_leg_gap_is_the_relative_difference_of_the_totals() -> None:
    assert leg_gap([8, 8, 8], [7, 7, 7]) == pytest.approx(0.125)
    assert leg_gap([6, 6], [6, 6]) == 0.0


def test_a_leg_gap_above_ten_percent_counts_as_an_imbalance() -> None:
    gap = leg_gap([8, 8, 8], [7, 7, 7])
    assert gap is not None
    assert gap > IMBALANCE_THRESHOLD


@pytest.mark.parametrize(
    ("left", "right"), [([], []), ([6, 6], []), ([6, 6, 6], [6, 6]), ([0, 0], [0, 0])]
)
def test_legs_without_matching_sets_are_not_compared(left: list[int], right: list[int]) -> None:
    assert leg_gap(left, right) is None


@given(st.lists(st.integers(0, 20), min_size=1, max_size=5), st.data())
def test_leg_gap_is_symmetric_and_between_zero_and_one(
    left: list[int], data: st.DataObject
) -> None:
    right = data.draw(st.lists(st.integers(0, 20), min_size=len(left), max_size=len(left)))
    gap = leg_gap(left, right)
    assert gap == leg_gap(right, left)
    if gap is not None:
        assert 0.0 <= gap <= 1.0


def test_an_imbalance_names_the_weaker_leg_only_past_the_threshold() -> None:
    lag = imbalance([8, 8, 8], [7, 7, 6])
    assert lag is not None
    assert lag.weaker == "right"
    assert lag.gap == pytest.approx(4 / 24)
    assert imbalance([6, 6, 6], [8, 8, 8]) == Imbalance("left", 0.25)
    assert imbalance([8, 8, 8], [8, 8, 7]) is None  # 4 % apart: not worth a note
    assert imbalance(None, [8, 8]) is None
    assert imbalance([8, 8], [8]) is None

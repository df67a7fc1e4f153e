"""Ladders of harder variants: every exercise has one, each rung with its own cue."""

from coach.exercises import EXERCISE_IDS
from coach.variants import easier, harder, ladder, rung, variant


def test_every_exercise_has_a_ladder_of_at_least_three_harder_rungs() -> None:
    for exercise_id in EXERCISE_IDS:
        steps = ladder(exercise_id)
        assert steps[0].id == ""
        assert len(steps) >= 4
        assert all(step.cue for step in steps[1:])
        assert len({step.id for step in steps}) == len(steps)


def test_the_goblet_squat_ladder_goes_tempo_pause_one_and_a_half_split_squat() -> None:
    assert [v.id for v in ladder("goblet_squat")] == [
        "", "tempo", "pause", "one_half", "rfe_split"]


def test_the_calf_raise_ladder_ends_single_leg_on_a_deficit() -> None:
    ids = [v.id for v in ladder("eccentric_calf_raise")]
    assert ids.index("single") < ids.index("deficit")


def test_climbing_and_stepping_down_move_one_rung() -> None:
    assert harder("step_up", "") == variant("step_up", "tempo")
    assert easier("step_up", "tempo") == variant("step_up", "")
    assert easier("step_up", "") is None
    assert harder("step_up", ladder("step_up")[-1].id) is None


def test_an_unknown_variant_counts_as_the_base_exercise() -> None:
    assert rung("sldl", "no-such") == 0
    assert variant("sldl", "").name == "Single-leg deadlift"

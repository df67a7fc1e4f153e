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


def test_the_goblet_squat_ladder_goes_tempo_pause_one_and_a_half_split_squat_jump() -> None:
    assert [v.id for v in ladder("goblet_squat")] == [
        "", "tempo", "pause", "one_half", "rfe_split", "jump"]


def test_the_same_movement_never_twice_in_a_session() -> None:
    names = [v.name for exercise_id in EXERCISE_IDS for v in ladder(exercise_id)[1:]]
    assert len(names) == len(set(names))
    assert sum("split squat" in name.lower() for name in names) == 1


def test_every_ladder_ends_in_a_plyometric_rung_at_body_weight() -> None:
    for exercise_id in EXERCISE_IDS:
        steps = ladder(exercise_id)
        assert steps[-1].plyo
        assert not any(step.plyo for step in steps[:-1])


def test_a_stored_lunge_split_squat_reads_as_the_lunges_own_rung() -> None:
    assert variant("reverse_lunge", "rfe_split").name == "Reverse lunge with a pulse"


def test_the_calf_ladder_has_a_bent_knee_raise_for_the_soleus() -> None:
    bent = variant("eccentric_calf_raise", "bent_knee")
    assert "soleus" in bent.cue


def test_cues_keep_a_long_spine_and_one_foot_cue() -> None:
    reach = variant("sldl", "reach").cue
    assert "past your toes" not in reach
    assert "chest proud" in reach
    assert "heel" not in variant("step_up", "high").cue


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

"""Pain rated 0-10 and bone-stress signs as pure rules (coach/pain.py, coach/readiness.py;
Silbernagel et al. 2007), and honest words about isometric holds."""

from coach.pain import SWAPS, bone_signs, verdict
from coach.progression import Target
from coach.readiness import Level, Today, Told, read_readiness, shape

USUAL = [("goblet_squat", Target(3, 7, 12.0)), ("sldl", Target(3, 6, 10.0)),
         ("step_up", Target(3, 8, 0.0)), ("eccentric_calf_raise", Target(3, 6, 8.0, "pogo"))]


def test_pain_three_or_less_carries_on_and_says_keep_an_eye_on_it() -> None:
    assert "carry on as planned" in verdict(3)
    assert shape(USUAL, Today(level=Level.PAIN)).items[0].target == Target(3, 7, 12.0)


def test_pain_four_or_five_makes_the_areas_exercises_body_weight_fives() -> None:
    shaped = shape(USUAL, Today(pain_light=frozenset({"knee"})))
    assert shaped.items[0].target == Target(3, 5, 0.0)
    assert shaped.items[1].target == Target(3, 6, 10.0)
    assert "lighter day" in verdict(4)


def test_pain_over_five_stops_what_loads_it() -> None:
    shaped = shape(USUAL, Today(pain_today=frozenset({"knee"})))
    assert shaped.items[0].target is None
    assert "stops" in verdict(7)
    assert "Worse than last time" in verdict(11)


def test_bone_stress_signs_leave_out_step_ups_and_hops() -> None:
    shaped = shape(USUAL, Today(no_impact=True))
    left = {p.exercise_id: p.skipped for p in shaped.items if p.target is None}
    assert left.get("step_up") == "impact"
    assert shaped.items[0].target == Target(3, 7, 12.0)


def test_shin_or_foot_pain_with_night_or_walking_words_is_a_bone_stress_sign() -> None:
    for text in ("my shin hurts at night", "foot hurts when I walk", "shin hurts to walk",
                 "pinpoint pain on my shin"):
        told = read_readiness(text)
        assert isinstance(told, Told), text
        assert told.bone, text
    knee = read_readiness("my knee hurts at night")
    assert isinstance(knee, Told)
    assert not knee.bone  # a bone-stress sign is about shin or foot
    assert not bone_signs("my shin is sore")


def test_isometric_holds_are_described_honestly() -> None:
    cue = SWAPS["eccentric_calf_raise"].cue
    assert "may ease" in cue
    assert "not a cure" in cue
    assert "calm the tendon" not in cue

"""A target with a harder variant names it on the card, with the variant's own cue."""

from bot.format import cue_text, target_text
from coach.exercises import by_id
from coach.progression import Target

SQUAT = by_id("goblet_squat")


def test_a_variant_target_names_the_variant() -> None:
    assert target_text(SQUAT, Target(3, 5, 16.0, "pause")) == "3×5 @ 16 kg · Pause squat"
    assert target_text(SQUAT, Target(3, 5, 16.0)) == "3×5 @ 16 kg"


def test_the_cue_is_the_variants_when_there_is_one() -> None:
    assert cue_text(SQUAT, Target(3, 5, 0.0, "pause")).startswith("Sit still at the bottom")
    assert cue_text(SQUAT, Target(3, 5, 0.0)) == SQUAT.cue

"""Reasons and labels: one line in the runner's unit, never a wrong tag."""

import pytest

from coach.reasons import change_text, label, reason_line
from coach.units import KG_PER_LB


def test_a_raise_reads_like_a_coach_says_it() -> None:
    headline = change_text("goblet_squat", "Goblet squat", (3, 8, 18.0, ""), (3, 5, 20.0, ""),
                           "kg")
    line = reason_line(headline, "all three sets reached 8 at 18 kg")
    assert line == "Goblet squat: 18 → 20 kg — all three sets reached 8 at 18 kg"


def test_loads_are_shown_in_pounds_for_a_pound_runner() -> None:
    headline = change_text("goblet_squat", "Goblet squat", (3, 8, 20 * KG_PER_LB, ""),
                           (3, 5, 25 * KG_PER_LB, ""), "lb")
    assert headline == "Goblet squat: 20 → 25 lb"


def test_a_variant_change_names_both_variants() -> None:
    headline = change_text("goblet_squat", "Goblet squat", (3, 8, 0.0, ""),
                           (3, 5, 0.0, "tempo"), "kg")
    assert headline == "Goblet squat: Goblet squat → Tempo squat 3-1-1"


@pytest.mark.parametrize(("before", "after", "tag"), [
    ((3, 5, 20.0, ""), (3, 5, 8.0, ""), "a little lighter"),
    ((3, 8, 8.0, ""), (3, 5, 10.0, ""), "load up"),
    ((3, 6, 8.0, ""), (3, 7, 8.0, ""), "one more rep"),
    ((3, 5, 8.0, ""), (3, 7, 8.0, ""), "2 more reps"),
    ((3, 7, 8.0, ""), (3, 5, 8.0, ""), "same load, 5 reps"),
    ((3, 8, 0.0, ""), (3, 5, 0.0, "tempo"), "harder variant"),
    ((3, 7, 0.0, "tempo"), (3, 7, 0.0, ""), "easier variant"),
    ((3, 7, 0.0, ""), (4, 5, 0.0, ""), "4 sets of 5"),
    ((3, 7, 0.0, ""), (3, 7, 0.0, ""), "same target"),
])
def test_labels_are_read_off_the_two_targets(before: tuple[int, int, float, str],
                                             after: tuple[int, int, float, str],
                                             tag: str) -> None:
    assert label("goblet_squat", before, after) == tag


def test_a_drop_is_never_called_load_up() -> None:
    assert label("goblet_squat", (3, 8, 20.0, ""), (3, 5, 8.0, "")) != "load up"


def test_a_harder_variant_restarting_lighter_is_a_harder_variant_and_shows_both_loads(
) -> None:
    before, after = (4, 8, 24.0, "pause"), (3, 5, 16.0, "one_half")
    assert label("goblet_squat", before, after) == "harder variant"
    assert change_text("goblet_squat", "Goblet squat", before, after, "kg") == (
        "Goblet squat: Pause squat → 1½-rep squat, 24 → 16 kg")

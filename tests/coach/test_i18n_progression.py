# ruff: noqa: RUF001  (Russian texts: Cyrillic letters that look Latin are meant)
"""The progression's texts in Russian: names, loads with a decimal comma, reasons, plurals."""

import pytest

from coach.exercises import by_id
from coach.pain import by_area, verdict
from coach.progression import Target, decide
from coach.reasons import change_text, label, reason_line
from coach.units import show_load
from coach.variants import variant
from i18n import language


def test_a_card_line_shows_a_load_with_a_decimal_comma() -> None:
    with language("ru"):
        assert show_load(12.5) == "12,5 кг"
        assert show_load(0.0) == "свой вес"
        headline = change_text("goblet_squat", by_id("goblet_squat").name, (3, 8, 10.0, ""),
                               (3, 5, 12.5, ""), "kg")
    assert headline == "Гоблет-присед: 10 → 12,5 кг"
    assert show_load(12.5) == "12.5 kg"  # outside the block: the English source


def test_a_reason_line_reads_in_russian() -> None:
    goblet = by_id("goblet_squat")
    with language("ru"):
        decision = decide(goblet, Target(3, 8, 12.5), [8, 8, 8], 12.5)
        line = reason_line(change_text(goblet.id, goblet.name, (3, 8, 12.5, ""),
                                       decision.target.key(), "kg"), decision.why)
    assert line == "Гоблет-присед: 12,5 → 14,5 кг — все три подхода дошли до 8 (12,5 кг)"


@pytest.mark.parametrize(("sets", "expected"), [
    (1, "1 подход по 5"), (3, "3 подхода по 5"), (5, "5 подходов по 5"),
    (21, "21 подход по 5"),
])
def test_sets_take_the_three_russian_plural_forms(sets: int, expected: str) -> None:
    with language("ru"):
        assert label("step_up", (2, 5, 0.0, ""), (sets, 5, 0.0, "")) == expected


def test_names_cues_and_pain_texts_are_translated_ids_stay() -> None:
    with language("ru"):
        squat = variant("goblet_squat", "pause")
        assert (squat.id, squat.name) == ("pause", "Присед с паузой")
        assert by_id("step_up").cue.startswith("Толкайся")
        assert by_area("knee").label == "Колено"
        assert verdict(4).startswith("4/10: там, где болит")
    assert variant("goblet_squat", "pause").name == "Pause squat"

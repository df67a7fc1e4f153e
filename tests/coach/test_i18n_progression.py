# ruff: noqa: RUF001  (Russian texts: Cyrillic letters that look Latin are meant)
"""The progression's texts in Russian: names, loads with a decimal comma, reasons, plurals."""

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.equipment import BODYWEIGHT, GYM, Equipment, Kind
from coach.exercises import CATALOGUE, Exercise, by_id
from coach.pain import by_area, verdict
from coach.progression import Context, Outcome, Target, decide, initial_target
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


LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
KITS = (BODYWEIGHT, GYM, Equipment(Kind.WEIGHTS, (8.0, 16.0, 24.0), "kettlebells"))
EFFORTS = st.sampled_from([None, "easy", "just right", "hard", "too hard"])
SESSION = st.tuples(st.integers(1, 30), st.lists(st.integers(2, 9), min_size=4, max_size=4),
                    EFFORTS)


@given(st.sampled_from(CATALOGUE), st.sampled_from(KITS), st.sampled_from(["kg", "lb"]),
       st.lists(SESSION, min_size=5, max_size=40))
def test_every_reason_the_rules_give_is_russian_through_and_through(
        exercise: Exercise, kit: Equipment, unit: str,
        plan: list[tuple[int, list[int], str | None]]) -> None:
    """Random runners through `decide` in Russian: no reason or note has a Latin word."""
    target, history, day = initial_target(), list[Outcome](), date(2026, 3, 2)
    with language("ru"):
        for gap, reps, felt in plan:
            day += timedelta(days=gap)
            if gap >= 10:
                back = decide(exercise, target, (), None, Context(kit, unit, days_away=gap))
                assert not LATIN_WORD.search(back.why), back.why
                target = back.target
            done = tuple(reps[:target.sets])
            decision = decide(exercise, target, done, None, Context(
                kit, unit, history=tuple(history[-6:]), today=day, effort=felt))
            assert not LATIN_WORD.search(decision.why + decision.note), decision.why
            history.append(Outcome(target, done, target.load_kg, day=day, effort=felt))
            target = decision.target

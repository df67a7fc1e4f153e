"""The words of corrections and of the answers to questions in a session (bot/talk.py)."""

from bot.talk import NOTHING_YET, UNCLEAR_TEXT, answer_text, not_corrected_text
from coach.exercises import by_id
from coach.progression import Target
from coach.questions import Card, Next, Rest, answer
from coach.talk import Correction
from services.talk import NO_SETS, NOTHING, UNCLEAR, NotCorrected

CARD = Card(("reverse_lunge", "step_up"),
            {"reverse_lunge": Target(3, 8, 10.0), "step_up": Target(3, 6, 8.0, "tempo")})


def _answer(text: str) -> str:
    found = answer(text, CARD)
    assert found is not None
    return answer_text(found, "kg")


def test_rest_is_the_duration_model_s() -> None:
    assert _answer("how long should I rest?") == (
        "Rest 2–3 min between loaded sets, so each one is strong.\n"
        "About 1 min between sets at body weight.")
    assert answer_text(Rest(120, 60, False)) == "About 1 min between sets at body weight."


def test_next_names_the_exercise_and_its_target() -> None:
    assert _answer("what's next?") == "Next up: Reverse lunge, 3×8 per leg @ 10 kg."
    assert answer_text(Next(None)).startswith("That's everything")


def test_swaps_list_the_allowed_variants_with_their_cues() -> None:
    text = _answer("can I do step ups on a bench?")
    assert text.startswith("Yes — a steady bench")
    assert f"• Step-up — {by_id('step_up').cue}" in text
    assert "• High step-up — Knee-high box" in text
    assert "Bounds" not in text  # a jump is never offered as a swap


def test_how_to_gives_the_cue_of_today_s_variant() -> None:
    assert _answer("how do I do step ups?") == (
        "Step-up, slow down: Step down in three counts, no thud.")


def test_corrections_that_changed_nothing_say_why() -> None:
    fix = Correction(None, "8 8 7")
    assert not_corrected_text(NotCorrected(fix, NOTHING)) == NOTHING_YET
    assert not_corrected_text(NotCorrected(fix, UNCLEAR, "goblet_squat")) == UNCLEAR_TEXT
    assert "no sets stored" in not_corrected_text(NotCorrected(fix, NO_SETS, "step_up"))
    assert "no goblet squat logged" in not_corrected_text(
        NotCorrected(fix, NOTHING, "goblet_squat"))

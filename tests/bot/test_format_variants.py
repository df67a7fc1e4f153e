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


def test_the_card_shows_the_variant_and_its_details_the_cue_and_why_today_is_lighter() -> None:
    from datetime import UTC, date, datetime

    from bot.session_log import card_text, details_text
    from coach.exercises import CATALOGUE
    from coach.views import ExerciseView, Profile, SessionInfo, SessionView

    day = date(2026, 2, 10)
    session = SessionInfo(1, 1, "scheduled", day, datetime(2026, 2, 10, 18, tzinfo=UTC),
                          "sent", "open", None)
    profile = Profile(1, 1, "UTC", None, (1,), (), (1,), None, True, True, True)
    items = tuple(
        ExerciseView(ex, Target(3, 5, 12.0, "pause") if ex.id == "goblet_squat" else Target(),
                     None, None,
                     "welcome back after 16 days: a little lighter today"
                     if ex.id == "goblet_squat" else "")
        for ex in CATALOGUE)
    view = SessionView(session, profile, items)
    assert "2. Goblet squat: 3×5 @ 12 kg · Pause squat\n" in card_text(view, "Strength time")
    details = details_text(view)
    assert ("2. Goblet squat: 3×5 @ 12 kg · Pause squat\n"
            "Why: welcome back after 16 days: a little lighter today\n"
            "Sit still at the bottom for two full seconds.") in details

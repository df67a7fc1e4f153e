"""Plain values the layers share (coach/views.py): a session's day targets."""

from datetime import UTC, date, datetime

from coach.exercises import CATALOGUE
from coach.progression import Target
from coach.readiness import LIGHT_TARGET, Level, Today
from coach.views import ExerciseView, Profile, SessionInfo, SessionView

USUAL = Target(3, 7, 12.0)


def _view(today: Today) -> SessionView:
    profile = Profile(1, 1, "Europe/Berlin", None, (1, 3), (), (1, 3), None, True, True, True)
    session = SessionInfo(1, 1, "scheduled", date(2026, 12, 8),
                          datetime(2026, 12, 8, 18, tzinfo=UTC), "sent", "open", None)
    items = tuple(ExerciseView(ex, USUAL, None, None) for ex in CATALOGUE)
    return SessionView(session, profile, items, today)


def test_a_usual_day_shows_the_usual_targets() -> None:
    assert set(_view(Today()).day_targets.values()) == {USUAL}


def test_heavy_legs_show_a_set_fewer_and_no_step_up() -> None:
    targets = _view(Today(level=Level.HEAVY)).day_targets
    assert targets["goblet_squat"] == Target(2, 7, 12.0)
    assert targets["step_up"] is None


def test_race_week_shows_the_light_session_only() -> None:
    targets = _view(Today(light=True)).day_targets
    assert targets["goblet_squat"] == LIGHT_TARGET
    assert targets["reverse_lunge"] is None

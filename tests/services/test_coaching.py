"""The first session back after a break (services/coaching.comeback_targets): lighter, and
still within the session's time limit."""

from hypothesis import given
from hypothesis import strategies as st

from coach import duration
from coach.equipment import BODYWEIGHT, GYM
from coach.exercises import CATALOGUE, EXERCISE_IDS
from coach.progression import MAX_REPS, MIN_REPS, Context, Target, initial_target
from coach.variants import ladder
from services.coaching import comeback_targets

TOP_OF_THE_LADDERS = {"sldl": Target(4, 8, 0.0, "skip"),
                      "goblet_squat": Target(4, 8, 0.0, "jump"),
                      "reverse_lunge": Target(4, 8, 0.0, "split_jump"),
                      "eccentric_calf_raise": Target(3, 8, 0.0, "pogo"),
                      "step_up": Target(4, 8, 0.0, "bound")}
FITS = f"the session fits {duration.LIMIT_MINUTES} minutes"


def _minutes(targets: dict[str, Target]) -> int:
    """The session's estimate with every set at the top of the range, as a fit counts it."""
    return duration.minutes([(e.id, Target(t.sets, MAX_REPS, t.load_kg, t.variant))
                             for e in CATALOGUE
                             for t in [targets.get(e.id, initial_target())]])


def test_a_comeback_to_slower_variants_is_trimmed_to_the_time_limit() -> None:
    # the plyometric tops are quick; the rungs below them (a split squat per leg, a
    # 1½-rep squat, a deficit raise with a pause) take longer
    assert _minutes(TOP_OF_THE_LADDERS) <= duration.LIMIT_MINUTES
    back, why = comeback_targets(dict(TOP_OF_THE_LADDERS), Context(BODYWEIGHT, "kg",
                                                                   days_away=30))
    assert _minutes(back) <= duration.LIMIT_MINUTES
    assert all(back[e].variant != TOP_OF_THE_LADDERS[e].variant for e in EXERCISE_IDS)
    trimmed = {e for e in EXERCISE_IDS if back[e].sets < TOP_OF_THE_LADDERS[e].sets}
    assert trimmed
    for exercise_id in EXERCISE_IDS:
        assert why[exercise_id].startswith("welcome back after 30 days")
        assert (FITS in why[exercise_id]) == (exercise_id in trimmed)


def test_a_comeback_that_fits_keeps_every_set() -> None:
    stored = dict(duration.fit([(e, Target(3, 7, 40.0)) for e in EXERCISE_IDS]))
    back, why = comeback_targets(dict(stored), Context(GYM, "kg", days_away=21))
    assert {e: t.sets for e, t in back.items()} == {e: t.sets for e, t in stored.items()}
    assert all(back[e].load_kg < 40.0 for e in EXERCISE_IDS)
    assert not any(FITS in reason for reason in why.values())


def test_no_break_no_change() -> None:
    stored = dict(TOP_OF_THE_LADDERS)
    assert comeback_targets(stored, None) == (stored, {})


@st.composite
def bodyweight_targets(draw: st.DrawFn) -> dict[str, Target]:
    """Body-weight targets anywhere on the ladders that fit the time limit."""
    targets = {e: Target(draw(st.integers(2, 4)), draw(st.integers(MIN_REPS, MAX_REPS)), 0.0,
                         draw(st.sampled_from([v.id for v in ladder(e)])))
               for e in EXERCISE_IDS}
    fitted = duration.fit(list(targets.items()),
                          keep=frozenset(e for e, t in targets.items() if t.sets >= 4))
    return dict(fitted)


@given(bodyweight_targets(), st.integers(10, 120))
def test_a_session_that_fitted_still_fits_on_the_first_day_back(
        stored: dict[str, Target], days: int) -> None:
    back, why = comeback_targets(dict(stored), Context(BODYWEIGHT, "kg", days_away=days))
    assert _minutes(back) <= max(duration.LIMIT_MINUTES, _minutes(stored))
    for exercise_id, target in back.items():
        assert target.sets <= stored[exercise_id].sets  # a comeback never adds a set
        if target != stored[exercise_id]:
            assert why[exercise_id]

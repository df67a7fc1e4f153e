"""Periodisation around the runner's calendar (coach/period.py, its use in coach/readiness.py
and coach/taper.py): lighter weeks, in season, the weeks before a race."""

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from coach.period import (
    BLOCK_WEEKS,
    IN_SEASON_SESSIONS,
    Phase,
    cut,
    lighter_week,
    phase_of,
    strained_weeks,
)
from coach.progression import MAX_REPS, MIN_REPS, Target
from coach.races import Distance, Race
from coach.readiness import Today, reshaped, shape
from coach.taper import DayKind, adjust

FIRST = date(2026, 1, 5)  # a Monday
USUAL = [("sldl", Target(3, 8, 12.0)), ("goblet_squat", Target(4, 6, 20.0)),
         ("reverse_lunge", Target(3, 7, 10.0, "tempo")), ("eccentric_calf_raise", Target(2, 8)),
         ("step_up", Target(3, 5, 8.0))]


def week_phases(weeks: int, races: tuple[Race, ...] = ()) -> list[Phase]:
    """The phase of each week's Wednesday, from the week of the first session on."""
    return [phase_of(FIRST + timedelta(weeks=n, days=2), races, FIRST) for n in range(weeks)]


def test_a_lighter_week_comes_every_four_to_six_weeks() -> None:
    phases = week_phases(40)
    lighter = [n for n, phase in enumerate(phases) if phase is Phase.LIGHTER]
    assert lighter[0] in range(4, 7)  # four to six normal weeks before the first
    assert all(b - a - 1 in range(4, 7) for a, b in pairwise(lighter))
    assert set(phases) == {Phase.NORMAL, Phase.LIGHTER}


def test_a_lighter_week_comes_sooner_after_two_hard_weeks() -> None:
    assert lighter_week(BLOCK_WEEKS - 1)
    assert lighter_week(3, (False, True, True))
    assert not lighter_week(3, (True, False, True))
    assert not lighter_week(BLOCK_WEEKS - 1, (False, True, True, False, False))  # had it


def test_no_lighter_week_before_the_first_session_is_done() -> None:
    assert phase_of(FIRST, (), None) is Phase.NORMAL
    assert phase_of(FIRST, (), FIRST) is Phase.NORMAL


def test_the_first_session_back_after_a_break_is_no_lighter_week() -> None:
    day = FIRST + timedelta(weeks=BLOCK_WEEKS - 1, days=2)
    assert phase_of(day, (), FIRST, day - timedelta(days=2)) is Phase.LIGHTER
    assert phase_of(day, (), FIRST, day - timedelta(days=12)) is Phase.NORMAL


@given(st.integers(1, 6), st.integers(MIN_REPS, MAX_REPS),
       st.sampled_from([0.0, 4.0, 12.5, 24.0]), st.sampled_from(["", "tempo", "rfe_split"]))
def test_a_lighter_week_keeps_the_load_and_cuts_a_third_of_the_sets(
        sets: int, reps: int, load: float, variant: str) -> None:
    usual = Target(sets, reps, load, variant)
    week = cut(usual, Phase.LIGHTER)
    assert (week.load_kg, week.variant) == (load, variant)
    if sets <= 2:  # already two sets or fewer: a third off the reps instead, never one set
        assert week.sets == sets
        assert week.reps == max(MIN_REPS, reps - round(reps / 3))
        return
    assert week.sets == max(2, sets - round(sets / 3))
    assert week.reps == reps
    assert cut(Target(3, reps, load, variant), Phase.LIGHTER).sets == 2


def test_a_lighter_day_holds_the_targets_and_says_why() -> None:
    today = Today(phase=Phase.LIGHTER)
    planned = {p.exercise_id: p for p in shape(USUAL, today).items}
    assert planned["sldl"].target == Target(2, 8, 12.0)
    assert planned["sldl"].why == "lighter week: two sets, same load"
    assert planned["goblet_squat"].target == Target(3, 6, 20.0)
    # the calf raise, already at two sets (trimmed to fit), keeps them and does fewer reps
    assert planned["eccentric_calf_raise"].target == Target(2, 5)
    assert planned["eccentric_calf_raise"].why == "lighter week: two sets of 5, same load"
    assert reshaped(USUAL, today) == {"sldl", "goblet_squat", "reverse_lunge",
                                      "eccentric_calf_raise", "step_up"}
    assert not Today(phase=Phase.LIGHTER).plain


def test_in_season_sessions_are_heavy_and_short() -> None:
    race = Race(FIRST + timedelta(weeks=7), Distance.HALF)
    assert phase_of(FIRST, (race,), FIRST - timedelta(weeks=20)) is Phase.IN_SEASON
    assert phase_of(FIRST, (race,), FIRST - timedelta(weeks=2)) is Phase.NORMAL  # no base yet
    planned = shape(USUAL, Today(phase=Phase.IN_SEASON)).items
    for (_, usual), day in zip(USUAL, planned, strict=True):
        assert day.target is not None
        assert day.target.load_kg == usual.load_kg  # heavy: the usual load
        assert day.target.sets == min(usual.sets, 2)  # short: two sets at most
    assert "in season" in planned[0].why


def test_in_season_keeps_at_most_two_sessions_a_week() -> None:
    race = Race(FIRST + timedelta(weeks=7, days=6), Distance.HALF)
    usual_days = {0, 2, 5}  # Monday, Wednesday, Saturday

    def usual(day: date) -> bool:
        return day.weekday() in usual_days

    week = [FIRST + timedelta(days=n) for n in range(7) if usual(FIRST + timedelta(days=n))]
    kinds = [adjust(day, [race], usual) for day in week]
    assert kinds.count(DayKind.NORMAL) == IN_SEASON_SESSIONS
    assert kinds[-1] is DayKind.SKIP
    far = [adjust(day - timedelta(weeks=4), [race], usual) for day in week]
    assert far == [DayKind.NORMAL] * 3  # twelve weeks out: the usual three


def test_volume_comes_down_over_the_weeks_before_a_race() -> None:
    race = Race(FIRST + timedelta(weeks=12, days=6), Distance.HALF)  # a Sunday
    volumes = []
    for week in range(12):
        day = FIRST + timedelta(weeks=week, days=2)
        phase = phase_of(day, (race,), FIRST - timedelta(weeks=6))
        items = shape(USUAL, Today(phase=phase)).items
        volumes.append(sum(p.target.sets * p.target.reps for p in items if p.target))
    assert volumes == sorted(volumes, reverse=True)
    usual = sum(t.sets * t.reps for _, t in USUAL)
    assert volumes[0] == usual  # twelve weeks out: normal training
    assert volumes[-1] < volumes[-3] < usual  # in season, then three weeks of less again


def test_the_weeks_before_a_five_k_are_two() -> None:
    race = Race(FIRST + timedelta(weeks=4), Distance.FIVE_K)
    assert phase_of(race.race_date - timedelta(days=13), (race,), None) is Phase.PRE_RACE
    based = FIRST - timedelta(weeks=12)
    assert phase_of(race.race_date - timedelta(days=16), (race,), based) is Phase.IN_SEASON
    assert phase_of(race.race_date + timedelta(days=1), (race,), None) is Phase.NORMAL


def test_two_hard_weeks_bring_the_lighter_week_forward() -> None:
    """`strained_weeks` reads the effort answers week by week: half or more hard."""
    first = FIRST
    day = first + timedelta(weeks=3, days=1)
    rated = [(first + timedelta(weeks=1, days=1), "hard"), (first + timedelta(weeks=1, days=3),
                                                            "just right"),
             (first + timedelta(weeks=2, days=1), "too hard")]
    strained = strained_weeks(day, first, rated)
    assert strained == (False, True, True)
    assert phase_of(day, (), first, day - timedelta(days=2), strained) is Phase.LIGHTER
    assert phase_of(day, (), first, day - timedelta(days=2)) is Phase.NORMAL

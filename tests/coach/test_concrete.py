"""Concrete numbers at store time: a report spelled out against the day's target."""

from coach.concrete import DayTarget, concrete, day_targets, is_concrete, swap_target
from coach.pain import SWAPS
from coach.progression import Target
from coach.readiness import LIGHT_TARGET, Level, Today
from coach.reports import ReportKind, parse_sets

USUAL = [("sldl", Target(3, 6, 12.0)), ("goblet_squat", Target(3, 5, 16.0)),
         ("reverse_lunge", Target(3, 6, 8.0)), ("eccentric_calf_raise", Target(3, 8, 0.0)),
         ("step_up", Target(3, 7, 0.0))]


def test_as_planned_is_every_set_of_the_days_target_and_keeps_its_flag() -> None:
    report = concrete(parse_sets("done"), DayTarget(2, 5, 16.0))
    assert (report.kind, report.reps, report.load_kg) == (ReportKind.AS_PLANNED, (5, 5), 16.0)
    assert is_concrete(report)


def test_as_planned_with_a_typed_load_keeps_the_load_typed() -> None:
    report = concrete(parse_sets("as planned @ 12kg"), DayTarget(3, 5, 16.0))
    assert (report.reps, report.load_kg) == ((5, 5, 5), 12.0)


def test_reps_without_a_load_are_at_the_days_load_and_reps_typed_stay() -> None:
    report = concrete(parse_sets("8 8 7"), DayTarget(3, 6, 12.0))
    assert (report.kind, report.reps, report.load_kg) == (ReportKind.SETS, (8, 8, 7), 12.0)
    per_leg = concrete(parse_sets("L 8 8 8 R 7 7 6"), DayTarget(3, 6, 8.0))
    assert (per_leg.left, per_leg.right, per_leg.load_kg) == ((8, 8, 8), (7, 7, 6), 8.0)


def test_a_skip_stays_a_skip_with_no_numbers() -> None:
    assert concrete(parse_sets("skip"), DayTarget(3, 6, 12.0)) == parse_sets("skip")


def test_heavy_legs_trim_a_set_at_the_usual_load_and_sore_legs_go_body_weight() -> None:
    heavy = day_targets(USUAL, Today(level=Level.HEAVY))
    assert heavy["goblet_squat"] == DayTarget(2, 5, 16.0)
    assert heavy["step_up"] == DayTarget(3, 7, 0.0)  # left out today: done anyway, as usual
    sore = day_targets(USUAL, Today(level=Level.SORE))
    assert sore["sldl"] == DayTarget(3, 5, 0.0)


def test_race_week_and_a_swap_show_what_the_card_showed() -> None:
    light = day_targets(USUAL, Today(light=True))
    assert light["goblet_squat"] == DayTarget.of(LIGHT_TARGET)
    swapped = day_targets(USUAL, Today(swapped=frozenset({"knee"})))
    assert any(day.variant == SWAPS[ex].name for ex, day in swapped.items())
    assert swap_target(SWAPS["goblet_squat"]) == DayTarget(3, 30, 0.0, "Wall sit, high")


def test_a_plain_day_is_the_usual_target() -> None:
    assert day_targets(USUAL, Today()) == {ex: DayTarget.of(t) for ex, t in USUAL}

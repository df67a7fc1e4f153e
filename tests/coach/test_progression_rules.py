"""The coach's rules beyond double progression: kit, ceilings, ladders, stalls, breaks,
slow lifts, reasons and left/right news, all through `decide`."""

from coach.equipment import BODYWEIGHT, GYM, Equipment, Kind
from coach.exercises import by_id
from coach.progression import Change, Context, Outcome, Target, decide
from coach.units import KG_PER_LB
from coach.variants import ladder

SQUAT = by_id("goblet_squat")
CALF = by_id("eccentric_calf_raise")
SLDL = by_id("sldl")
LUNGE = by_id("reverse_lunge")
KETTLEBELLS = Equipment(Kind.WEIGHTS, (8.0, 12.0, 16.0, 24.0), "kettlebells")
BELLS = Context(KETTLEBELLS)
BARE = Context(BODYWEIGHT)
TOP_RUNG = ladder("reverse_lunge")[-1].id


def tops(target: Target, times: int) -> tuple[Outcome, ...]:
    return tuple(Outcome(target, (8,) * target.sets, target.load_kg) for _ in range(times))


def test_the_load_moves_to_the_next_weight_the_runner_has() -> None:
    decision = decide(SQUAT, Target(4, 8, 12.0), [8, 8, 8, 8], None, BELLS)
    assert decision.target == Target(3, 5, 16.0)
    assert decision.change is Change.UP


def test_from_body_weight_the_first_load_is_the_owned_weight_nearest_the_start() -> None:
    decision = decide(SQUAT, Target(3, 8, 0.0), [8, 8, 8], None, BELLS)
    assert decision.target.load_kg == 8.0


def test_a_gap_in_the_rack_is_jumped_to_the_next_owned_weight() -> None:
    decision = decide(SQUAT, Target(4, 8, 16.0), [8, 8, 8, 8], None, BELLS)
    assert decision.target.load_kg == 24.0


def test_a_pound_gym_moves_in_pound_plates() -> None:
    start = 20 * KG_PER_LB
    decision = decide(SQUAT, Target(3, 8, start), [8, 8, 8], None, Context(GYM, "lb"))
    assert round(decision.target.load_kg / KG_PER_LB, 1) == 25.0
    assert "20 → 25 lb" not in decision.why  # the why names the load done, not the arrow
    assert "at 20 lb" in decision.why


def test_without_a_heavier_weight_a_harder_variant_comes_next_with_its_cue() -> None:
    decision = decide(SQUAT, Target(4, 8, 24.0), [8, 8, 8, 8], None,
                      Context(KETTLEBELLS, history=tops(Target(3, 8, 24.0), 1)))
    assert decision.target == Target(3, 5, 16.0, "tempo")  # 70 % of 24 kg, snapped down
    assert decision.change is Change.VARIANT
    assert "Three counts down" in decision.why


def test_a_harder_variant_is_bridged_by_a_fourth_set_at_the_old_rung() -> None:
    decision = decide(SQUAT, Target(3, 8, 24.0), [8, 8, 8], None,
                      Context(KETTLEBELLS, history=tops(Target(3, 8, 24.0), 1)))
    assert decision.change is Change.VOLUME
    assert decision.target == Target(4, 8, 24.0)


def test_a_harder_variant_needs_two_sessions_at_the_top() -> None:
    decision = decide(SQUAT, Target(3, 6, 0.0), [8, 8, 8], None, BARE)
    assert decision.change is Change.HOLD
    assert decision.target == Target(3, 8, 0.0)
    assert "once more" in decision.why


def test_at_body_weight_only_the_exercise_climbs_its_ladder() -> None:
    first = decide(SQUAT, Target(4, 8, 0.0), [8, 8, 8, 8], None,
                   Context(BODYWEIGHT, history=tops(Target(3, 8, 0.0), 1)))
    second = decide(SQUAT, Target(4, 8, 0.0, "tempo"), [8, 8, 8, 8], None,
                    Context(BODYWEIGHT, history=tops(Target(3, 8, 0.0, "tempo"), 1)))
    assert (first.target.variant, second.target.variant) == ("tempo", "pause")
    assert first.target.load_kg == second.target.load_kg == 0.0


def test_with_fixed_weights_the_load_stops_at_the_ceiling_and_the_variant_moves() -> None:
    decision = decide(CALF, Target(4, 8, 16.0), [8, 8, 8, 8], None,
                      Context(KETTLEBELLS, history=tops(Target(3, 8, 16.0), 1)))
    assert CALF.ceiling_kg < 24.0
    assert decision.target.load_kg <= 16.0 * 0.7
    assert decision.target.variant == "slow"


def test_the_top_of_the_ladder_adds_a_fourth_set_after_two_sessions_there() -> None:
    top = Target(3, 8, 0.0, TOP_RUNG)
    decision = decide(LUNGE, top, [8, 8, 8], None, Context(BODYWEIGHT, history=tops(top, 1)))
    assert decision.change is Change.VOLUME
    assert decision.target == Target(4, 8, 0.0, TOP_RUNG)
    assert "a fourth set of 8" in decision.why


def test_four_sets_at_the_top_of_the_ladder_hold_and_say_so() -> None:
    top = Target(4, 8, 0.0, TOP_RUNG)
    decision = decide(LUNGE, top, [8, 8, 8, 8], None, BARE)
    assert decision.change is Change.HOLD
    assert decision.target == top
    assert "top of the ladder" in decision.why


def test_calf_raises_and_sldl_need_two_sessions_at_the_top_before_moving() -> None:
    first = decide(CALF, Target(4, 8, 8.0), [8, 8, 8, 8], None, BELLS)
    second = decide(CALF, Target(4, 8, 8.0), [8, 8, 8, 8], None,
                    Context(KETTLEBELLS, history=tops(Target(4, 8, 8.0), 1)))
    assert (first.change, second.change) == (Change.HOLD, Change.UP)
    assert second.target.load_kg == 12.0


def test_in_a_gym_slow_lifts_also_move_in_smaller_steps() -> None:
    history = tops(Target(3, 8, 10.0), 1)
    sldl = decide(SLDL, Target(3, 8, 10.0), [8, 8, 8], None, Context(GYM, history=history))
    squat = decide(SQUAT, Target(3, 8, 10.0), [8, 8, 8], None, Context(GYM))
    assert sldl.target.load_kg - 10.0 < squat.target.load_kg - 10.0


def stuck(target: Target, times: int) -> tuple[Outcome, ...]:
    return tuple(Outcome(target, (6, 6, 6), target.load_kg) for _ in range(times))


def test_a_third_session_stuck_at_the_same_target_lightens_the_load() -> None:
    target = Target(3, 7, 16.0)
    decision = decide(SQUAT, target, [6, 6, 6], None, Context(KETTLEBELLS, history=stuck(
        target, 2)))
    assert decision.change is Change.STALL
    assert decision.target == Target(3, 7, 12.0)
    assert "three sessions" in decision.why


def test_two_sessions_stuck_still_hold() -> None:
    target = Target(3, 7, 16.0)
    decision = decide(SQUAT, target, [6, 6, 6], None, Context(KETTLEBELLS, history=stuck(
        target, 1)))
    assert decision.change is Change.HOLD


def test_stuck_at_body_weight_switches_to_four_sets_of_five() -> None:
    target = Target(3, 7, 0.0)
    decision = decide(SQUAT, target, [6, 6, 6], None, Context(BODYWEIGHT, history=stuck(
        target, 2)))
    assert decision.target == Target(4, 5, 0.0)
    assert decision.change is Change.STALL


def test_stuck_again_on_four_sets_steps_back_a_variant() -> None:
    target = Target(4, 7, 0.0, "pause")
    outcomes = tuple(Outcome(target, (6, 6, 6, 6), 0.0) for _ in range(2))
    decision = decide(SQUAT, target, [6, 6, 6, 6], None, Context(BODYWEIGHT, history=outcomes))
    assert decision.target.variant == "tempo"


def test_back_after_ten_days_away_starts_a_little_lighter_and_says_so() -> None:
    decision = decide(SQUAT, Target(3, 6, 20.0), [], None, Context(GYM, days_away=12))
    assert decision.change is Change.COMEBACK
    assert decision.target == Target(3, 6, 18.0)
    assert "12 days" in decision.why
    assert "10 % lighter" in decision.why


def test_a_short_break_with_the_next_weight_too_far_down_cuts_reps_instead() -> None:
    decision = decide(SQUAT, Target(3, 7, 16.0), [], None, Context(KETTLEBELLS, days_away=12))
    assert decision.change is Change.COMEBACK
    assert decision.target == Target(3, 5, 16.0)


def test_nine_days_away_changes_nothing() -> None:
    decision = decide(SQUAT, Target(3, 6, 16.0), [], None, Context(KETTLEBELLS, days_away=9))
    assert decision.change is Change.NONE


def test_back_after_a_break_at_body_weight_steps_down_a_variant_or_a_rep() -> None:
    variant = decide(SQUAT, Target(3, 6, 0.0, "pause"), [], None, Context(BARE.equipment,
                                                                          days_away=14))
    plain = decide(SQUAT, Target(3, 7, 0.0), [], None, Context(BODYWEIGHT, days_away=14))
    assert variant.target.variant == "tempo"
    assert plain.target == Target(3, 6, 0.0)


def test_a_raise_says_why_in_the_runners_unit() -> None:
    decision = decide(SQUAT, Target(3, 8, 18.0), [8, 8, 8], None)
    assert decision.why == "all three sets reached 8 at 18 kg"


def gap(target: Target) -> Outcome:
    return Outcome(target, (6, 6, 6), 0.0, (8, 8, 8), (6, 6, 6))


def even(target: Target) -> Outcome:
    return Outcome(target, (8, 8, 8), 0.0, (8, 8, 8), (8, 8, 8))


def test_a_one_session_gap_says_nothing() -> None:
    decision = decide(LUNGE, Target(), [6, 6, 6], None,
                      Context(legs=((8, 8, 8), (6, 6, 6))))
    assert decision.note == ""


def test_a_gap_in_three_of_four_sessions_is_told_with_what_to_do() -> None:
    history = (gap(Target()), even(Target()), gap(Target()))
    decision = decide(LUNGE, Target(), [6, 6, 6], None,
                      Context(history=history, legs=((8, 8, 8), (6, 6, 6))))
    assert decision.note.startswith("Reverse lunge: your right leg has trailed")
    assert "Start each set with the right leg" in decision.note
    assert "match its reps on the left" in decision.note


def test_a_gap_already_told_is_not_told_again() -> None:
    history = (gap(Target()), gap(Target()), gap(Target()))
    decision = decide(LUNGE, Target(), [6, 6, 6], None,
                      Context(history=history, legs=((8, 8, 8), (6, 6, 6))))
    assert decision.note == ""


def test_a_gap_that_closes_is_followed_up() -> None:
    history = (gap(Target()), gap(Target()), gap(Target()), gap(Target()))
    decision = decide(LUNGE, Target(), [8, 8, 8], None,
                      Context(history=history[-3:], legs=((8, 8, 8), (8, 8, 8))))
    assert decision.note == ""  # still two of the last four: not closed yet
    closing = decide(LUNGE, Target(), [8, 8, 8], None,
                     Context(history=(gap(Target()), gap(Target()), gap(Target()),
                                      even(Target())),
                             legs=((8, 8, 8), (8, 8, 8))))
    assert "caught up" in closing.note

"""The gates in front of double progression (coach/loading.py, coach/comeback.py): stalls
on normal days only, one load step a week, big jumps bridged, body weight first, breaks
that cut deeper the longer they last, and the climb back."""

from datetime import date, timedelta

from coach.equipment import BODYWEIGHT, GYM, Equipment, Kind
from coach.exercises import by_id
from coach.progression import Change, Context, Outcome, Target, decide
from coach.units import KG_PER_LB
from coach.variants import ladder

SQUAT = by_id("goblet_squat")
SLDL = by_id("sldl")
CALF = by_id("eccentric_calf_raise")
BELLS = Equipment(Kind.WEIGHTS, (8.0, 16.0, 24.0), "kettlebells")
DUMBBELLS = Equipment(Kind.WEIGHTS, (4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0))
MONDAY = date(2026, 3, 2)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def done(target: Target, reps: tuple[int, ...], on: int, lighter: bool = False) -> Outcome:
    return Outcome(target, reps, target.load_kg, day=day(on), lighter=lighter)


def test_a_stall_never_fires_on_a_day_every_set_reached_the_top() -> None:
    target = Target(3, 8, 10.0)
    history = (done(target, (7, 7, 7), 0), done(target, (8, 8, 7), 2))
    decision = decide(SLDL, target, [8, 8, 8], None, Context(GYM, history=history,
                                                             today=day(4)))
    assert decision.change is not Change.STALL
    assert decision.target.load_kg >= 10.0


def test_a_stall_counts_normal_days_only() -> None:
    target = Target(3, 7, 16.0)
    history = (done(target, (6, 6, 6), 0), done(target, (5, 5, 5), 2, lighter=True))
    decision = decide(SQUAT, target, [6, 6, 6], None, Context(DUMBBELLS, history=history,
                                                              today=day(4)))
    assert decision.change is Change.HOLD
    stalled = decide(SQUAT, target, [6, 6, 6], None, Context(
        DUMBBELLS, history=(done(target, (6, 6, 6), -2), *history), today=day(4)))
    assert stalled.change is Change.STALL


def test_one_load_increase_a_week_at_most() -> None:
    before, after = Target(3, 8, 10.0), Target(3, 5, 12.0)
    history = (done(before, (8, 8, 8), 0), done(after, (8, 8, 8), 2))
    top = Target(3, 8, 12.0)
    early = decide(SQUAT, top, [8, 8, 8], None, Context(GYM, history=history, today=day(5)))
    assert early.change is Change.HOLD
    assert early.target.load_kg == 12.0
    assert "one step a week" in early.why
    assert "Mon 9 Mar" in early.why
    later = decide(SQUAT, top, [8, 8, 8], None, Context(GYM, history=history, today=day(7)))
    assert later.change is Change.UP
    assert later.target.load_kg == 14.0


def test_a_big_jump_comes_with_reps_back_at_five() -> None:
    bridged = decide(SQUAT, Target(3, 8, 8.0), [8, 8, 8], None, Context(BELLS))
    assert bridged.change is Change.VOLUME
    assert bridged.target == Target(4, 8, 8.0)
    assert "16 kg is a big jump: a fourth set first" in bridged.why
    jump = decide(SQUAT, Target(4, 8, 8.0), [8, 8, 8, 8], None, Context(BELLS))
    assert jump.change is Change.UP
    assert jump.target == Target(3, 5, 16.0)


def test_a_small_step_needs_no_bridge() -> None:
    decision = decide(SQUAT, Target(3, 8, 10.0), [8, 8, 8], None, Context(DUMBBELLS))
    assert decision.target == Target(3, 5, 12.0)


def test_body_weight_for_two_weeks_before_the_first_load() -> None:
    bw = Target(3, 8, 0.0)
    three = tuple(done(bw, (8, 8, 8), n) for n in (0, 2, 5))
    early = decide(SQUAT, bw, [8, 8, 8], None, Context(GYM, history=three, today=day(7)))
    assert early.change is Change.HOLD
    assert "two weeks of body weight first" in early.why
    five = (*three, done(bw, (8, 8, 8), 7), done(bw, (8, 8, 8), 9))
    ready = decide(SQUAT, bw, [8, 8, 8], None, Context(GYM, history=five, today=day(14)))
    assert ready.change is Change.UP
    assert ready.target.load_kg == SQUAT.first_load_kg


def test_a_runner_who_already_lifts_loads_from_the_second_session() -> None:
    bw = Target(3, 8, 0.0)
    decision = decide(SQUAT, bw, [8, 8, 8], None,
                      Context(GYM, history=(done(bw, (8, 8, 8), 0),), today=day(2),
                              lifts=True))
    assert decision.change is Change.UP


def test_a_gym_runner_keeps_adding_load_past_twenty_four_kg() -> None:
    for exercise in (SQUAT, by_id("reverse_lunge"), by_id("step_up")):
        at = Target(3, 8, 30.0)
        decision = decide(exercise, at, [8, 8, 8], None, Context(GYM))
        assert decision.change is Change.UP
        assert decision.target.load_kg > 30.0


def test_a_harder_variant_restarts_at_seventy_percent_or_less() -> None:
    top = Target(4, 8, 24.0)
    history = (Outcome(Target(3, 8, 24.0), (8, 8, 8), 24.0),)
    decision = decide(SQUAT, top, [8, 8, 8, 8], None, Context(BELLS, history=history))
    assert decision.change is Change.VARIANT
    assert decision.target.load_kg <= 0.7 * 24.0
    assert decision.target.load_kg in (0.0, *BELLS.weights_kg)
    assert "restarting at 16 kg" in decision.why


def test_a_longer_break_cuts_deeper_up_to_forty_percent() -> None:
    at = Target(3, 6, 40.0)
    cuts = {days: decide(SQUAT, at, [], None, Context(GYM, days_away=days)).target.load_kg
            for days in (10, 20, 35, 58, 200)}
    assert cuts == {10: 36.0, 20: 32.0, 35: 28.0, 58: 24.0, 200: 24.0}
    assert "58 days: 40 % lighter" in decide(SQUAT, at, [], None,
                                             Context(GYM, days_away=58)).why


def test_every_comeback_load_is_one_the_runner_owns() -> None:
    for days in (10, 20, 35, 58):
        decision = decide(SQUAT, Target(3, 6, 20.0), [], None,
                          Context(DUMBBELLS, days_away=days))
        assert decision.target.load_kg in DUMBBELLS.weights_kg
        assert decision.target.load_kg >= 20.0 * 0.6 - 1e-6


def test_after_a_break_the_load_climbs_back_in_two_to_four_sessions() -> None:
    usual = Target(3, 6, 40.0)
    history = [done(usual, (6, 6, 6), 0)]
    target = decide(SQUAT, usual, [], None, Context(GYM, days_away=60)).target
    sessions, on = 0, 60
    while target.load_kg < usual.load_kg:
        decision = decide(SQUAT, target, [target.reps] * 3, None,
                          Context(GYM, history=tuple(history), today=day(on)))
        history.append(done(target, (target.reps,) * 3, on))
        target, on, sessions = decision.target, on + 2, sessions + 1
        assert decision.change is Change.UP
        assert "climbing back to 40 kg" in decision.why
    assert 2 <= sessions <= 4
    assert target.load_kg == usual.load_kg


def test_the_first_session_back_after_days_without_an_exercise_raises_nothing() -> None:
    usual = Target(3, 8, 8.0)
    history = (done(usual, (8, 8, 8), 0), done(usual, (8, 8, 8), 2))
    back = decide(CALF, usual, [8, 8, 8], None, Context(DUMBBELLS, history=history,
                                                        today=day(18)))
    assert back.target.load_kg <= usual.load_kg
    assert back.change is Change.HOLD
    assert "first session back" in back.why


def test_a_plyometric_rung_starts_at_body_weight_whatever_the_kit() -> None:
    top = ladder("eccentric_calf_raise")[-2].id
    at = Target(4, 8, 24.0, top)
    decision = decide(CALF, at, [8, 8, 8, 8], None, Context(
        BELLS, history=(Outcome(Target(3, 8, 24.0, top), (8, 8, 8), 24.0),)))
    assert decision.target == Target(3, 5, 0.0, "pogo")
    hops = decide(CALF, Target(3, 8, 0.0, "pogo"), [8, 8, 8], None, Context(BELLS))
    assert hops.target.load_kg == 0.0


def test_six_sessions_at_the_top_of_the_ladder_bring_a_strength_block_below_it() -> None:
    top = Target(4, 8, 0.0, "pogo")
    held = tuple(Outcome(top, (8, 8, 8, 8), 0.0) for _ in range(5))
    decision = decide(CALF, top, [8, 8, 8, 8], None, Context(BODYWEIGHT, history=held))
    assert decision.change is Change.VARIANT
    assert decision.target.variant == "deficit_pause"
    assert "six sessions at the top of the ladder" in decision.why


def test_every_new_reason_speaks_the_runners_unit() -> None:
    pounds = 45 * KG_PER_LB
    back = decide(SQUAT, Target(3, 6, pounds), [], None, Context(GYM, "lb", days_away=30))
    assert "back up to 45 lb" in back.why
    top = Target(4, 8, 20 * KG_PER_LB)
    restart = decide(SQUAT, top, [8, 8, 8, 8], None, Context(
        Equipment(Kind.WEIGHTS, (10 * KG_PER_LB, 20 * KG_PER_LB)), "lb",
        history=(Outcome(Target(3, 8, top.load_kg), (8, 8, 8), top.load_kg),)))
    assert "restarting at 10 lb" in restart.why


def test_a_stall_on_the_plain_movement_at_body_weight_alternates_sets_never_freezes() -> None:
    four = Target(4, 5, 0.0)
    history = (done(four, (5, 5, 5, 4), 0), done(four, (5, 5, 5, 4), 2))
    decision = decide(SQUAT, four, [5, 5, 5, 4], None, Context(BODYWEIGHT, history=history,
                                                               today=day(4)))
    assert (decision.change, decision.target) == (Change.STALL, Target(3, 5, 0.0))
    assert "three fresher sets" in decision.why


def test_a_step_earned_just_before_a_break_waits_the_return_starts_at_the_load_lifted() -> None:
    earned = Target(3, 5, 16.0)  # decided in the last session before the break, at 8 kg
    lifted = done(Target(4, 8, 8.0), (8, 8, 8, 8), 0)
    decision = decide(SQUAT, earned, (), None, Context(BELLS, history=(lifted,),
                                                       days_away=22))
    assert decision.change is Change.COMEBACK
    assert decision.target.load_kg == 8.0
    assert "the load you last lifted" in decision.why

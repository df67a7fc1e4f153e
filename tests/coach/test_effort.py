"""Effort after a session steers the next decision (coach/effort.py; Helms et al. 2016):
too hard holds, twice backs off; hard holds a load step one session; easy with every set
at the top skips the "once more there first" session, not the one-step-a-week gate."""

from datetime import date, timedelta

from coach.effort import Effort
from coach.equipment import GYM, Equipment, Kind
from coach.exercises import by_id
from coach.progression import Change, Context, Outcome, Target, decide

SQUAT = by_id("goblet_squat")
SLDL = by_id("sldl")  # a slow lift: two sessions at the top before a step
DUMBBELLS = Equipment(Kind.WEIGHTS, (4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0, 20.0))
MONDAY = date(2026, 3, 2)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def done(target: Target, reps: tuple[int, ...], on: int,
         effort: Effort | None = None) -> Outcome:
    return Outcome(target, reps, target.load_kg, day=day(on), effort=effort)


def context(*history: Outcome, effort: Effort | None = None, today: int = 7,
            kit: Equipment = DUMBBELLS) -> Context:
    return Context(kit, history=history, today=day(today), effort=effort)


def test_too_hard_holds_the_next_load() -> None:
    target = Target(3, 8, 12.0)
    history = (done(Target(3, 8, 10.0), (8, 8, 8), 0),)
    plain = decide(SQUAT, target, [8, 8, 8], None, context(*history))
    assert plain.change is Change.UP
    felt = decide(SQUAT, target, [8, 8, 8], None, context(*history, effort=Effort.TOO_HARD))
    assert felt.change is Change.HOLD
    assert felt.target == target
    assert felt.why == "it felt too hard: the same again next time, no step up"


def test_too_hard_holds_the_reps_too() -> None:
    target = Target(3, 6, 12.0)
    felt = decide(SQUAT, target, [7, 7, 7], None, context(effort=Effort.TOO_HARD))
    assert felt.target == target
    assert felt.change is Change.HOLD


def test_too_hard_twice_in_a_row_goes_one_step_lighter() -> None:
    target = Target(3, 6, 12.0)
    history = (done(target, (6, 6, 6), 0, Effort.TOO_HARD),)
    felt = decide(SQUAT, target, [6, 6, 6], None, context(*history, effort=Effort.TOO_HARD))
    assert felt.change is Change.DOWN
    assert felt.target == Target(3, 6, 10.0)
    assert "too hard twice in a row" in felt.why


def test_too_hard_twice_at_body_weight_means_fewer_reps_or_an_easier_variant() -> None:
    target = Target(3, 7, 0.0)
    history = (done(target, (7, 7, 7), 0, Effort.TOO_HARD),)
    felt = decide(SQUAT, target, [7, 7, 7], None,
                  context(*history, effort=Effort.TOO_HARD, kit=Equipment(Kind.BODYWEIGHT)))
    assert felt.target.reps < 7 or felt.target.variant != target.variant
    assert felt.target.load_kg == 0.0


def test_hard_holds_a_planned_load_step_for_one_session() -> None:
    target = Target(3, 8, 12.0)
    felt = decide(SQUAT, target, [8, 8, 8], None, context(effort=Effort.HARD))
    assert felt.change is Change.HOLD
    assert felt.target == target
    assert felt.why == "it felt hard at 12 kg: one more session there before the step to " \
                       "14 kg"
    again = decide(SQUAT, target, [8, 8, 8], None,
                   context(done(target, (8, 8, 8), 3, Effort.HARD), effort=Effort.HARD))
    assert again.change is Change.UP
    assert again.target.load_kg == 14.0


def test_easy_with_every_set_at_the_top_allows_the_step() -> None:
    target = Target(3, 8, 10.0)
    history = (done(Target(3, 7, 10.0), (7, 7, 7), 0),)
    paced = decide(SLDL, target, [8, 8, 8], None, context(*history))
    assert paced.change is Change.HOLD
    assert "once more there first" in paced.why
    easy = decide(SLDL, target, [8, 8, 8], None, context(*history, effort=Effort.EASY))
    assert easy.change is Change.UP
    assert easy.why.endswith(", and it felt easy")


def test_easy_does_not_pass_the_one_step_a_week_gate() -> None:
    before, after = Target(3, 8, 10.0), Target(3, 8, 12.0)
    history = (done(before, (8, 8, 8), 0), done(after, (8, 8, 8), 2))
    easy = decide(SQUAT, after, [8, 8, 8], None, context(*history, effort=Effort.EASY,
                                                         today=4, kit=GYM))
    assert easy.change is Change.HOLD
    assert "one step a week" in easy.why


def test_easy_below_the_top_changes_nothing() -> None:
    target = Target(3, 6, 10.0)
    plain = decide(SQUAT, target, [7, 7, 6], None, context())
    easy = decide(SQUAT, target, [7, 7, 6], None, context(effort=Effort.EASY))
    assert easy == plain
    assert easy.why == plain.why


def test_just_right_changes_nothing() -> None:
    target = Target(3, 8, 12.0)
    plain = decide(SQUAT, target, [8, 8, 8], None, context())
    right = decide(SQUAT, target, [8, 8, 8], None, context(effort=Effort.RIGHT))
    assert right == plain
    assert right.why == plain.why

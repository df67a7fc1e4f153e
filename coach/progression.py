"""Progression: one pure decision per logged exercise, with its reason.

`decide(exercise, target, reps, load, context)` is the only entry point. Rules, applied to
the reps done per set (weaker leg for one-leg lifts) at the load used:

* nothing logged: the target stays (NONE); but back after BREAK_DAYS or more away, the
  session starts a little lighter (COMEBACK);
* every set at 8 or more (at least the target's sets): the load goes to the next weight the
  runner has (UP, reps back to 5); slow lifts (`pace` 2) first need two such sessions in a
  row; with no heavier weight owned, at body weight only, or at the exercise's ceiling, the
  next harder variant instead after two such sessions (VARIANT, reps back to 5); at the top
  of the ladder a fourth set (VOLUME), then hold at 4×8;
* two sets below 5: one weight lighter (body weight from the lightest owned, or in a gym
  from the first load), or one variant easier at body weight (DOWN);
  one set below 5: same load, reps 5 (HOLD);
* otherwise the load stays and the rep target becomes max(target, weakest set + 1), capped
  at 8 (MORE_REPS if higher, else HOLD);
* a third session in a row against the same target without reaching the top changes
  something instead of holding again: one weight lighter with a load, else four sets of
  five, else one variant easier (STALL).

Every decision carries `why` (one line in the runner's unit) and `note`: news about a
left/right gap (coach/sides.py), told once when it persists and once when it closes.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

from coach import equipment as kit_rules
from coach.equipment import GYM, Equipment
from coach.exercises import Exercise
from coach.reasons import load_text
from coach.sides import IMBALANCE_THRESHOLD, Imbalance, Pair, gap_news, imbalance, leg_gap
from coach.units import KG_PER_LB
from coach.variants import easier, harder, variant

__all__ = ["IMBALANCE_THRESHOLD", "Imbalance", "imbalance", "leg_gap"]

MIN_REPS = 5
MAX_REPS = 8
BREAK_DAYS = 10
STALL_SESSIONS = 3
VARIANT_PACE = 2  # sessions at the top before a harder variant: a new skill, not a plate
TOP_SETS = 4  # at the top of the ladder, one more set; past that, hold


@dataclass(frozen=True)
class Target:
    """Sets x reps (per leg for one-leg lifts) at a load in kg (0: body weight) and a
    variant of the exercise ("": the exercise as catalogued)."""

    sets: int = 3
    reps: int = 6
    load_kg: float = 0.0
    variant: str = ""

    def __post_init__(self) -> None:
        if self.sets < 1:
            raise ValueError(f"sets must be at least 1, got {self.sets}")
        if not MIN_REPS <= self.reps <= MAX_REPS:
            raise ValueError(f"reps must be {MIN_REPS}..{MAX_REPS}, got {self.reps}")
        if not self.load_kg >= 0:
            raise ValueError(f"load must not be negative, got {self.load_kg}")

    def key(self) -> tuple[int, int, float, str]:
        return (self.sets, self.reps, self.load_kg, self.variant)


class Change(Enum):
    """How the target moved."""

    UP = "up"
    VARIANT = "variant"
    MORE_REPS = "more_reps"
    VOLUME = "volume"
    HOLD = "hold"
    DOWN = "down"
    STALL = "stall"
    COMEBACK = "comeback"
    NONE = "none"


@dataclass(frozen=True)
class Decision:
    """The next target, how it differs from the last one, and why."""

    target: Target
    change: Change
    why: str = field(default="", compare=False)
    note: str = field(default="", compare=False)  # left/right news, told once


@dataclass(frozen=True)
class Outcome:
    """One earlier session of the exercise: the target it was done against and the reps."""

    target: Target
    reps: tuple[int, ...]
    load_kg: float
    left: tuple[int, ...] | None = None
    right: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Context:
    """What the rules may know besides today's reps (all optional: a gym in kg, no past)."""

    equipment: Equipment = GYM
    unit: str = "kg"
    history: tuple[Outcome, ...] = ()  # earlier sessions of this exercise, oldest first
    days_away: int | None = None  # days since the last session done, when opening one
    legs: Pair | None = None  # today's left and right reps, for one-leg reports


NO_CONTEXT = Context()  # a gym in kg, nothing known of the past


def initial_target() -> Target:
    """Three sets of six at body weight: master the form first."""
    return Target(sets=3, reps=6, load_kg=0.0)


def step_kg(exercise: Exercise, unit: str) -> float:
    """The exercise's gym step in kg: plates in the runner's unit."""
    return round(exercise.load_step_lb * KG_PER_LB, 3) if unit == "lb" else exercise.load_step_kg


def decide(exercise: Exercise, current: Target, reps: Sequence[int], load_kg: float | None,
           context: Context = Context()) -> Decision:
    """The next target from the reps done per set at the load used, and why."""
    if any(r < 0 for r in reps):
        raise ValueError(f"reps must not be negative, got {list(reps)}")
    if load_kg is not None and load_kg < 0:
        raise ValueError(f"load must not be negative, got {load_kg}")
    if not reps:
        return _away(exercise, current, context)
    load = current.load_kg if load_kg is None else round(load_kg, 3)
    done = Outcome(current, tuple(reps), load)
    decision = _rules(exercise, done, context)
    if decision.change is Change.HOLD and _stalled(done, context.history):
        decision = _unstick(exercise, done, context)
    pairs = [(o.left, o.right) for o in context.history if o.left and o.right]
    news = gap_news(pairs, context.legs)
    return replace(decision, note=f"{exercise.name}: {news}" if news else "")


def next_target(exercise: Exercise, current: Target, reps: Sequence[int],
                load_kg: float | None) -> Decision:
    """`decide` without context: a gym in kg and no history (replays of old logs)."""
    return decide(exercise, current, reps, load_kg)


def _rules(exercise: Exercise, done: Outcome, context: Context) -> Decision:
    current, reps, unit = done.target, done.reps, context.unit
    at = f"at {load_text(done.load_kg, unit)}"
    if len(reps) >= current.sets and min(reps) >= MAX_REPS:
        return _top(exercise, done, context)
    if min(reps) < MIN_REPS:
        if sum(r < MIN_REPS for r in reps) >= 2:
            return _lighter(exercise, done, context, f"two sets fell below {MIN_REPS} {at}")
        return Decision(replace(current, reps=MIN_REPS, load_kg=done.load_kg), Change.HOLD,
                        f"a set fell below {MIN_REPS} {at}: same load, own five first")
    goal = min(MAX_REPS, max(current.reps, min(reps) + 1))
    target = replace(current, reps=goal, load_kg=done.load_kg)
    if goal > current.reps:
        return Decision(target, Change.MORE_REPS, f"weakest set made {min(reps)} {at}")
    return Decision(target, Change.HOLD, f"aim for {goal} on every set {at}")


def _top(exercise: Exercise, done: Outcome, context: Context) -> Decision:
    current, unit = done.target, context.unit
    at = load_text(done.load_kg, unit)
    up = _heavier(exercise, done.load_kg, context)
    rung = None if up is not None else harder(exercise.id, current.variant)
    hold = replace(current, reps=MAX_REPS, load_kg=done.load_kg)
    if up is None and rung is None and current.sets >= TOP_SETS:
        more = "" if context.equipment.loaded else "; a kettlebell would open the next step"
        return Decision(hold, Change.HOLD, f"top of the ladder at {at}: keep every rep crisp"
                                           f"{more}")
    needed = exercise.pace if up is not None else max(exercise.pace, VARIANT_PACE)
    if not _tops_in_a_row(done, context.history, needed):
        slowly = "this lift moves slowly" if up is not None else "a new step is a big one"
        return Decision(hold, Change.HOLD, f"8s at {at}: once more there first, {slowly}")
    if up is not None:
        return Decision(Target(3, MIN_REPS, up, current.variant), Change.UP,
                        f"all {_count(len(done.reps))} sets reached 8 at {at}")
    if rung is None:
        return Decision(replace(hold, sets=TOP_SETS), Change.VOLUME,
                        f"top of the ladder at {at}: a fourth set of 8 instead")
    why = "no heavier weight to go to" if done.load_kg < exercise.ceiling_kg else (
        f"{at} is plenty for a runner")
    return Decision(Target(3, MIN_REPS, done.load_kg, rung.id), Change.VARIANT,
                    f"8s on every set and {why}: {rung.cue}")


def _heavier(exercise: Exercise, load_kg: float, context: Context) -> float | None:
    kit = context.equipment
    if load_kg <= 0:
        return kit_rules.first_load(kit, _first_kg(exercise, context.unit),
                                    exercise.ceiling_kg)
    return kit_rules.heavier(kit, load_kg, step_kg(exercise, context.unit), exercise.ceiling_kg)


def _first_kg(exercise: Exercise, unit: str) -> float:
    if unit != "lb":
        return exercise.first_load_kg
    pounds = round(exercise.first_load_kg / KG_PER_LB / 5) * 5
    return round(pounds * KG_PER_LB, 3)


def _lighter(exercise: Exercise, done: Outcome, context: Context, why: str,
             change: Change = Change.DOWN, reps: int = MIN_REPS) -> Decision:
    """One weight down, or one variant easier at body weight; else reps `reps` only."""
    current = done.target
    if done.load_kg > 0:
        down = kit_rules.lighter(context.equipment, done.load_kg,
                                 step_kg(exercise, context.unit),
                                 _first_kg(exercise, context.unit))
        return Decision(replace(current, reps=reps, load_kg=down), change, why)
    rung = easier(exercise.id, current.variant)
    if rung is not None:
        return Decision(replace(current, reps=reps, load_kg=0.0, variant=rung.id), change,
                        f"{why}: back to {rung.name} to build up")
    return Decision(replace(current, reps=reps, load_kg=0.0), Change.HOLD, why)


def _stalled(done: Outcome, history: Sequence[Outcome]) -> bool:
    """The third session in a row against the same target, none at the top of the range."""
    needed = STALL_SESSIONS - 1
    recent = history[-needed:]
    return len(recent) == needed and all(
        o.target == done.target and min(o.reps, default=0) < MAX_REPS for o in recent)


def _unstick(exercise: Exercise, done: Outcome, context: Context) -> Decision:
    current = done.target
    why = f"{_count(STALL_SESSIONS)} sessions at {current.sets}×{current.reps} without a step"
    if done.load_kg > 0:
        return _lighter(exercise, done, context, f"{why}: a lighter block to build back up",
                        Change.STALL, current.reps)
    if current.sets == 3:
        return Decision(replace(current, sets=4, reps=MIN_REPS, load_kg=0.0), Change.STALL,
                        f"{why}: four sets of five for a change")
    return _lighter(exercise, done, context, why, Change.STALL, MAX_REPS - 1)


def _tops_in_a_row(done: Outcome, history: Sequence[Outcome], pace: int) -> bool:
    if pace <= 1:
        return True
    earlier = history[-(pace - 1):]
    return len(earlier) == pace - 1 and all(
        o.target.variant == done.target.variant and o.load_kg == done.load_kg
        and len(o.reps) >= o.target.sets and min(o.reps) >= MAX_REPS for o in earlier)


def _away(exercise: Exercise, current: Target, context: Context) -> Decision:
    days = context.days_away
    if days is None or days < BREAK_DAYS:
        return Decision(current, Change.NONE)
    why = f"welcome back after {days} days: a little lighter today"
    if current.load_kg > 0 or variant(exercise.id, current.variant).id:
        done = Outcome(current, (), current.load_kg)
        return replace(_lighter(exercise, done, context, why, Change.COMEBACK, current.reps),
                       change=Change.COMEBACK)
    if current.reps > MIN_REPS:
        return Decision(replace(current, reps=current.reps - 1), Change.COMEBACK, why)
    return Decision(current, Change.NONE)


def _count(n: int) -> str:
    return {2: "two", 3: "three", 4: "four", 5: "five"}.get(n, str(n))

"""Double progression: add reps at a fixed load up to 8, then add load and drop back to 5.

Rules, applied to the reps done per set (weaker leg for one-leg lifts) at the load used:

* nothing logged (skipped): NONE, the target stays as it was;
* at least the target number of sets, every one at 8 or more: UP, next load step
  (from body weight to the exercise's first load), reps back to 5;
* a set below 5: with load on the bar and two or more sets below 5, DOWN one step
  (from the first load or less back to body weight), reps 5; otherwise HOLD the load, reps 5;
* otherwise the load stays and the rep target becomes max(target, weakest set + 1),
  capped at 8: MORE_REPS if that is above the old target, else HOLD.

More reps in any set never give a lower next target (load first, then reps).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from coach.exercises import Exercise

MIN_REPS = 5
MAX_REPS = 8
IMBALANCE_THRESHOLD = 0.1


@dataclass(frozen=True)
class Target:
    """Sets x reps (per leg for one-leg lifts) at a load in kg; 0 kg is body weight."""

    sets: int = 3
    reps: int = 6
    load_kg: float = 0.0

    def __post_init__(self) -> None:
        if self.sets < 1:
            raise ValueError(f"sets must be at least 1, got {self.sets}")
        if not MIN_REPS <= self.reps <= MAX_REPS:
            raise ValueError(f"reps must be {MIN_REPS}..{MAX_REPS}, got {self.reps}")
        if not self.load_kg >= 0:
            raise ValueError(f"load must not be negative, got {self.load_kg}")


class Change(Enum):
    """How the target moved."""

    UP = "up"
    MORE_REPS = "more_reps"
    HOLD = "hold"
    DOWN = "down"
    NONE = "none"


@dataclass(frozen=True)
class Decision:
    """The next target and how it differs from the last one."""

    target: Target
    change: Change


def initial_target() -> Target:
    """Three sets of six at body weight: master the form first."""
    return Target(sets=3, reps=6, load_kg=0.0)


def _kg(value: float) -> float:
    """A load rounded to grams, so repeated steps do not drift."""
    return round(value, 3)


def load_up(exercise: Exercise, load_kg: float) -> float:
    """One step heavier; from body weight straight to the first load."""
    return _kg(exercise.first_load_kg if load_kg <= 0 else load_kg + exercise.load_step_kg)


def load_down(exercise: Exercise, load_kg: float) -> float:
    """One step lighter; at or below the first load, back to body weight."""
    if load_kg <= exercise.first_load_kg:
        return 0.0
    return _kg(max(0.0, load_kg - exercise.load_step_kg))


def next_target(
    exercise: Exercise, current: Target, reps: Sequence[int], load_kg: float | None
) -> Decision:
    """Decide the next target from the reps done per set at the load used."""
    if any(r < 0 for r in reps):
        raise ValueError(f"reps must not be negative, got {list(reps)}")
    if not reps:
        return Decision(current, Change.NONE)
    load = current.load_kg if load_kg is None else _kg(load_kg)
    if load < 0:
        raise ValueError(f"load must not be negative, got {load_kg}")
    if len(reps) >= current.sets and min(reps) >= MAX_REPS:
        return Decision(Target(current.sets, MIN_REPS, load_up(exercise, load)), Change.UP)
    if min(reps) < MIN_REPS:
        if load > 0 and sum(r < MIN_REPS for r in reps) >= 2:
            return Decision(Target(current.sets, MIN_REPS, load_down(exercise, load)), Change.DOWN)
        return Decision(Target(current.sets, MIN_REPS, load), Change.HOLD)
    goal = min(MAX_REPS, max(current.reps, min(reps) + 1))
    change = Change.MORE_REPS if goal > current.reps else Change.HOLD
    return Decision(Target(current.sets, goal, load), change)


def leg_gap(left: Sequence[int], right: Sequence[int]) -> float | None:
    """Relative difference of the two legs' total reps; None if not comparable."""
    if not left or len(left) != len(right):
        return None
    total_left, total_right = sum(left), sum(right)
    stronger = max(total_left, total_right)
    if stronger <= 0:
        return None
    return abs(total_left - total_right) / stronger


@dataclass(frozen=True)
class Imbalance:
    """One leg lagging the other by at least IMBALANCE_THRESHOLD of the stronger's reps."""

    weaker: str  # "left" or "right"
    gap: float


def imbalance(left: Sequence[int] | None, right: Sequence[int] | None) -> Imbalance | None:
    """The weaker leg and the gap when it is large enough to mention; None otherwise."""
    if left is None or right is None:
        return None
    gap = leg_gap(left, right)
    if gap is None or gap < IMBALANCE_THRESHOLD:
        return None
    return Imbalance("left" if sum(left) < sum(right) else "right", gap)

"""The values progression works with: a target, how it moved, and what the rules may know.

Kept apart from the rules (coach/progression.py and its helpers coach/loading.py,
coach/comeback.py) so each helper can read them without importing the others.
"""

from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from coach.equipment import GYM, Equipment
from coach.sides import Pair

MIN_REPS = 5
MAX_REPS = 8


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
    """One earlier session of the exercise: the target it was done against, the reps, the
    session's date (None: unknown), whether the day itself was lighter than the target
    (readiness or taper): a lighter day says nothing about progress, and how hard the
    session felt."""

    target: Target
    reps: tuple[int, ...]
    load_kg: float
    left: tuple[int, ...] | None = None
    right: tuple[int, ...] | None = None
    day: date | None = None
    lighter: bool = False
    effort: str | None = None  # how hard the session felt (coach/effort.py; None: not said)

    @property
    def topped(self) -> bool:
        """Every set of the target reached the top of the range."""
        return len(self.reps) >= self.target.sets and min(self.reps, default=0) >= MAX_REPS


@dataclass(frozen=True)
class Context:
    """What the rules may know besides today's reps (all optional: a gym in kg, no past)."""

    equipment: Equipment = GYM
    unit: str = "kg"
    history: tuple[Outcome, ...] = ()  # earlier sessions of this exercise, oldest first
    days_away: int | None = None  # days since the last session done, when opening one
    legs: Pair | None = None  # today's left and right reps, for one-leg reports
    today: date | None = None  # the session's date (None: unknown, date rules rest)
    lifts: bool = False  # the runner already lifts: no body-weight weeks before a load
    effort: str | None = None  # how hard today's session felt, once said (coach/effort.py)


NO_CONTEXT = Context()  # a gym in kg, nothing known of the past


def initial_target() -> Target:
    """Three sets of six at body weight: master the form first."""
    return Target(sets=3, reps=6, load_kg=0.0)

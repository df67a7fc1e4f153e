"""A runner's history as plain values: what each session did, resolved, and chart series.

The log is the truth: entries are stored with every number spelled out against the day's
target (coach/concrete.py), and `resolve` reads those numbers as they are. Only rows stored
before that (no reps for "as planned", no load for "8 8 8") are filled in: from the target
stamped when their session closed, else by replaying double progression from the first
session, as the session service decided the targets then. Everything here is pure:
storage hands in `Logged` rows, the bot draws `Series`.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from coach.concrete import DayTarget, is_concrete, made_lighter, spelled_out
from coach.exercises import by_id
from coach.progression import Target, initial_target, next_target
from coach.sets import KG_PER_LB, ReportKind, SetsReport

UNITS = ("kg", "lb")
MONTH = timedelta(days=30)


@dataclass(frozen=True)
class Logged:
    """One stored exercise report with its session: what storage knows."""

    session_id: int
    day: date  # the session's local date
    at: datetime  # when it was logged (UTC)
    exercise_id: str
    report: SetsReport
    day_target: DayTarget | None = None  # the day's card, for entries stored with it
    done_against: Target | None = None  # the usual target, stamped when the session closed


@dataclass(frozen=True)
class Done:
    """One exercise of one session with every set spelled out; load 0 is body weight."""

    session_id: int
    day: date
    at: datetime
    exercise_id: str
    reps: tuple[int, ...]  # per set; the weaker leg's for per-leg reports
    load_kg: float
    left: tuple[int, ...] | None = None
    right: tuple[int, ...] | None = None
    variant: str = ""
    lighter: bool = False  # the day made it lighter than usual (its card's target differed)

    @property
    def per_leg(self) -> bool:
        return self.left is not None and self.right is not None

    def sides(self) -> dict[str, tuple[int, ...]]:
        """Reps per side: 'left' and 'right' for per-leg reports, else 'both'."""
        if self.left is not None and self.right is not None:
            return {"left": self.left, "right": self.right}
        return {"both": self.reps}

    def side(self, key: str) -> tuple[int, ...]:
        """Reps of one side; a report without sides counts for each leg."""
        return self.sides().get(key, self.reps)


def to_unit(load_kg: float, unit: str = "kg") -> float:
    """A load in the runner's unit, rounded to what a plate or a dumbbell says."""
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    return round(load_kg, 2) if unit == "kg" else round(load_kg / KG_PER_LB, 1)


def resolve(logged: Iterable[Logged]) -> list[Done]:
    """Every logged exercise (skips left out) as stored, oldest first; legacy rows without
    their numbers filled in from their close stamp, else from a replay."""
    items = [i for i in sorted(logged, key=lambda i: (i.day, i.at, i.session_id))
             if i.report.kind is not ReportKind.SKIPPED]
    unknown = {i.exercise_id for i in items  # legacy rows only a replay can fill in
               if not is_concrete(i.report) and i.done_against is None}
    replayed: dict[str, Target] = {}  # what a replay of the log says each target was
    out: list[Done] = []
    for item in items:
        target = item.done_against or replayed.get(item.exercise_id, initial_target())
        done = _done(item, target)
        out.append(done)
        if item.exercise_id in unknown:
            replayed[item.exercise_id] = next_target(by_id(item.exercise_id), target,
                                                     done.reps, done.load_kg).target
    return out


def _done(item: Logged, target: Target) -> Done:
    """One logged exercise spelled out; `target` fills in what a legacy row left out."""
    report = item.report
    variant = target.variant if item.day_target is None else item.day_target.variant
    done = spelled_out(report, target)
    lighter = (item.done_against is not None
               and made_lighter(item.day_target, item.done_against))
    return Done(item.session_id, item.day, item.at, item.exercise_id, done.reps,
                done.load_kg or 0.0, report.left, report.right, variant, lighter)


@dataclass(frozen=True)
class Point:
    """One session on a chart: working load (runner's unit) and reps per set (mean)."""

    day: date
    load: float
    reps: float
    bodyweight: bool
    variant: str = ""


@dataclass(frozen=True)
class Series:
    """Everything one exercise's chart shows."""

    exercise_id: str
    name: str
    unit: str
    points: tuple[Point, ...]  # load and (weaker-leg) reps per session
    left: tuple[Point, ...]  # per-leg sessions only
    right: tuple[Point, ...]

    @property
    def per_leg(self) -> bool:
        return bool(self.left)


def _mean(values: Sequence[int]) -> float:
    return round(sum(values) / len(values), 1) if values else 0.0


def _point(done: Done, reps: Sequence[int], unit: str) -> Point:
    return Point(done.day, to_unit(done.load_kg, unit), _mean(reps), done.load_kg <= 0,
                 done.variant)


def series(history: Sequence[Done], exercise_id: str, unit: str = "kg") -> Series:
    """The chart data of one exercise, oldest first; left and right kept apart."""
    mine = [d for d in history if d.exercise_id == exercise_id]
    legs = [d for d in mine if d.per_leg]
    return Series(
        exercise_id, by_id(exercise_id).name, unit,
        tuple(_point(d, d.reps, unit) for d in mine),
        tuple(_point(d, d.side("left"), unit) for d in legs),
        tuple(_point(d, d.side("right"), unit) for d in legs),
    )


@dataclass(frozen=True)
class Change:
    """How one exercise moved over a period: first and latest session in it."""

    exercise_id: str
    sessions: int
    before: Done | None  # the last session before the period, if any
    first: Done
    latest: Done


def change_since(history: Sequence[Done], exercise_id: str, since: date) -> Change | None:
    """How an exercise moved from `since` on (None if it was not logged then)."""
    mine = [d for d in history if d.exercise_id == exercise_id]
    inside = [d for d in mine if d.day >= since]
    if not inside:
        return None
    earlier = [d for d in mine if d.day < since]
    return Change(exercise_id, len(inside), earlier[-1] if earlier else None, inside[0],
                  inside[-1])


def sessions_since(history: Sequence[Done], since: date) -> int:
    """How many distinct sessions logged anything from `since` on."""
    return len({d.session_id for d in history if d.day >= since})


def month_start(today: date) -> date:
    """The first day of the last 30 days, `today` included."""
    return today - MONTH + timedelta(days=1)

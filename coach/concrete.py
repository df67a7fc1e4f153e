"""Concrete numbers at store time: what a report means against the day's target.

A report may leave numbers implicit: "as planned" has no reps, "8 8 8" has no load. They
mean the target of the day as the card showed it (the usual target as readiness, a taper
or a comeback shaped it, or a swap's gentler version), so that is what is stored, next to
that day target. Nothing later has to guess (coach/history.py reads the stored numbers).
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from coach.pain import Swap
from coach.progression import Target
from coach.readiness import Today, shape
from coach.sets import ReportKind, SetsReport

VARIANT_CHARS = 24  # the width of the variant columns
_DOSE = re.compile(r"(\d+)\s*[×x]\s*(\d+)")


@dataclass(frozen=True)
class DayTarget:
    """One exercise's target on the day's card: sets × reps (per leg for one-leg lifts;
    seconds for a swap's hold) at a load in kg (0: body weight), and the variant ("": as
    catalogued; a swap's name)."""

    sets: int
    reps: int
    load_kg: float = 0.0
    variant: str = ""

    @classmethod
    def of(cls, target: Target) -> "DayTarget":
        return cls(target.sets, target.reps, target.load_kg, target.variant)


def swap_target(swap: Swap) -> DayTarget:
    """A swap's dose ("3×30 s", "3×8 per leg") as a body-weight day target."""
    found = _DOSE.search(swap.english_dose)
    sets, reps = (int(found[1]), int(found[2])) if found else (1, 1)
    return DayTarget(sets, reps, 0.0, swap.english[:VARIANT_CHARS])  # stored: the source


def day_targets(usual: Sequence[tuple[str, Target]], today: Today) -> dict[str, DayTarget]:
    """Each exercise's target as the day's card shows it (exercise id → target). One the
    day leaves out keeps its usual target: a runner who does it anyway did it as usual."""
    out = {exercise_id: DayTarget.of(target) for exercise_id, target in usual}
    if today.plain:
        return out
    for planned in shape(usual, today).items:
        if planned.swap is not None:
            out[planned.exercise_id] = swap_target(planned.swap)
        elif planned.target is not None:
            out[planned.exercise_id] = DayTarget.of(planned.target)
    return out


def concrete(report: SetsReport, day: DayTarget) -> SetsReport:
    """The report with every number spelled out against the day's target: "as planned" is
    every set of it, reps without a load are at its load. Skips and full reports stay."""
    if report.kind is ReportKind.SKIPPED:
        return report
    load = day.load_kg if report.load_kg is None else report.load_kg
    reps = report.reps
    if report.kind is ReportKind.AS_PLANNED or not reps:
        reps = (day.reps,) * day.sets
    return replace(report, reps=reps, load_kg=load)


def spelled_out(report: SetsReport, target: Target) -> SetsReport:
    """A stored report as it was done: its own numbers, or (for rows stored before entries
    carried them) every set of `target` at its load."""
    return report if is_concrete(report) else concrete(report, DayTarget.of(target))


def made_lighter(day: DayTarget | None, usual: Target) -> bool:
    """Whether the day's card asked for something other than the usual target (a lighter
    day: what was logged against it says nothing about progress). None: not known."""
    return day is not None and day != DayTarget.of(usual)


def is_concrete(report: SetsReport) -> bool:
    """Every number is there: reps per set and a load (skips have none to spell out)."""
    return bool(report.reps) and report.load_kg is not None

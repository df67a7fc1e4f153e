"""Small formatting helpers shared by the bot's screens."""

from collections.abc import Sequence
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from coach.exercises import Exercise
from coach.progression import Target
from coach.reports import ReportKind, SetsReport
from coach.units import show_load

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def days_text(days: Sequence[int]) -> str:
    """'Tue and Thu', 'Mon, Wed and Fri'."""
    names = [DAY_NAMES[d] for d in sorted(days)]
    if len(names) <= 1:
        return "".join(names) or "no days"
    return f"{', '.join(names[:-1])} and {names[-1]}"


def kg(load: float, unit: str = "kg") -> str:
    """'body weight', '12 kg', '12.5 kg', or in pounds '35 lb' (loads are stored in kg)."""
    return show_load(load, unit)


def clock(t: time) -> str:
    return t.strftime("%H:%M")


def day_label(d: date) -> str:
    """'Tue 1 Dec'."""
    return f"{DAY_NAMES[d.weekday()]} {d.day} {d.strftime('%b')}"


def local(instant: datetime, tz: str) -> datetime:
    return instant.astimezone(ZoneInfo(tz))


def when_label(instant: datetime, tz: str) -> str:
    """'Tue 1 Dec at 19:15' in the runner's zone."""
    moment = local(instant, tz)
    return f"{day_label(moment.date())} at {moment.strftime('%H:%M')}"


def target_text(exercise: Exercise, target: Target, unit: str = "kg") -> str:
    """'3×6 per leg @ body weight'."""
    per_leg = " per leg" if exercise.unilateral else ""
    return f"{target.sets}×{target.reps}{per_leg} @ {kg(target.load_kg, unit)}"


def report_text(report: SetsReport, unit: str = "kg") -> str:
    """What was logged, compact: '8 8 7 @ 10 kg', 'L 8 8 8 R 7 7 6', 'as planned', 'skipped'."""
    if report.kind is ReportKind.SKIPPED:
        return "skipped"
    if report.kind is ReportKind.AS_PLANNED:
        body = "as planned"
    elif report.left is not None and report.right is not None:
        body = f"L {_ints(report.left)} R {_ints(report.right)}"
    else:
        body = _ints(report.reps)
    return body if report.load_kg is None else f"{body} @ {kg(report.load_kg, unit)}"


def _ints(values: Sequence[int]) -> str:
    return " ".join(str(v) for v in values)

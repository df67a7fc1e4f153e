"""The CSV formats /import reads, row by row: coachbot's own, Strong's and Hevy's.

Strong writes its "Weight" in the unit the app was set to without naming it, so it is read
in the runner's unit; Hevy names it in the column (weight_kg or weight_lbs). Times without
a zone (Strong, Hevy) are local to the runner. Warm-up sets and empty sets are left out.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from coach.exercises import CATALOGUE
from coach.sets import KG_PER_LB, MAX_LOAD_KG, MAX_REPS
from i18n import _

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)

# Names other loggers give our five exercises (equipment in brackets is dropped first).
FOREIGN_NAMES = {
    "single leg romanian deadlift": "sldl", "single leg deadlift": "sldl",
    "single leg rdl": "sldl", "romanian deadlift single leg": "sldl",
    "goblet squat": "goblet_squat",
    "reverse lunge": "reverse_lunge", "lunge": "reverse_lunge", "lunges": "reverse_lunge",
    "eccentric calf raise": "eccentric_calf_raise",
    "single leg calf raise": "eccentric_calf_raise",
    "standing calf raise": "eccentric_calf_raise", "calf raise": "eccentric_calf_raise",
    "heel drop": "eccentric_calf_raise",
    "step up": "step_up", "box step up": "step_up",
}  # fmt: skip
_BRACKETS = re.compile(r"\([^)]*\)")


class RowError(ValueError):
    """One row can't be read; `reason` says what was wrong."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def known_exercise(name: str) -> str | None:
    """Our exercise id for a name from a file, or None for one we don't coach."""
    plain = _BRACKETS.sub(" ", name.lower()).replace("-", " ").replace("_", " ")
    plain = " ".join(plain.split())
    for exercise in CATALOGUE:
        if plain in (exercise.id.replace("_", " "), exercise.english.lower().replace("-", " ")):
            return exercise.id
    return FOREIGN_NAMES.get(plain)


@dataclass(frozen=True)
class ParsedRow:
    key: str  # which workout of the file
    at: datetime  # UTC
    name: str
    number: int
    side: str
    reps: int
    load_kg: float


def _int(text: str, what: str, low: int, high: int) -> int:
    if not (text.isascii() and text.isdigit()) or not low <= int(text) <= high:
        raise RowError(_("{what} should be a whole number from {low} to {high}, not "
                         "“{text}”.").format(what=what, low=low, high=high, text=text[:20]))
    return int(text)


def _load(text: str, unit: str) -> float:
    if not text:
        return 0.0
    try:
        value = float(text.replace(",", "."))
    except ValueError as exc:
        raise RowError(_("the weight “{text}” isn't a number.").format(text=text[:20])) from exc
    kg = value * KG_PER_LB if unit == "lb" else value
    if not 0 <= kg <= MAX_LOAD_KG:
        raise RowError(_("a weight of {text} {unit} can't be right.").format(text=text[:20],
                                                                              unit=unit))
    return round(kg * 2) / 2 if unit == "lb" else round(kg, 2)


def _when(text: str, pattern: str, zone: ZoneInfo | None, now: datetime) -> datetime:
    try:
        moment = datetime.strptime(text, pattern)  # noqa: DTZ007 - the zone comes next
    except ValueError as exc:
        raise RowError(_("I can't read the date “{text}”.").format(text=text[:30])) from exc
    aware = moment.replace(tzinfo=zone or UTC).astimezone(UTC)
    if not EARLIEST <= aware <= now + timedelta(days=1):
        raise RowError(_("the date {text} is out of range.").format(text=text[:30]))
    return aware


class Format:
    """One file format: the columns that identify it and how a row reads."""

    name = ""
    columns: frozenset[str] = frozenset()

    def matches(self, names: set[str]) -> bool:
        return self.columns <= names

    def read(self, cells: dict[str, str], zone: ZoneInfo, unit: str,
             now: datetime) -> ParsedRow | None:
        raise NotImplementedError


class Coachbot(Format):
    name = "coachbot"
    columns = frozenset({"date_utc", "exercise", "set", "side", "reps", "load_kg",
                         "session_id"})

    def read(self, cells: dict[str, str], zone: ZoneInfo, unit: str,
             now: datetime) -> ParsedRow | None:
        at = _when(cells["date_utc"], "%Y-%m-%dT%H:%M:%SZ", None, now)
        side = cells["side"].upper()
        if side not in ("", "L", "R"):
            raise RowError(_("side should be L, R or empty, not “{side}”.").format(
                side=side[:10]))
        return ParsedRow(f"session {cells['session_id'][:20] or cells['date_utc']}", at,
                         cells["exercise"], _int(cells["set"], _("the set"), 1, 10), side,
                         _int(cells["reps"], "reps", 1, MAX_REPS),
                         _load(cells["load_kg"], "kg"))


class Strong(Format):
    name = "Strong"
    columns = frozenset({"date", "workout name", "exercise name", "set order", "weight",
                         "reps"})

    def read(self, cells: dict[str, str], zone: ZoneInfo, unit: str,
             now: datetime) -> ParsedRow | None:
        order = cells["set order"]
        if not order.isdigit() or cells["reps"] in ("", "0"):
            return None  # "W" warm-up, "D" drop set, "F" failure, or an empty set
        at = _when(cells["date"], "%Y-%m-%d %H:%M:%S", zone, now)
        return ParsedRow(f"{cells['date']} {cells['workout name'][:40]}", at,
                         cells["exercise name"], _int(order, "Set Order", 1, 99), "",
                         _int(cells["reps"], "Reps", 1, MAX_REPS),
                         _load(cells["weight"], unit))


class Hevy(Format):
    name = "Hevy"
    columns = frozenset({"title", "start_time", "exercise_title", "set_index", "set_type",
                         "reps"})

    def matches(self, names: set[str]) -> bool:
        return self.columns <= names and bool({"weight_kg", "weight_lbs"} & names)

    def read(self, cells: dict[str, str], zone: ZoneInfo, unit: str,
             now: datetime) -> ParsedRow | None:
        if cells["set_type"].lower() == "warmup" or cells["reps"] in ("", "0"):
            return None
        at = _when(cells["start_time"], "%d %b %Y, %H:%M", zone, now)
        weight, weight_unit = ((cells["weight_kg"], "kg") if "weight_kg" in cells
                               else (cells["weight_lbs"], "lb"))
        return ParsedRow(f"{cells['start_time']} {cells['title'][:40]}", at,
                         cells["exercise_title"], _int(cells["set_index"], "set_index", 0, 98)
                         + 1, "", _int(cells["reps"], "reps", 1, MAX_REPS),
                         _load(weight, weight_unit))


FORMATS: tuple[Format, ...] = (Coachbot(), Strong(), Hevy())

"""A simulated runner described in JSON (`coachbot simulate --spec FILE`), read and checked.

    {"name": "example", "start": "2026-03-02", "weeks": 16, "hard_days": ["mon", "wed", "sat"],
     "equipment": "dumbbells 5 10 15 20 kg", "unit": "kg",
     "does": {"goblet_squat": "stall", "*": "top"},
     "events": [{"week": 5, "say": "my right knee hurts on lunges"},
                {"week": 9, "away_days": 21}, {"week": 2, "effort": "too hard"}]}

`does` says what the runner does per exercise ("*": the rest): `top` every set at the top
of the range, `target` exactly the target, `target+1` one rep more than the target (up to
the top), `stall` the target's reps but the last set one short, so the rep target never
moves; "stall from 10 kg" (any mode) makes the top of the range below that load.

An event happens in its `week` (1 = the week of `start`), on its `day` if given (else the
week's first day), before that day's session; it does one thing: `say` (chat
text, read as the bot reads it), `away_days` (every session missed for that many days),
`effort` (the answer tapped after each of that week's sessions: easy, just right, hard or
too hard; progression takes it as the bot does, coach/effort.py), or
`right_trails` (the right leg makes that many reps fewer for `for_weeks` weeks).

`load_spec` never raises anything but SpecError: one line naming the field, with an example.
"""

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coach.equipment import EquipmentNotUnderstood, parse_equipment
from coach.exercises import EXERCISE_IDS
from coach.reports import match_exercise
from coach.units import KG_PER_LB
from coach.week_talk import WEEKDAYS

MODES = ("top", "target", "target+1", "stall")
EFFORTS = ("easy", "just right", "hard", "too hard")
ACTIONS = ("say", "away_days", "effort", "right_trails")
MAX_WEEKS = 104
DEFAULT_WEEKS = 8
EXAMPLE = ('{"name": "example", "start": "2026-03-02", "weeks": 16, '
           '"hard_days": ["mon", "wed", "sat"], "equipment": "dumbbells 5 10 15 20 kg"}')
EXAMPLES = {
    "name": '"name": "example"', "description": '"description": "a gym runner"',
    "start": '"start": "2026-03-02"', "weeks": '"weeks": 16',
    "hard_days": '"hard_days": ["mon", "wed", "sat"]',
    "equipment": '"equipment": "dumbbells 5 10 15 20 kg"', "unit": '"unit": "kg"',
    "does": '"does": {"goblet_squat": "stall", "*": "top"}',
    "events": '"events": [{"week": 5, "say": "my right knee hurts on lunges"}]',
    "week": '{"week": 5, "say": "legs feel heavy"}', "day": '{"week": 5, "day": "thu", ...}',
    "say": '{"week": 1, "say": "10k race on 26 April"}',
    "away_days": '{"week": 9, "away_days": 21}', "effort": '{"week": 2, "effort": "too hard"}',
    "right_trails": '{"week": 1, "right_trails": 2, "for_weeks": 2}',
    "for_weeks": '{"week": 1, "right_trails": 2, "for_weeks": 2}',
}
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _.+-]{0,59}")
_MODE = re.compile(r"(top|target|target\+1|stall)(?: from (\d{1,3}(?:\.\d{1,2})?) ?(kg|lb))?")


class SpecError(ValueError):
    """A spec that cannot run: which field, what is wrong, and an example of it right."""

    def __init__(self, where: str, problem: str, example: str) -> None:
        super().__init__(f"{where}: {problem}, like {example}")
        self.where = where


@dataclass(frozen=True)
class Does:
    """What the runner does for an exercise: a mode, from a load on (below it: the top)."""

    mode: str = "top"
    from_kg: float = 0.0

    def at(self, load_kg: float) -> str:
        """The mode at this load."""
        return self.mode if load_kg >= self.from_kg else "top"


@dataclass(frozen=True)
class Event:
    """One thing that happens in a week (exactly one of the actions is set)."""

    week: int
    day: int | None = None  # a weekday (0 = Monday); None: the week's first day
    say: str | None = None
    away_days: int = 0
    effort: str | None = None
    right_trails: int = 0
    for_weeks: int = 1


@dataclass(frozen=True)
class Spec:
    """A runner to simulate, as its JSON file describes it."""

    name: str
    start: date
    hard_days: frozenset[int]
    equipment: str
    weeks: int = DEFAULT_WEEKS
    unit: str = "kg"
    does: Mapping[str, Does] = field(default_factory=lambda: {"*": Does()})
    events: tuple[Event, ...] = ()
    description: str = ""

    @property
    def per_leg(self) -> bool:
        """Whether the runner reports one-leg lifts leg by leg (a trailing leg is told)."""
        return any(event.right_trails for event in self.events)

    def mode(self, exercise_id: str, load_kg: float) -> str:
        """What the runner does for this exercise at this load."""
        return self.does.get(exercise_id, self.does.get("*", Does())).at(load_kg)


def load_spec(text: str | bytes) -> Spec:
    """The spec a JSON text describes; SpecError for anything else."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise SpecError("spec", f"not JSON ({str(exc)[:80]})", EXAMPLE) from None
    if not isinstance(data, dict):
        raise SpecError("spec", "must be a JSON object", EXAMPLE)
    _no_unknown("spec", data, ("name", "description", "start", "weeks", "hard_days",
                               "equipment", "unit", "does", "events"), EXAMPLE)
    weeks = _int(data, "weeks", 1, MAX_WEEKS, DEFAULT_WEEKS)
    unit = _choice(data, "unit", ("kg", "lb"), "kg")
    return Spec(name=_name(data), start=_start(data), hard_days=_hard_days(data),
                equipment=_equipment(data, unit), weeks=weeks, unit=unit, does=_does(data, unit),
                events=_events(data.get("events", [])),
                description=_text(data, "description", 200, ""))


def _missing(key: str, where: str = "") -> SpecError:
    return SpecError(where or key, "is missing", EXAMPLES[key])


def _no_unknown(where: str, data: Mapping[str, Any], known: tuple[str, ...],
                example: str) -> None:
    for key in data:
        if key not in known:
            raise SpecError(f"{where}.{key}"[:80], f"unknown field (known: {', '.join(known)})",
                            example)


def _int(data: Mapping[str, Any], key: str, low: int, high: int, default: int | None = None,
         where: str = "") -> int:
    value = data.get(key, default)
    if value is None:
        raise _missing(key, where)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SpecError(where or key, f"must be a whole number from {low} to {high}",
                        EXAMPLES[key])
    return value


def _text(data: Mapping[str, Any], key: str, longest: int, default: str | None = None,
          where: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        raise _missing(key, where)
    if not isinstance(value, str) or len(value) > longest or (default is None
                                                               and not value.strip()):
        raise SpecError(where or key, f"must be text of at most {longest} characters",
                        EXAMPLES[key])
    return value


def _choice(data: Mapping[str, Any], key: str, choices: tuple[str, ...], default: str | None,
            where: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        raise _missing(key, where)
    if not isinstance(value, str) or value not in choices:
        raise SpecError(where or key, f"must be one of {', '.join(choices)}", EXAMPLES[key])
    assert isinstance(value, str)
    return value


def _name(data: Mapping[str, Any]) -> str:
    name = _text(data, "name", 60)
    if not _NAME.fullmatch(name):
        raise SpecError("name", "must be letters, digits, spaces, - _ . or +", EXAMPLES["name"])
    return name


def _start(data: Mapping[str, Any]) -> date:
    text = _text(data, "start", 10)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SpecError("start", "must be a date written YYYY-MM-DD",
                        EXAMPLES["start"]) from None


def _weekday(value: object, where: str, key: str) -> int:
    if not isinstance(value, str) or value.strip().lower() not in WEEKDAYS:
        raise SpecError(where, "must be a weekday: mon, tue, wed, thu, fri, sat or sun",
                        EXAMPLES[key])
    return WEEKDAYS[value.strip().lower()]


def _hard_days(data: Mapping[str, Any]) -> frozenset[int]:
    days = data.get("hard_days")
    if days is None:
        raise _missing("hard_days")
    if not isinstance(days, list) or not 2 <= len(days) <= 7:
        raise SpecError("hard_days", "must be a list of two to seven weekdays",
                        EXAMPLES["hard_days"])
    out = frozenset(_weekday(d, f"hard_days[{i}]", "hard_days") for i, d in enumerate(days))
    if len(out) != len(days):
        raise SpecError("hard_days", "names a day twice", EXAMPLES["hard_days"])
    return out


def _equipment(data: Mapping[str, Any], unit: str) -> str:
    text = _text(data, "equipment", 200)
    try:
        parse_equipment(text, unit)
    except EquipmentNotUnderstood:
        raise SpecError("equipment", "must be what a runner types to /equipment ('gym', "
                        "'none', '8 12 16 kg kettlebells')", EXAMPLES["equipment"]) from None
    return text


def _does(data: Mapping[str, Any], unit: str) -> dict[str, Does]:
    does = data.get("does", {"*": "top"})
    if not isinstance(does, dict):
        raise SpecError("does", "must be an object of exercise: mode", EXAMPLES["does"])
    out: dict[str, Does] = {}
    for key, mode in does.items():
        where = f"does.{key}"[:60]
        exercise = "*" if key == "*" else _exercise(key, where)
        found = _MODE.fullmatch(mode) if isinstance(mode, str) else None
        if found is None:
            raise SpecError(where, f"must be one of {', '.join(MODES)} (or e.g. 'stall from "
                            "10 kg')", EXAMPLES["does"])
        load = float(found[2] or 0) * (KG_PER_LB if found[3] == "lb" else 1.0)
        out[exercise] = Does(found[1], load)
    return out


def _exercise(key: str, where: str) -> str:
    found = key if key in EXERCISE_IDS else match_exercise(key[:60])
    if found is None or found not in EXERCISE_IDS:
        raise SpecError(where, f"is not an exercise (one of {', '.join(EXERCISE_IDS)} or *)",
                        EXAMPLES["does"])
    return found


def _events(events: object) -> tuple[Event, ...]:
    """The events in file order (one past the run's weeks is simply never reached)."""
    if not isinstance(events, list) or len(events) > 10 * MAX_WEEKS:
        raise SpecError("events", "must be a list of events", EXAMPLES["events"])
    return tuple(_event(event, f"events[{i}]") for i, event in enumerate(events))


def _event(data: object, where: str) -> Event:
    if not isinstance(data, dict):
        raise SpecError(where, "must be an object with a week and one action",
                        EXAMPLES["events"])
    _no_unknown(where, data, ("week", "day", *ACTIONS, "for_weeks"), EXAMPLES["events"])
    actions = [action for action in ACTIONS if action in data]
    if len(actions) != 1:
        raise SpecError(where, f"must have exactly one of {', '.join(ACTIONS)}",
                        EXAMPLES["events"])
    week = _int(data, "week", 1, MAX_WEEKS, where=f"{where}.week")
    day = None if "day" not in data else _weekday(data["day"], f"{where}.day", "day")
    if "for_weeks" in data and actions != ["right_trails"]:
        raise SpecError(f"{where}.for_weeks", "goes only with right_trails",
                        EXAMPLES["for_weeks"])
    return Event(week, day, **_action(data, actions[0], where))


def _action(data: Mapping[str, Any], action: str, where: str) -> dict[str, Any]:
    at = f"{where}.{action}"
    if action == "say":
        return {"say": _text(data, "say", 500, where=at)}
    if action == "away_days":
        return {"away_days": _int(data, "away_days", 1, 365, where=at)}
    if action == "effort":
        return {"effort": _choice(data, "effort", EFFORTS, None, where=at)}
    return {"right_trails": _int(data, "right_trails", 1, 3, where=at),
            "for_weeks": _int(data, "for_weeks", 1, MAX_WEEKS, 1, where=f"{where}.for_weeks")}

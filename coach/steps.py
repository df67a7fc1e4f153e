"""Onboarding and /settings as one declared table of steps.

Each step names its question, how an answer is read (the pure readers of days.py, times.py
and timezones.py), the rules its answer must meet, and what comes next. `take` runs one
answer through the table and says what happens: ask a question, show the days back, say
what was not understood, or save. A new question is one row in STEPS (and its words in
bot/onboarding.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from zoneinfo import available_timezones

from coach.days import parse_days
from coach.draft import Draft
from coach.plan import choose_session_days, has_back_to_back
from coach.times import TimeQuestion, parse_time_of_day, understand_time
from coach.timezones import resolve_zone, zone_from_location

SAVE = "save"
FIRST = "hard"
# /settings buttons -> the step each one asks; only "all" goes through every step again.
SETTINGS = {"days": "hard", "cross": "cross", "time": "time", "tz": "tz", "all": "hard"}


@dataclass(frozen=True)
class Typed:
    text: str


@dataclass(frozen=True)
class Toggled:
    day: int


@dataclass(frozen=True)
class Done:
    pass


@dataclass(frozen=True)
class Picked:
    """A button's value: a clock time '18:30' or a zone 'Europe/Berlin'."""

    value: str


@dataclass(frozen=True)
class Located:
    latitude: float
    longitude: float


Answer = Typed | Toggled | Done | Picked | Located
Problem = ValueError | TimeQuestion  # what a reader could not settle, for the bot to word


@dataclass(frozen=True)
class Ask:
    """Ask `draft.step`'s question. `note` goes before it, or `replaces` it."""

    draft: Draft
    note: str | None = None
    replaces: bool = False
    noted: str | None = None  # the step whose answer is confirmed in front of the question


@dataclass(frozen=True)
class Shown:
    """Days kept; show them back until Done (`typed`: as a reply, else as new buttons)."""

    draft: Draft
    step: str
    typed: bool


@dataclass(frozen=True)
class Unclear:
    """Nothing changes: the answer was not understood, or needs a choice."""

    step: str
    text: str
    problem: Problem


@dataclass(frozen=True)
class Ignored:
    """An answer this question does not take (a location, an old button)."""


@dataclass(frozen=True)
class Save:
    """Every answer is in: save the plan."""

    draft: Draft
    noted: str | None = None


Route = Ask | Shown | Unclear | Ignored | Save
Read = Callable[[Draft, Answer], Draft | Problem | None]  # None: not an answer to this


@dataclass(frozen=True)
class Rule:
    """When `broken(draft)`, ask `step` again with `note` (or instead of it: `replaces`)."""

    broken: Callable[[Draft], bool]
    step: str
    note: str | None = None
    replaces: bool = False


@dataclass(frozen=True)
class Step:
    key: str
    read: Read
    collects: bool = False  # answers add up until Done (day toggles)
    rules: tuple[Rule, ...] = ()
    next: str | None = None  # None: the row after this one in STEPS (after the last: save)
    confirms: bool = False  # the answer is confirmed in words ("Run ends around 18:30")


def _read_days(draft: Draft, answer: Answer, *, hard: bool) -> Draft | Problem | None:
    chosen = draft.hard if hard else draft.cross
    if isinstance(answer, Toggled) and answer.day in range(7):
        chosen = chosen ^ {answer.day}
    elif isinstance(answer, Typed):
        try:
            chosen = set(parse_days(answer.text)) - (set() if hard else draft.hard)
        except ValueError as problem:
            return problem
    else:
        return None
    return replace(draft, hard=chosen) if hard else replace(draft, cross=set(chosen))


def read_hard(draft: Draft, answer: Answer) -> Draft | Problem | None:
    return _read_days(draft, answer, hard=True)


def read_cross(draft: Draft, answer: Answer) -> Draft | Problem | None:
    return _read_days(draft, answer, hard=False)


def read_time(draft: Draft, answer: Answer) -> Draft | Problem | None:
    try:
        if isinstance(answer, Typed):
            found = understand_time(answer.text, near=draft.run_end)
        elif isinstance(answer, Picked):
            found = parse_time_of_day(answer.value)
        else:
            return None
    except ValueError as problem:
        return problem
    return found if isinstance(found, TimeQuestion) else replace(draft, run_end=found)


def read_zone(draft: Draft, answer: Answer) -> Draft | Problem | None:
    if draft.step != "tz":
        return None
    try:
        if isinstance(answer, Typed):
            zone = resolve_zone(answer.text)
        elif isinstance(answer, Located):
            zone = zone_from_location(answer.latitude, answer.longitude)
        elif isinstance(answer, Picked) and answer.value in known_zones():
            zone = answer.value
        else:
            return None
    except ValueError as problem:
        return problem
    return replace(draft, tz=zone)


@cache
def known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def one_hard_day(draft: Draft) -> bool:
    """On a first pass one hard day is not enough: cross-training days make up for it."""
    return not draft.single and len(draft.hard) < 2


def back_to_back(draft: Draft) -> bool:
    """The hard days alone would put two sessions on consecutive days."""
    return (not draft.single and not draft.cross and len(draft.hard) >= 2
            and has_back_to_back(choose_session_days(frozenset(draft.hard))))


def fewer_than_two_days(draft: Draft) -> bool:
    """Two sessions a week need at least two hard or cross-training days."""
    return len(draft.hard | draft.cross) < 2


NEED_TWO = Rule(fewer_than_two_days, "cross", "need_two", replaces=True)
# The questions in the order they are asked. A new question is a row here, its reader
# above, a field of Draft that keeps its answer, and its words in bot/onboarding.py.
STEPS: dict[str, Step] = {step.key: step for step in (
    Step("hard", read_hard, collects=True, next="time", rules=(
        Rule(one_hard_day, "cross"), Rule(back_to_back, "cross", "back_to_back"), NEED_TWO)),
    Step("cross", read_cross, collects=True, rules=(NEED_TWO,)),
    Step("time", read_time, confirms=True),
    Step("tz", read_zone),
)}


def after(row: Step) -> str:
    """The step asked after `row`: its `next`, else the following row, else save."""
    if row.next is not None:
        return row.next
    keys = list(STEPS)
    index = keys.index(row.key) + 1
    return keys[index] if index < len(keys) else SAVE


def take(draft: Draft, step: str, answer: Answer, text: str = "") -> Route:
    """Run one answer to `step`'s question through the table."""
    row = STEPS.get(step)
    if row is None:
        return Ignored()
    if isinstance(answer, Done):
        return finish(row, draft) if row.collects else Ignored()
    found = row.read(draft, answer)
    if found is None:
        return Ignored()
    if not isinstance(found, Draft):
        return Unclear(step, text, found)
    if row.collects:
        return Shown(found, step, typed=isinstance(answer, Typed))
    return finish(row, found)


def finish(row: Step, draft: Draft) -> Ask | Save:
    """The step is answered: the first broken rule asks again, else the next step (or save)."""
    if row.key == "hard":
        draft = replace(draft, cross=draft.cross - draft.hard)
    for rule in row.rules:
        if rule.broken(draft):
            return Ask(replace(draft, step=rule.step), rule.note, rule.replaces)
    noted = row.key if row.confirms else None
    if draft.single or after(row) == SAVE:
        return Save(draft, noted)
    return Ask(replace(draft, step=after(row)), noted=noted)


def missing(draft: Draft) -> str | None:
    """The first step whose answer a save still lacks."""
    if draft.run_end is None:
        return "time"
    return "tz" if draft.tz is None else None


def editing(choice: str, saved: Draft) -> Draft:
    """The draft a /settings button (a key of SETTINGS) starts from the saved answers."""
    return replace(saved, step=SETTINGS[choice], single=choice != "all")

"""Races as runners tell them: "half marathon on 13 December", "10k race next Sunday",
"marathon 2027-04-18", or the arguments of `/race 2026-12-13 half`.

`read_race` needs a race word (a distance or "race") and says nothing about a race that was
run ("ran a 10k today"); a race without a date becomes `RaceWithoutDate`, so the bot asks.
Dates are read against the runner's local `today`: a day and month without a year is the
next one to come, a weekday is the next one after today.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from coach.week_talk import WEEKDAYS
from i18n import N_, _


class Distance(StrEnum):
    """The race distances the taper knows; RACE: a race of unknown distance."""

    FIVE_K = "5k"
    TEN_K = "10k"
    HALF = "half"
    MARATHON = "marathon"
    RACE = "race"


LABELS = {  # shown to the runner: translate where used, _(LABELS[distance])
    Distance.FIVE_K: N_("5k"), Distance.TEN_K: N_("10k"), Distance.HALF: N_("half marathon"),
    Distance.MARATHON: N_("marathon"), Distance.RACE: N_("race"),
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MAX_AHEAD = timedelta(days=550)  # a race further off than this is surely a misreading
_DISTANCES = (  # order matters: "half marathon" before "marathon", "10k" before "5k"
    (Distance.HALF, r"half[- ]?marathon|hm|21(?:[.,]1)?\s?k(?:m)?"),
    (Distance.MARATHON, r"marathon|42(?:[.,]2)?\s?k(?:m)?"),
    (Distance.TEN_K, r"10\s?k(?:m)?|ten\s?k"),
    (Distance.FIVE_K, r"5\s?k(?:m)?|five\s?k|parkrun"),
    (Distance.RACE, r"race|racing"),
)
_PAST = re.compile(r"\b(?:ran|raced|did|done|finished|completed|was|yesterday|last)\b")
# Training talk that names a race without being one: "race pace on Tuesday".
_NOT_A_RACE = re.compile(r"\b(?:pace|tempo|intervals?|effort|sim|simulation|shoes|kit|"
                         r"sets?|reps?|x\d)\b|\d\s*[x×]\s*\d")
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?\b")
_IN = re.compile(r"\bin\s+(\d{1,2}|a|one|two|three|four|five|six)\s+(day|week|month)s?\b")
_WEEKDAY = re.compile(rf"\b({'|'.join(sorted(WEEKDAYS, key=len, reverse=True))})\b")
_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


@dataclass(frozen=True)
class Race:
    """A race the runner told: its local date, distance and (optional) name."""

    race_date: date
    distance: Distance
    name: str | None = None

    @property
    def label(self) -> str:
        """The runner's name for the race, else its distance in the current language."""
        return self.name or _(LABELS[self.distance])


@dataclass(frozen=True)
class RaceWithoutDate:
    """A race word but no date we could read: ask when it is."""

    distance: Distance


@dataclass(frozen=True)
class RaceInPast:
    """The date read is before today (or absurdly far): ask again."""

    race: Race


RaceTold = Race | RaceWithoutDate | RaceInPast


def _words(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def distance_of(words: str) -> Distance | None:
    """The distance a text names, or None when it names no race at all."""
    for distance, pattern in _DISTANCES:
        if re.search(rf"(?<![\w-])(?:{pattern})(?![\w])", words):
            return distance
    return None


def read_race(text: str, today: date) -> RaceTold | None:
    """A race the text tells about, or None if it tells none (or one already run)."""
    words = _words(text)
    if not words or len(words) > 200:
        return None
    distance = distance_of(words)
    if distance is None or _PAST.search(words) or _NOT_A_RACE.search(words):
        return None
    day = date_of(words, today)
    if day is None:
        return RaceWithoutDate(distance)
    race = Race(day, distance)
    if day < today or day - today > MAX_AHEAD:
        return RaceInPast(race)
    return race


def read_race_command(args: list[str], today: date) -> RaceTold | None:
    """`/race 2026-12-13 half`: a date and a distance in any order; the distance may be
    left out (a race of unknown distance)."""
    words = _words(" ".join(args))
    if not words:
        return None
    words = re.sub(r"\bhalf\b(?![- ]?marathon)", "half marathon", words)
    return read_race(words if distance_of(words) else f"{words} race", today)


def date_of(words: str, today: date) -> date | None:
    """The first date the words give, read against `today`; None if none."""
    for reader in (_iso, _day_month, _numeric, _relative, _weekday):
        found = reader(words, today)
        if found is not None:
            return found
    return None


def _iso(words: str, _today: date) -> date | None:
    match = _ISO.search(words)
    return None if match is None else _safe(*(int(g) for g in match.groups()))


def _day_month(words: str, today: date) -> date | None:
    match = _DAY_MONTH.search(words) or _MONTH_DAY.search(words)
    if match is None:
        return None
    month = MONTHS.index(match.group("month")[:3]) + 1
    return _next_of(int(match.group("day")), month, today)


def _numeric(words: str, today: date) -> date | None:
    """13/12, 13.12.2026: day first, as most runners outside the US write it."""
    match = _NUMERIC.search(words)
    if match is None:
        return None
    day, month, year = match.groups()
    if year is None:
        return _next_of(int(day), int(month), today)
    full = int(year) + (2000 if len(year) == 2 else 0)
    return _safe(full, int(month), int(day))


def _relative(words: str, today: date) -> date | None:
    if re.search(r"\btomorrow\b", words):
        return today + timedelta(days=1)
    match = _IN.search(words)
    if match is None:
        return None
    count = _WORDS.get(match.group(1)) or int(match.group(1))
    days = {"day": 1, "week": 7, "month": 30}[match.group(2)]
    return today + timedelta(days=count * days)


def _weekday(words: str, today: date) -> date | None:
    """"on Sunday", "next Sunday", "this sat": the next such day after today."""
    match = _WEEKDAY.search(words)
    if match is None:
        return None
    weekday = WEEKDAYS[match.group(1)]
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _next_of(day: int, month: int, today: date) -> date | None:
    """This year's day and month, or next year's when that has passed."""
    this_year = _safe(today.year, month, day)
    if this_year is not None and this_year >= today:
        return this_year
    return _safe(today.year + 1, month, day)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None

"""Reading a time of day as runners type it: 18:30, 1830, 6:30pm, 18h30, 7 am.

`parse_time_of_day` reads a clock time exactly; `understand_time` also reads what people say
("around 7 in the evening", "half six", "after work") and asks when it can't be sure.
"""

import re
from dataclasses import dataclass
from datetime import time

from coach.russian_when import time_words

_PATTERN = re.compile(
    r"^\s*(?P<h>\d{1,2})(?:\s*[:.h]\s*(?P<m>\d{2})|(?P<m4>\d{2}))?\s*(?P<ap>[ap]\.?\s*m\.?)?\s*$",
    re.IGNORECASE,
)


class TimeNotUnderstood(ValueError):
    """The text is not a time of day."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def parse_time_of_day(text: str) -> time:
    """Parse a time of day; raise TimeNotUnderstood with the input otherwise."""
    match = _PATTERN.match(text[:32])
    if match is None:
        raise TimeNotUnderstood(text)
    hour = int(match["h"])
    minute = int(match["m"] or match["m4"] or 0)
    meridiem = (match["ap"] or "").lower()[:1]
    if meridiem:
        if not 1 <= hour <= 12:
            raise TimeNotUnderstood(text)
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59:
        raise TimeNotUnderstood(text)
    return time(hour, minute)


# --- times as people say them --------------------------------------------------------------

_NUMBER_WORDS = {w: n for n, w in enumerate(
    ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
     "eleven", "twelve"))}
_EVENING = re.compile(r"\b(?:evening|tonight|night|pm|p\.m\.?|afternoon|arvo)\b")
_MORNING = re.compile(r"\b(?:morning|am|a\.m\.?|dawn|sunrise)\b")
_VAGUE = {
    "after work": (time(17, 30), time(18, 0), time(18, 30), time(19, 0)),
    "lunch": (time(12, 0), time(12, 30), time(13, 0), time(13, 30)),
    "evening": (time(18, 0), time(19, 0), time(20, 0), time(21, 0)),
    "morning": (time(6, 0), time(7, 0), time(8, 0), time(9, 0)),
    "afternoon": (time(14, 0), time(15, 0), time(16, 0), time(17, 0)),
    "before work": (time(6, 0), time(6, 30), time(7, 0), time(7, 30)),
}
_CLOCK = re.compile(
    r"(?<![0-9:])(?P<h>[0-9]{1,2})(?:(?P<sep>[:.h])(?P<m>[0-9]{2})|(?P<m4>[0-9]{2}))?"
    r"(?![0-9])(?: ?(?P<ap>[ap])\.? ?m\b\.?)?"
)
_WORDS = re.compile(
    r"\b(?:(?P<half>half(?: past)?)|(?P<qp>quarter past)|(?P<qt>quarter to)) "
    r"(?P<w>[a-z]+|[0-9]{1,2})\b|\b(?P<o>[a-z]+) o'?clock\b"
)


@dataclass(frozen=True)
class TimeQuestion:
    """A time the runner should pick: '7' could be 07:00 or 19:00, 'after work' is vague."""

    text: str
    options: tuple[time, ...]


def understand_time(text: str, near: time | None = None) -> time | TimeQuestion:
    """Read a time as people say it ("around 7 in the evening", "half six", "7pm").

    A bare 1-12 with nothing saying morning or evening is asked about, unless `near` (the
    runner's earlier answer) settles it. Raises TimeNotUnderstood for anything else.
    """
    s = " ".join(time_words(text[:80].lower().replace("’", "'")).split())
    if _PATTERN.match(s):
        exact = parse_time_of_day(s)
        if s.startswith("0") or exact.hour > 12 or "m" in s:  # 24-hour, or am/pm given
            return exact
    if s in ("noon", "midday", "12 noon"):
        return time(12, 0)
    hour, minute = _clock_of(s)
    if hour is None:
        vague = next((key for key in _VAGUE if key in s), None)
        if vague is None:
            raise TimeNotUnderstood(text)
        return TimeQuestion(text, _VAGUE[vague])
    return _meridiem(text, s, hour, minute, near)


def _clock_of(s: str) -> tuple[int | None, int]:
    """The hour and minute written in the text, in words or digits; (None, 0) if none."""
    if match := _WORDS.search(s):
        word = match["w"] or match["o"]
        hour = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        if hour is not None:
            minute = 30 if match["half"] else 15 if match["qp"] else 45 if match["qt"] else 0
            return (hour - 1) % 12 or 12 if match["qt"] else hour, minute
    if match := _CLOCK.search(s):
        hour, minute = int(match["h"]), int(match["m"] or match["m4"] or 0)
        if match["ap"]:
            if not 1 <= hour <= 12:
                return None, 0
            return hour % 12 + (12 if match["ap"] == "p" else 0), minute
        return hour, minute
    word = next((w for w in re.findall(r"[a-z]+", s) if w in _NUMBER_WORDS), None)
    return (None, 0) if word is None else (_NUMBER_WORDS[word], 0)


def _meridiem(text: str, s: str, hour: int, minute: int,
              near: time | None) -> time | TimeQuestion:
    if hour > 23 or minute > 59:
        raise TimeNotUnderstood(text)
    if hour == 0 or hour > 12:
        return time(hour, minute)
    evening, morning = _EVENING.search(s), _MORNING.search(s)
    if evening and not morning:
        return time(hour % 12 + 12, minute)
    if morning and not evening:
        return time(hour % 12, minute)
    if hour == 12:
        return time(12, minute)
    am, pm = time(hour, minute), time(hour + 12, minute)
    if near is not None:
        gap_am, gap_pm = (abs(_minutes(t) - _minutes(near)) for t in (am, pm))
        if min(gap_am, gap_pm) <= 180 < max(gap_am, gap_pm):
            return am if gap_am < gap_pm else pm
    return TimeQuestion(text, (am, pm))


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute

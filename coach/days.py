"""Training days in words: "Tues and Thurs", "mon wed fri", "weekends", "every day but Sunday".

`parse_days` returns Monday=0 .. Sunday=6 or raises DaysNotUnderstood. Day names may be
short, plural or slightly misspelt ("wendsday"); ranges ("mon-fri", "tuesday to thursday")
and exceptions ("but", "except", "not") work.
"""

import re

from coach.fuzzy import closest
from coach.russian_when import days_words

_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT = {
    "mon": 0, "mo": 0, "tue": 1, "tues": 1, "tu": 1, "wed": 2, "weds": 2, "we": 2, "thu": 3,
    "thur": 3, "thurs": 3, "th": 3, "fri": 4, "fr": 4, "sat": 5, "sa": 5, "sun": 6, "su": 6,
}
_GROUPS = {
    "weekend": (5, 6), "weekends": (5, 6), "weekday": (0, 1, 2, 3, 4),
    "weekdays": (0, 1, 2, 3, 4), "daily": tuple(range(7)), "everyday": tuple(range(7)),
}
_EXCEPT = frozenset({"but", "except", "not", "without", "apart", "excluding", "minus"})
_EVERY = re.compile(r"\b(?:every ?day|all days|each day|7 days|seven days|all week)\b")
_RANGE = frozenset({"-", "to", "through", "thru", "till", "until", "–"})


class DaysNotUnderstood(ValueError):
    """No days could be read from the text."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def day_of(word: str) -> int | None:
    """One word as a weekday: full, short, plural or slightly misspelt."""
    word = word.strip(".,;:!?'’").lower()
    if word.endswith("s") and word[:-1] in _NAMES:
        word = word[:-1]
    if word in _NAMES:
        return _NAMES.index(word)
    if word in _SHORT and (len(word) > 2):
        return _SHORT[word]
    hit = closest(word, _NAMES) if len(word) >= 5 else None
    return None if hit is None else _NAMES.index(hit[0])


def parse_days(text: str) -> frozenset[int]:
    """The days a text names; DaysNotUnderstood when it names none."""
    s = _EVERY.sub(" daily ", days_words(text[:200].lower()))
    s = re.sub(r"(?<=[a-z])-(?=[a-z])|(?<=[a-z]) - (?=[a-z])", " - ", s)
    words = [w for w in re.split(r"[\s,/&+]+|\band\b", s) if w]
    chosen: set[int] = set()
    removed: set[int] = set()
    excepting = False
    previous: int | None = None
    ranging = False
    for word in words:
        if word in _EXCEPT:
            excepting = True
            continue
        if word in _RANGE and previous is not None:
            ranging = True
            continue
        days = _GROUPS.get(word.strip(".,;:!?")) or (
            (day,) if (day := day_of(word)) is not None else ())
        if ranging and len(days) == 1 and previous is not None:
            days = tuple((previous + i) % 7 for i in range((days[0] - previous) % 7 + 1))
        ranging = False
        (removed if excepting else chosen).update(days)
        previous = days[-1] if len(days) == 1 else previous
    result = frozenset(chosen - removed)
    if not result:
        raise DaysNotUnderstood(text)
    return result

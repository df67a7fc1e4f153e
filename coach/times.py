"""Reading a time of day as runners type it: 18:30, 1830, 6:30pm, 18h30, 7 am."""

import re
from datetime import time

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

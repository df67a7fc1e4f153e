"""Plain words that move this week: "ran hard today", "hard run moved to Thursday".

Only sentences that name a run are read here ("intervals", "tempo", "long run", "ran hard"),
so rep reports ("goblet 3x8", "done") never are. Weekdays are ints, 0 = Monday.
"""

import re
from dataclasses import dataclass

from coach.russian_when import run_words

RUN = (r"(?:ran|run|runs|running|intervals?|tempo|track|hills?|hill repeats|fartlek|"
       r"threshold|speed ?work|long run|race|repeats|workout)")
WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2,
    "wednesday": 2, "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}
_DAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_MOVED = re.compile(
    rf"\b{RUN}\b.*?\b(?:moved|moving|moves|shifted|is|will be|on|to|->|now)\b"
    rf"(?:\s+(?:to|on|until|till))?\s+(?:this\s+|next\s+)?(?P<day>{_DAY}|tomorrow)\b")
_DONE = re.compile(
    rf"(?:\bran\s+(?:hard|fast|long|a\s+race|intervals|tempo)\b"
    rf"|\b(?:did|done|finished|completed|just\s+did|smashed|nailed)\b.*\b{RUN}\b"
    rf"|\b{RUN}\b.*\b(?:done|finished|completed|today|this\s+(?:morning|evening|afternoon)"
    rf"|tonight)\b)")
_NOT_DONE = re.compile(r"\b(?:tomorrow|later|will|going to|gonna|plan|planning|next)\b")
# A message that names a lift is a rep report, whatever it says about running; one that
# says something hurts goes to the coach as pain, not as a change of plan.
_LIFT = re.compile(r"\b(?:squats?|lunges?|deadlifts?|sldl|rdl|calf|calves|step[- ]?ups?|"
                   r"goblet|heel drops?|sets?|reps?)\b|\d+\s*[x×]\s*\d"
                   r"|\b(?:hurts?|hurting|pain|painful|sore|tweak|tweaked|injur|ache|aching)")


@dataclass(frozen=True)
class RanHardToday:
    """The runner did a hard run today: today's session is offered."""


@dataclass(frozen=True)
class RunMoved:
    """This week's hard run moves to `weekday` (or to tomorrow: `weekday` is None)."""

    weekday: int | None


WeekTalk = RanHardToday | RunMoved


def read_week_talk(text: str) -> WeekTalk | None:
    """What a message says about this week's runs, or None if it says nothing about them."""
    words = " ".join(run_words(text.lower().replace("’", "'")).split())
    if not words or len(words) > 200 or _LIFT.search(words):
        return None
    moved = _MOVED.search(words)
    if moved is not None:
        day = moved.group("day")
        return RunMoved(None if day == "tomorrow" else WEEKDAYS[day])
    if _DONE.search(words) and not _NOT_DONE.search(words):
        return RanHardToday()
    return None

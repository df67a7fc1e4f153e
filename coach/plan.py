"""Which weekdays get a strength session, and when each session's reminder fires.

Coaching rule: two or three strength sessions a week, only after a HARD run or on a
cross-training day (easy days stay easy), spread out so no two sessions fall on
consecutive days when that can be avoided (Sunday and Monday count as consecutive).

Choosing the days, in order of priority:

1. no two sessions on consecutive days (cyclic), if any choice allows it;
2. three sessions rather than two; cross-training days may make up the second or the
   third session, but only where rule 1 still holds;
3. as many hard days as possible;
4. the largest smallest gap between sessions;
5. the earliest days (lexicographically smallest sorted tuple).

Weekdays are ints, 0 = Monday .. 6 = Sunday.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations, pairwise
from zoneinfo import ZoneInfo

WEEK = range(7)
_DAY = timedelta(days=1)


class NotEnoughDays(ValueError):
    """Fewer than two hard or cross-training days to put sessions on."""


def _check_weekdays(days: frozenset[int]) -> None:
    """Raise ValueError unless every day is a weekday int 0..6."""
    if not days <= frozenset(WEEK):
        raise ValueError(f"weekdays must be 0..6, got {sorted(days)}")


def gaps(days: Sequence[int]) -> tuple[int, ...]:
    """Days between consecutive sessions of sorted `days`, wrapping Sunday to Monday."""
    ordered = sorted(days)
    if not ordered:
        return ()
    return tuple((b - a) % 7 or 7 for a, b in pairwise([*ordered, ordered[0]]))


def has_back_to_back(days: Sequence[int]) -> bool:
    """Whether two of the days are consecutive (Sunday and Monday included)."""
    return len(days) > 1 and min(gaps(days)) == 1


def _rank(days: tuple[int, ...], hard: frozenset[int]) -> tuple[int, ...]:
    """Sort key for a candidate choice: smaller is better (see module docstring)."""
    adjacent = has_back_to_back(days)
    return (
        adjacent,
        -len(days) if not adjacent else len(days),
        -len(hard.intersection(days)),
        -min(gaps(days)),
        *days,
    )


def choose_session_days(
    hard: frozenset[int], cross: frozenset[int] = frozenset()
) -> tuple[int, ...]:
    """Pick 2 or 3 sorted weekdays for strength sessions from hard and cross days."""
    _check_weekdays(hard | cross)
    candidates = sorted(hard | cross)
    if len(candidates) < 2:
        raise NotEnoughDays(f"need at least two hard or cross-training days, got {candidates}")
    options = [c for size in (2, 3) for c in combinations(candidates, size)]
    return min(options, key=lambda days: _rank(days, hard))


@dataclass(frozen=True)
class Slot:
    """One session day and the UTC instant its reminder is due."""

    session_date: date
    due_utc: datetime


def _require_aware(when: datetime, name: str) -> None:
    """Raise ValueError for a naive datetime."""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")


def _is_real(wall: datetime, tz: ZoneInfo) -> bool:
    """Whether the naive wall-clock time exists in the zone (not in a DST gap)."""
    aware = wall.replace(tzinfo=tz, fold=0)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall


def _end_of_gap(wall: datetime, tz: ZoneInfo) -> datetime:
    """The first real instant after the gap that swallowed the wall time `wall`."""
    low = int(wall.replace(tzinfo=tz, fold=1).timestamp()) - 1
    high = int(wall.replace(tzinfo=tz, fold=0).timestamp()) + 1
    while high - low > 1:  # invariant: local(low) <= wall < local(high)
        middle = (low + high) // 2
        local = datetime.fromtimestamp(middle, tz).replace(tzinfo=None)
        low, high = (low, middle) if local > wall else (middle, high)
    return datetime.fromtimestamp(high, tz)


def reminder_local(session_date: date, run_end: time, offset: timedelta, tz: ZoneInfo) -> datetime:
    """Aware local time of the reminder: wall clock (date + run_end) + offset, made real."""
    wall = datetime.combine(session_date, run_end.replace(tzinfo=None)) + offset
    if _is_real(wall, tz):
        return wall.replace(tzinfo=tz, fold=0)
    return _end_of_gap(wall, tz)


def _slots_after(
    days: Sequence[int], run_end: time, offset: timedelta, tz: ZoneInfo, after: datetime
) -> Iterator[Slot]:
    """All slots due strictly after `after`, earliest first, without end."""
    _require_aware(after, "after")
    weekdays = frozenset(days)
    _check_weekdays(weekdays)
    if not weekdays:
        raise ValueError("no session days")
    reach = max(offset, -offset) // _DAY + 2
    day = after.astimezone(tz).date() - timedelta(days=reach)
    while True:
        if day.weekday() in weekdays:
            due = reminder_local(day, run_end, offset, tz).astimezone(UTC)
            if due > after:
                yield Slot(session_date=day, due_utc=due)
        day += _DAY


def next_slot(
    days: Sequence[int], run_end: time, offset: timedelta, tz: ZoneInfo, after: datetime
) -> Slot:
    """The earliest slot whose reminder is due strictly after `after`."""
    return next(_slots_after(days, run_end, offset, tz, after))


def upcoming_slots(
    days: Sequence[int],
    run_end: time,
    offset: timedelta,
    tz: ZoneInfo,
    after: datetime,
    count: int,
) -> list[Slot]:
    """The next `count` slots due strictly after `after`, earliest first."""
    if count < 0:
        raise ValueError("count must not be negative")
    slots = _slots_after(days, run_end, offset, tz, after)
    return [next(slots) for _ in range(count)]


def week_slots(
    days: Sequence[int], run_end: time, offset: timedelta, tz: ZoneInfo, after: datetime
) -> list[Slot]:
    """The coming week: the next slot of each session weekday, earliest first."""
    return upcoming_slots(days, run_end, offset, tz, after, len(frozenset(days)))


def morning_after(session_date: date, tz: str, hour: int) -> datetime:
    """`hour`:00 local time on the day after `session_date`, as a UTC instant (DST-safe)."""
    local = reminder_local(session_date + _DAY, time(hour), timedelta(0), ZoneInfo(tz))
    return local.astimezone(UTC)

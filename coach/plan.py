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
from functools import lru_cache
from itertools import combinations, pairwise
from zoneinfo import ZoneInfo

from coach.races import Race
from coach.taper import DayKind, adjust

WEEK = range(7)
_DAY = timedelta(days=1)
# A hard run seen on Strava after its day's usual reminder brings the session this long after.
FOLLOW_DELAY = timedelta(minutes=30)


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


# Cached: a batch plans thousands of runners who share a few dates, run ends and zones.
@lru_cache(maxsize=4096)
def reminder_local(session_date: date, run_end: time, offset: timedelta, tz: ZoneInfo) -> datetime:
    """Aware local time of the reminder: wall clock (date + run_end) + offset, made real."""
    wall = datetime.combine(session_date, run_end.replace(tzinfo=None)) + offset
    if _is_real(wall, tz):
        return wall.replace(tzinfo=tz, fold=0)
    return _end_of_gap(wall, tz)


@lru_cache(maxsize=4096)
def _due_utc(session_date: date, run_end: time, offset: timedelta, tz: ZoneInfo) -> datetime:
    """`reminder_local` in UTC."""
    return reminder_local(session_date, run_end, offset, tz).astimezone(UTC)


@dataclass(frozen=True)
class Move:
    """This week only: the session of `from_date` happens on `to_date` (None: one added)."""

    from_date: date | None
    to_date: date


def _is_session_date(day: date, weekdays: frozenset[int], moves: Sequence[Move]) -> bool:
    """A usual session weekday not moved away, or a date a session was moved to; moves
    apply in the order they were made (a session moved twice ends where it went last)."""
    session = day.weekday() in weekdays
    for move in moves:
        if move.to_date == day:
            session = True
        elif move.from_date == day:
            session = False
    return session


def _slots_after(
    days: Sequence[int], run_end: time, offset: timedelta, tz: ZoneInfo, after: datetime,
    moves: Sequence[Move] = (),
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
        if _is_session_date(day, weekdays, moves):
            due = _due_utc(day, run_end, offset, tz)
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


@dataclass(frozen=True)
class Routine:
    """A runner's usual week as the plan needs it, with this week's moves."""

    days: tuple[int, ...]
    run_end: time
    offset: timedelta
    tz: ZoneInfo
    moves: tuple[Move, ...] = ()
    races: tuple[Race, ...] = ()  # the taper around them rests some days (coach/taper.py)

    def is_session_date(self, day: date) -> bool:
        return self.is_usual_session_date(day) and self.day_kind(day) is not DayKind.SKIP

    def is_usual_session_date(self, day: date) -> bool:
        """A session date of the week, moves included, before any race's taper."""
        return _is_session_date(day, frozenset(self.days), self.moves)

    def day_kind(self, day: date) -> DayKind:
        """Normal, light (race week) or skip (taper and recovery) for a session on `day`."""
        if not self.races:
            return DayKind.NORMAL
        return adjust(day, self.races, self.is_usual_session_date)

    def is_usual_pair(self, first: date, second: date) -> bool:
        """Both dates are usual session days that no move touched (back to back by choice)."""
        touched = {m.to_date for m in self.moves} | {m.from_date for m in self.moves}
        return all(d.weekday() in self.days and d not in touched for d in (first, second))


@dataclass(frozen=True)
class Booked:
    """Local run dates already used: `taken` has a session row that cannot be planned again
    (sent, logged, skipped, given up); `held` had a session (reminded, open or done)."""

    taken: frozenset[date] = frozenset()
    held: frozenset[date] = frozenset()

    def with_session(self, day: date) -> "Booked":
        return Booked(self.taken | {day}, self.held | {day})


def next_session(routine: Routine, after: datetime, booked: Booked = Booked()) -> Slot:
    """The next session: the earliest slot after `after` on a free date, never the day
    after a session that was held unless both are usual session days (easy days stay easy,
    and a changed week does not put two sessions back to back)."""
    moved_to = {move.to_date for move in routine.moves}
    for slot in _slots_after(routine.days, routine.run_end, routine.offset, routine.tz, after,
                             routine.moves):
        day = slot.session_date
        if day in booked.taken or routine.day_kind(day) is DayKind.SKIP:
            continue
        if day not in moved_to and (
                (day - _DAY in booked.held and not routine.is_usual_pair(day - _DAY, day))
                or day + _DAY in moved_to):
            continue  # the moved run's session wins over a usual day next to it
        return slot
    raise AssertionError("unreachable: the slot iterator never ends")


class MoveRefused(ValueError):
    """A run can't move to `day`: `reason` is 'already' (a session day), 'taken' (a
    session was held that day) or 'too_close' (the day after a session)."""

    def __init__(self, reason: str, day: date) -> None:
        super().__init__(reason, day)
        self.reason = reason
        self.day = day


def choose_move(routine: Routine, booked: Booked, today: date, to_date: date) -> Move:
    """Move this week's session nearest to `to_date` there (none left this week: add one)."""
    weekdays = frozenset(routine.days)
    if to_date in booked.taken:
        raise MoveRefused("taken", to_date)
    if _is_session_date(to_date, weekdays, routine.moves):
        raise MoveRefused("already", to_date)
    if to_date - _DAY in booked.held:
        raise MoveRefused("too_close", to_date)
    week = [today + timedelta(days=n) for n in range(7)]
    movable = [day for day in week if _is_session_date(day, weekdays, routine.moves)
               and day not in booked.taken]
    if not movable:
        return Move(None, to_date)
    nearest = min(movable, key=lambda day: (abs((day - to_date).days), day))
    return Move(nearest, to_date)


def sessions_ahead(routine: Routine, after: datetime, booked: Booked, count: int) -> list[Slot]:
    """The next `count` sessions as next_session would plan them one after another."""
    slots: list[Slot] = []
    for _ in range(count):
        slot = next_session(routine, after, booked)
        slots.append(slot)
        booked, after = booked.with_session(slot.session_date), slot.due_utc
    return slots


def week_slots(
    days: Sequence[int], run_end: time, offset: timedelta, tz: ZoneInfo, after: datetime
) -> list[Slot]:
    """The coming week: the next slot of each session weekday, earliest first."""
    return upcoming_slots(days, run_end, offset, tz, after, len(frozenset(days)))


def morning_after(session_date: date, tz: str, hour: int) -> datetime:
    """`hour`:00 local time on the day after `session_date`, as a UTC instant (DST-safe)."""
    local = reminder_local(session_date + _DAY, time(hour), timedelta(0), ZoneInfo(tz))
    return local.astimezone(UTC)

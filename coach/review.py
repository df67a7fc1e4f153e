"""The weekly review: what the week held, counted honestly, and when the next review is due.

A week is the seven local days ending on the review's day. Planned sessions are the plan's
slots in it that were due by review time (none while paused). A slot is done when its
scheduled session was finished; an off-schedule (/log) or imported session that week
stands in for a slot that was not; a skipped one counts as skipped; the rest as missed.
The streak counts weeks in a row, newest first, with every planned session done; a week
with nothing planned (a pause) neither counts nor breaks it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.history import Done
from coach.legs import LegNote
from coach.plan import reminder_local
from coach.records import Record

DEFAULT_WEEKDAY = 6  # Sunday (Python weekday numbers)
DEFAULT_MINUTES = 19 * 60
WEEK = timedelta(days=7)
STREAK_WEEKS = 52


@dataclass(frozen=True)
class SessionMark:
    """A session row as the review sees it."""

    day: date
    scheduled: bool
    done: bool
    skipped: bool


@dataclass(frozen=True)
class WeekTally:
    planned: int
    done: int
    skipped: int
    missed: int
    extra: int  # done sessions beyond the plan


def tally(slots: Sequence[date], marks: Sequence[SessionMark]) -> WeekTally:
    """Count one week: planned slot days against the sessions of the week."""
    planned = set(slots)
    done = {m.day for m in marks if m.scheduled and m.done and m.day in planned}
    skipped = {m.day for m in marks if m.scheduled and m.skipped and m.day in planned} - done
    spare = sum(1 for m in marks if m.done and not (m.scheduled and m.day in planned))
    open_slots = len(planned) - len(done) - len(skipped)
    stand_ins = min(spare, open_slots)
    return WeekTally(len(planned), len(done) + stand_ins, len(skipped),
                     open_slots - stand_ins, spare - stand_ins)


def streak(weeks: Sequence[WeekTally]) -> int:
    """Weeks in a row (newest first) with every planned session done."""
    count = 0
    for week in weeks:
        if week.planned == 0:
            continue
        if week.done < week.planned:
            break
        count += 1
    return count


@dataclass(frozen=True)
class LoadChange:
    exercise_id: str
    before_kg: float
    after_kg: float


def load_changes(history: Sequence[Done], first: date, exercise_ids: Sequence[str]
                 ) -> list[LoadChange]:
    """Exercises whose working load differs between before `first` and the latest session."""
    out = []
    for exercise_id in exercise_ids:
        mine = [d for d in history if d.exercise_id == exercise_id]
        before = [d for d in mine if d.day < first]
        inside = [d for d in mine if d.day >= first]
        if before and inside and inside[-1].load_kg != before[-1].load_kg:
            out.append(LoadChange(exercise_id, before[-1].load_kg, inside[-1].load_kg))
    return out


@dataclass(frozen=True)
class WeeklyReview:
    """Everything one weekly message says."""

    first: date
    last: date
    week: WeekTally
    streak: int
    changes: tuple[LoadChange, ...]
    records: tuple[Record, ...]
    legs: tuple[LegNote, ...]
    next_week: tuple[datetime, ...]  # local reminder times of the coming sessions
    paused: bool = False


def week_of(review_day: date) -> tuple[date, date]:
    """The seven local days ending on the review's day."""
    return review_day - timedelta(days=6), review_day


def next_review_at(weekday: int, minutes: int, tz: str, after: datetime) -> datetime:
    """The first review instant strictly after `after`: `weekday` at local `minutes`, in UTC.

    A time that does not exist on a spring-forward day moves to the end of the gap.
    """
    if not 0 <= weekday <= 6 or not 0 <= minutes < 24 * 60:
        raise ValueError("weekday is 0-6 and minutes 0-1439")
    zone = ZoneInfo(tz)
    wall = time(minutes // 60, minutes % 60)
    day = after.astimezone(zone).date() - timedelta(days=1)
    while True:
        if day.weekday() == weekday:
            due = reminder_local(day, wall, timedelta(0), zone).astimezone(UTC)
            if due > after:
                return due
        day += timedelta(days=1)

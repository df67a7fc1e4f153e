"""THE PLAN RULE, stated once: what must hold for every runner after every change.

- An onboarded, active runner has exactly one planned reminder (a session row that is
  planned and due, or claimed while it is being sent), on a session date of their current
  settings (a usual session weekday not moved away this week, or a date a run moved to), at
  the local instant the settings give (run end + offset in their zone), and not before the
  end of a pause, nor on a day a race's taper rests (coach/taper.py). It is never further
  off than the next two weeks allow, plus the taper's rest around the races.
- A runner who is not onboarded, or whose chat is gone, has no planned reminder.
- No two sessions (planned, open, done or skipped) share a local run date.
- A deleted runner has no rows at all (checked by the storage tests).

`plan_problems` lists what breaks the rule; the stateful test checks it after every step.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from coach.plan import FOLLOW_DELAY, Routine, reminder_local
from coach.taper import quiet_span

PLANNED_DELIVERIES = ("due", "claimed")
HORIZON = timedelta(days=15)  # a skipped day next to a moved one still lands within this


@dataclass(frozen=True)
class SessionRowView:
    """One session row as the rule sees it."""

    session_date: date
    due_at: datetime
    status: str  # planned, open, done, skipped
    delivery: str  # due, claimed, sent, missed, cancelled, failed, none


def is_planned(row: SessionRowView) -> bool:
    return row.status == "planned" and row.delivery in PLANNED_DELIVERIES


def is_session(row: SessionRowView) -> bool:
    """A row that stands for a session (not a reminder that was cancelled or given up)."""
    return row.status != "planned" or row.delivery in PLANNED_DELIVERIES


def plan_problems(routine: Routine | None, rows: Sequence[SessionRowView], *, active: bool,
                  paused_until: datetime | None, now: datetime) -> list[str]:
    """What breaks the plan rule for one runner (empty: it holds). `routine` None: not
    onboarded."""
    problems = [f"two sessions on {day}" for day, count in
                Counter(r.session_date for r in rows if is_session(r)).items() if count > 1]
    planned = [row for row in rows if is_planned(row)]
    if routine is None or not active:
        return problems + [f"a reminder for {r.session_date} without a plan" for r in planned]
    if len(planned) != 1:
        return [*problems, f"{len(planned)} planned reminders instead of one"]
    return problems + _slot_problems(routine, planned[0], paused_until, now)


def _slot_problems(routine: Routine, row: SessionRowView, paused_until: datetime | None,
                   now: datetime) -> list[str]:
    day = row.session_date
    problems = []
    if not routine.is_session_date(day):
        problems.append(f"reminder on {day}, not a session day")
    right = reminder_local(day, routine.run_end, routine.offset, routine.tz).astimezone(UTC)
    # a hard run seen on Strava after the usual time brings the session 30 min after it
    followed = right < row.due_at <= now + FOLLOW_DELAY
    if row.due_at != right and not followed:
        problems.append(f"reminder for {day} at {row.due_at}, not {right}")
    if paused_until is not None and row.due_at < paused_until:
        problems.append(f"reminder at {row.due_at} inside a pause until {paused_until}")
    if row.due_at > max(now, paused_until or now) + HORIZON + quiet_span(routine.races):
        problems.append(f"next reminder only at {row.due_at}")
    return problems

"""Plain values the layers share: what repositories hand out and services and the bot read.

They live in coach/ so storage/ (which may import coach/) builds them and bot/ reads them
without importing storage/; no ORM object leaves the storage package.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum

from coach import duration
from coach.concrete import DayTarget
from coach.exercises import Exercise
from coach.progression import Target
from coach.readiness import Today, shape
from coach.reports import SetsReport
from coach.strava import RunSeen
from coach.understand import Choice


class Delivery(StrEnum):
    """Where a planned session's reminder stands."""

    DUE = "due"
    CLAIMED = "claimed"
    SENT = "sent"
    MISSED = "missed"
    CANCELLED = "cancelled"
    FAILED = "failed"  # transient faults outlasted the grace period; the next one is planned
    NONE = "none"


class Nudge(StrEnum):
    """Where the one next-morning nudge of a reminded session stands (NULL: none planned)."""

    DUE = "due"
    CLAIMED = "claimed"
    SENT = "sent"
    DROPPED = "dropped"  # not needed any more: logged, closed, user gone, or far too late
    FAILED = "failed"


class Status(StrEnum):
    """Where a session stands from the runner's side."""

    PLANNED = "planned"
    OPEN = "open"
    DONE = "done"
    SKIPPED = "skipped"


def days_to_mask(days: frozenset[int] | tuple[int, ...]) -> int:
    """Pack weekdays (0=Monday) into a bit mask."""
    mask = 0
    for day in days:
        if not 0 <= day <= 6:
            raise ValueError(f"not a weekday: {day}")
        mask |= 1 << day
    return mask


def mask_to_days(mask: int) -> tuple[int, ...]:
    """Unpack a bit mask into sorted weekdays."""
    return tuple(day for day in range(7) if mask & (1 << day))


@dataclass(frozen=True)
class Profile:
    """A runner's settings as onboarding left them."""

    user_id: int
    chat_id: int
    tz: str | None
    run_end: time | None
    hard_days: tuple[int, ...]
    cross_days: tuple[int, ...]
    session_days: tuple[int, ...]
    paused_until: datetime | None
    active: bool
    auto_progression: bool
    onboarded: bool
    unit: str = "kg"  # loads are stored in kg and shown in this unit
    unit_chosen: bool = False
    weights_kg: tuple[float, ...] = ()  # the fixed weights the runner owns (none: a gym or bw)
    language: str | None = None  # the language the bot speaks to them (None: not chosen)


@dataclass(frozen=True)
class SessionInfo:
    """One session row as the bot and scheduler see it."""

    id: int
    user_id: int
    kind: str
    session_date: date
    due_at: datetime
    delivery: str
    status: str
    message_id: int | None
    attempts: int = 0
    retry_at: datetime | None = None
    nudge: str | None = None
    claimed_at: datetime | None = None  # the stamp of the current claim, if claimed
    effort: str | None = None  # how hard it felt, once the runner said (coach/effort)


@dataclass(frozen=True)
class Entry:
    """One stored exercise report."""

    id: int
    session_id: int
    exercise_id: str
    report: SetsReport
    source_message_id: int | None
    created_at: datetime
    done_against: Target | None = None  # the target in force when its session closed
    day_target: DayTarget | None = None  # the day's target as the card showed it


@dataclass(frozen=True)
class ExerciseView:
    """One exercise of a session: target, last time, and what was logged now."""

    exercise: Exercise
    target: Target
    last: SetsReport | None  # the latest report outside this session, skips left out
    logged: Entry | None
    why: str = ""  # coaching: why today's target differs from the stored one (a comeback)


@dataclass(frozen=True)
class ExerciseProgress:
    """One exercise over time: today's target, how often logged, first and latest entry."""

    exercise: Exercise
    target: Target
    times: int
    first: Entry | None
    latest: Entry | None


@dataclass(frozen=True)
class Progress:
    """Everything /progress shows: finished sessions and each exercise's history."""

    profile: Profile
    sessions_done: int
    items: tuple[ExerciseProgress, ...]


@dataclass(frozen=True)
class SessionView:
    """A session with its five exercises, for rendering reminders and summaries."""

    session: SessionInfo
    profile: Profile
    items: tuple[ExerciseView, ...]
    # race-week light, readiness and pain (services/readiness.py)
    today: Today = field(default_factory=Today)
    run: RunSeen | None = None  # the hard run on Strava that brought this session

    @property
    def pending(self) -> tuple[str, ...]:
        """Exercise ids with nothing logged yet, in session order; an exercise the day
        leaves out (pain, heavy legs, race week) is not waited for."""
        left_out = self.left_out
        return tuple(item.exercise.id for item in self.items
                     if item.logged is None and item.exercise.id not in left_out)

    @property
    def day_targets(self) -> dict[str, Target | None]:
        """Each exercise's target as today's card shows it: the usual one as the day shapes
        it (lighter, trimmed, race week); None where the day leaves it out or swaps it."""
        usual = [(item.exercise.id, item.target) for item in self.items]
        if self.today.plain:
            return dict(usual)
        return {planned.exercise_id: planned.target
                for planned in shape(usual, self.today).items}

    @property
    def minutes(self) -> int:
        """How long today's session takes, as the day shapes it (coach/duration.py)."""
        planned = shape([(item.exercise.id, item.target) for item in self.items],
                        self.today).items
        return duration.minutes([(p.exercise_id, p.target) for p in planned if p.target],
                                holds=sum(p.swap is not None for p in planned))

    @property
    def left_out(self) -> tuple[str, ...]:
        """Exercises today's readiness or taper leaves out or swaps (coach/readiness.py)."""
        if self.today.plain:
            return ()
        return shape([(item.exercise.id, item.target) for item in self.items],
                     self.today).left_out


@dataclass(frozen=True)
class Doubt:
    """One doubtful line: its readings, likeliest first, and the one that is what was typed
    (None: no reading is); `index` is its place in the message, which its buttons carry."""

    index: int
    choices: tuple[Choice, ...]
    literal: int | None = None
    open: bool = True


@dataclass(frozen=True)
class ReviewPlan:
    """A runner's weekly review settings and its next instant."""

    user_id: int
    enabled: bool
    weekday: int
    minutes: int
    due_at: datetime | None
    claimed_at: datetime | None = None

"""Plain values the repositories hand out and take in, beside coach/views.py's.

They live in coach/ so storage/ (which may import coach/, never services/) builds them and
services/ and the unit of work's Protocol (services/uow.py) name them without importing
storage/. Some are bookkeeping rather than coaching (a delivery's outcome, a counter's
name, Strava's link and queued event); no ORM object is among them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from coach.draft import Draft
from coach.progression import Target
from coach.races import Race
from coach.readiness import Level
from coach.views import Doubt, Profile, SessionInfo

RACE_LOOK_BACK = timedelta(days=14)  # a race this long ago still rests the days after it
MAX_OPEN_QUESTIONS = 20  # per runner; older ones are dropped

# Operational counters (storage/ops.py): the scheduler's heartbeat, sends of unknown outcome.
SCHEDULER_TICK = "scheduler_tick"
SEND_OUTCOME_UNKNOWN = "send_outcome_unknown"

OutcomeKey = tuple[int, int, date]  # (user, the session left out, before this day)
RatedKey = tuple[int, date, date]  # (user, from this day, before this day)


@dataclass(frozen=True)
class StoredRace:
    id: int
    race: Race


@dataclass(frozen=True)
class DayReadiness:
    level: Level | None
    pain_today: frozenset[str]
    pain_days: dict[str, int]  # days with pain per area, since it was last fine
    pain_light: frozenset[str] = frozenset()  # areas rated 4-5 today: a lighter day there
    bone: bool = False  # bone-stress signs told, not fine yet: no impact work
    told: frozenset[str] = frozenset()  # every area with pain not fine yet, mild or not


@dataclass(frozen=True)
class DayFacts:
    """The session day's readiness, the races from `races_since` on, the last done day
    and the first (the periodisation's blocks count from it, coach/period.py)."""

    readiness: DayReadiness
    races: tuple[StoredRace, ...]
    last_done: date | None
    first_done: date | None = None


@dataclass(frozen=True)
class Asked:
    """A question read back from the database, with its doubts still open."""

    id: int
    session_id: int
    source_message_id: int | None
    doubts: tuple[Doubt, ...]

    def doubt(self, index: int) -> Doubt | None:
        """The open doubt at this place in the message, if any."""
        return next((d for d in self.doubts if d.index == index), None)


@dataclass(frozen=True)
class StoredNote:
    exercise_id: str | None
    kind: str
    text: str
    created_at: datetime


@dataclass(frozen=True)
class Arrival:
    """The runner (None: unknown), the session a report goes into, the draft, targets."""

    profile: Profile | None
    session: SessionInfo | None = None
    draft: Draft | None = None
    targets: dict[str, Target] = field(default_factory=dict)


@dataclass(frozen=True)
class Retry:
    """A failed send put back in the queue until `at`."""

    session_id: int
    at: datetime
    attempt: int


@dataclass(frozen=True)
class Sent:
    """A reminder (or, `missed`, the missed-session note) that went out as `message_id`."""

    session_id: int
    at: datetime
    message_id: int
    missed: bool = False


@dataclass(frozen=True)
class Opened:
    """A reminded session now open, with its next-morning nudge (None: no nudge)."""

    session_id: int
    nudge_at: datetime | None


@dataclass(frozen=True)
class Planned:
    """The next reminder of one runner: a new row, or a replannable row due again."""

    user_id: int
    session_date: date
    due_at: datetime
    reuse: int | None = None


@dataclass(frozen=True)
class Link:
    """A runner connected to Strava."""

    user_id: int
    athlete_id: int
    access_token: str  # encrypted
    refresh_token: str  # encrypted
    expires_at: datetime
    long_runs_hard: bool


@dataclass(frozen=True)
class Event:
    """A Strava push event waiting in the queue."""

    id: int
    owner_id: int
    object_type: str
    object_id: int
    aspect: str
    deauthorized: bool
    attempts: int


@dataclass(frozen=True)
class KnownActivity:
    """A Strava run already fetched; `session_date` is set once a card followed it."""

    activity_id: int
    session_date: date | None

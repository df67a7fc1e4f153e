"""The in-memory unit of work's tables (tests/services/fakes.py): plain dicts and lists of
the values the repositories hand out, copied on a transaction's entry, put back on error."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from coach.draft import Draft
from coach.equipment import Equipment
from coach.plan import Move
from coach.progression import Target
from coach.races import Race
from coach.stored import Asked, DayReadiness, Link, StoredNote, StoredRace
from coach.strava import Activity, Verdict
from coach.views import Entry, Profile, ReviewPlan, SessionInfo, Status
from storage.races import day_readiness


@dataclass
class ReadinessRow:
    user_id: int
    session_date: date
    level: str
    area: str | None
    rating: int | None  # 11: worse than last time, as storage.races.RATING reads it
    cleared_at: datetime | None = None


@dataclass
class EventRow:
    id: int
    owner_id: int
    object_type: str
    object_id: int
    aspect: str
    event_time: int
    deauthorized: bool
    received_at: datetime
    next_at: datetime
    done: bool = False
    attempts: int = 0


@dataclass
class ActivityRow:
    user_id: int
    activity: Activity
    verdict: Verdict
    session_date: date | None = None
    lead: str | None = None


@dataclass
class LimitRow:
    window_start: datetime
    count: int = 0
    blocked_until: datetime | None = None


@dataclass
class Tables:
    """Every fake table; a unit of work copies it on entry and puts it back on error."""

    users: dict[int, Profile] = field(default_factory=dict)
    sessions: dict[int, SessionInfo] = field(default_factory=dict)
    closed_at: dict[int, datetime] = field(default_factory=dict)
    sent_at: dict[int, datetime] = field(default_factory=dict)
    nudge_at: dict[int, datetime] = field(default_factory=dict)
    entries: dict[int, tuple[int, Entry]] = field(default_factory=dict)  # id: (user, entry)
    targets: dict[tuple[int, str], Target] = field(default_factory=dict)
    drafts: dict[int, Draft] = field(default_factory=dict)
    questions: dict[int, tuple[int, Asked]] = field(default_factory=dict)
    notes: list[tuple[int, StoredNote]] = field(default_factory=list)
    equipment: dict[int, Equipment] = field(default_factory=dict)
    readiness: list[ReadinessRow] = field(default_factory=list)
    races: dict[int, tuple[int, Race]] = field(default_factory=dict)  # id: (user, race)
    moves: list[tuple[int, Move]] = field(default_factory=list)  # in the order added
    reviews: dict[int, ReviewPlan] = field(default_factory=dict)
    counters: dict[str, tuple[int, datetime | None]] = field(default_factory=dict)
    inbox: tuple[int, int] = (0, 0)  # (waiting to be handled, given up)
    strava_links: dict[int, Link] = field(default_factory=dict)
    strava_states: dict[str, datetime] = field(default_factory=dict)  # nonce: expires at
    strava_events: dict[int, EventRow] = field(default_factory=dict)
    strava_activities: dict[int, ActivityRow] = field(default_factory=dict)
    strava_limits: dict[str, LimitRow] = field(default_factory=dict)
    next_id: int = 1

    def day_readiness(self, user_id: int, day: date) -> DayReadiness:
        """As storage.races.ReadinessRepo.of_day reads the rows."""
        return day_readiness([(r.session_date, r.level, r.area, r.rating)
                              for r in self.readiness if r.user_id == user_id
                              and ((r.area is not None and r.cleared_at is None)
                                   or (r.area is None and r.session_date == day))], day)

    def races_of(self, user_id: int, since: date) -> tuple[StoredRace, ...]:
        found = [StoredRace(race_id, race) for race_id, (owner, race) in self.races.items()
                 if owner == user_id and race.race_date >= since]
        return tuple(sorted(found, key=lambda r: r.race.race_date))

    def done_days(self, user_id: int, day: date, but: int | None = None) -> list[date]:
        """The days of the runner's done sessions before `day` (but session `but`)."""
        return [s.session_date for s in self.sessions.values()
                if s.user_id == user_id and s.id != but and s.status == Status.DONE.value
                and s.session_date < day]

    def entry_key(self, entry: Entry) -> tuple[date, datetime, int, int]:
        """storage.entries.BY_DAY: session day, when stored, session, id."""
        return (self.sessions[entry.session_id].session_date, entry.created_at,
                entry.session_id, entry.id)

    def set_session(self, session_id: int, **values: object) -> None:
        self.sessions[session_id] = replace(self.sessions[session_id], **values)  # type: ignore[arg-type]

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id

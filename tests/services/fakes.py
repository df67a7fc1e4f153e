"""An in-memory unit of work: dict-backed fakes of the repositories the report path uses.

They implement `services.uow.UnitOfWork`; tests/services/test_reports.py runs the same
tests on these and on SQLite and PostgreSQL, so the fakes cannot drift from storage/.
"""

import copy
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import TracebackType
from typing import Self

from coach.concrete import DayTarget
from coach.equipment import Equipment
from coach.history import Logged, resolve
from coach.plan import Move
from coach.progression import Outcome, Target, initial_target
from coach.readiness import Level
from coach.readline import Note
from coach.records import bests_of
from coach.reports import ReportKind, ReportLine
from coach.stored import MAX_OPEN_QUESTIONS, Asked, DayFacts, DayReadiness, StoredNote, StoredRace
from coach.understand import Question
from coach.views import Delivery, Doubt, Entry, Profile, SessionInfo, Status
from storage.coaching import outcome_of
from storage.races import day_readiness


@dataclass
class Tables:
    """Every fake table; a unit of work copies it on entry and puts it back on error."""

    users: dict[int, Profile] = field(default_factory=dict)
    sessions: dict[int, SessionInfo] = field(default_factory=dict)
    closed_at: dict[int, datetime] = field(default_factory=dict)
    entries: dict[int, tuple[int, Entry]] = field(default_factory=dict)  # id: (user, entry)
    targets: dict[tuple[int, str], Target] = field(default_factory=dict)
    questions: dict[int, tuple[int, Asked]] = field(default_factory=dict)
    notes: list[tuple[int, StoredNote]] = field(default_factory=list)
    equipment: dict[int, Equipment] = field(default_factory=dict)
    # readiness rows: (user, session date, level, area, rating; 11: worse than last time)
    readiness: list[tuple[int, date, str, str | None, int | None]] = field(
        default_factory=list)
    next_id: int = 1

    def day_readiness(self, user_id: int, day: date) -> DayReadiness:
        """As storage.races.ReadinessRepo.of_day reads the rows (none are cleared here)."""
        return day_readiness([(when, level, area, score)
                              for owner, when, level, area, score in self.readiness
                              if owner == user_id and (area is not None or when == day)], day)

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id


class FakeUsers:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def get(self, user_id: int) -> Profile | None:
        return self.t.users.get(user_id)


class FakeSessions:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def get(self, session_id: int) -> SessionInfo | None:
        return self.t.sessions.get(session_id)

    async def for_report(self, user_id: int, reply_to: int | None
                         ) -> tuple[Profile | None, SessionInfo | None]:
        profile = self.t.users.get(user_id)
        mine = [s for s in self.t.sessions.values() if s.user_id == user_id
                and s.status not in (Status.DONE, Status.SKIPPED)]
        replied = [s for s in mine if reply_to is not None and s.message_id == reply_to]
        going = [s for s in mine if s.status == Status.OPEN
                 or (s.status == Status.PLANNED and s.delivery == Delivery.CLAIMED)]
        chosen = max(going, key=lambda s: (s.due_at, s.id)) if going else None
        return profile, (replied[0] if replied else chosen)

    async def latest_open(self, user_id: int) -> SessionInfo | None:
        found = await self.open_ones(user_id)
        return max(found, key=lambda s: (s.due_at, s.id)) if found else None

    async def open_ones(self, user_id: int) -> list[SessionInfo]:
        return [s for s in self.t.sessions.values()
                if s.user_id == user_id and s.status == Status.OPEN]

    async def mark_open(self, session_id: int, delivery: Delivery | None = None) -> None:
        self._set(session_id, status=Status.OPEN.value,
                  **({} if delivery is None else {"delivery": delivery.value}))

    async def mark_closed(self, session_id: int, status: Status, at: datetime,
                          delivery: str | None = None) -> None:
        self._set(session_id, status=status.value,
                  **({} if delivery is None else {"delivery": delivery}))
        self.t.closed_at[session_id] = at

    async def snooze(self, session_id: int, due_at: datetime, status: str | None) -> None:
        self._set(session_id, delivery=Delivery.DUE.value, due_at=due_at, attempts=0,
                  retry_at=None, **({} if status is None else {"status": status}))

    async def attach_message(self, session_id: int, message_id: int) -> None:
        self._set(session_id, message_id=message_id)

    async def set_effort(self, session_id: int, effort: str) -> None:
        self._set(session_id, effort=effort)

    def _set(self, session_id: int, **values: object) -> None:
        self.t.sessions[session_id] = replace(self.t.sessions[session_id], **values)  # type: ignore[arg-type]


class FakeEntries:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def _of(self, session_id: int) -> list[Entry]:
        return sorted((e for _, e in self.t.entries.values() if e.session_id == session_id),
                      key=lambda e: e.id)

    async def around(self, user_id: int, session_id: int
                     ) -> tuple[dict[str, Entry], dict[str, Entry]]:
        last: dict[str, Entry] = {}
        for owner, entry in sorted(self.t.entries.values(), key=lambda pair: pair[1].id):
            if (owner == user_id and entry.session_id != session_id
                    and entry.report.kind is not ReportKind.SKIPPED):
                last[entry.exercise_id] = entry
        return last, {e.exercise_id: e for e in self._of(session_id)}

    async def for_session(self, session_id: int) -> list[Entry]:
        return self._of(session_id)

    async def put_many(self, user_id: int, session_id: int, lines: Sequence[ReportLine],
                       source_message_id: int | None, now: datetime,
                       replacing: Sequence[str] = (),
                       days: Mapping[str, DayTarget] | None = None) -> list[Entry]:
        days = days or {}
        for entry in self._of(session_id):
            if entry.exercise_id in replacing:
                del self.t.entries[entry.id]
        stored = []
        for line in lines:
            entry = Entry(self.t.new_id(), session_id, line.exercise_id, line.sets,
                          source_message_id, now, day_target=days.get(line.exercise_id))
            self.t.entries[entry.id] = (user_id, entry)
            stored.append(entry)
        return stored

    async def stamp_many(self, session_id: int, stamps: Mapping[str, Target]) -> None:
        for entry in self._of(session_id):
            if entry.exercise_id in stamps:
                owner = self.t.entries[entry.id][0]
                stamped = replace(entry, done_against=stamps[entry.exercise_id])
                self.t.entries[entry.id] = (owner, stamped)

    async def last_of_session(self, session_id: int) -> Entry | None:
        found = self._of(session_id)
        return found[-1] if found else None

    async def delete(self, entry_id: int) -> None:
        self.t.entries.pop(entry_id, None)

    async def delete_from_message(self, user_id: int, message_id: int) -> int | None:
        gone = [e for owner, e in self.t.entries.values()
                if owner == user_id and e.source_message_id == message_id]
        for entry in gone:
            del self.t.entries[entry.id]
        return gone[0].session_id if gone else None


class FakeTargets:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def all_for(self, user_id: int) -> dict[str, Target]:
        return {ex: target for (owner, ex), target in self.t.targets.items()
                if owner == user_id}

    async def get(self, user_id: int, exercise_id: str) -> Target:
        return self.t.targets.get((user_id, exercise_id), initial_target())

    async def put_many(self, user_id: int, targets: Mapping[str, Target],
                       now: datetime) -> None:
        for exercise_id, target in targets.items():
            self.t.targets[(user_id, exercise_id)] = target


class FakeTrail:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def latest_closed(self, user_id: int) -> SessionInfo | None:
        closed = [s for s in self.t.sessions.values() if s.user_id == user_id
                  and s.status in (Status.DONE, Status.SKIPPED) and s.kind != "imported"
                  and s.id in self.t.closed_at]
        return max(closed, key=lambda s: (self.t.closed_at[s.id], s.id)) if closed else None

    async def session_of_message(self, user_id: int, message_id: int) -> int | None:
        return next((e.session_id for owner, e in self.t.entries.values()
                     if owner == user_id and e.source_message_id == message_id), None)


class FakeQuestions:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, user_id: int, session_id: int, source_message_id: int | None,
                  questions: Sequence[Question], now: datetime) -> int:
        question_id = self.t.new_id()
        doubts = tuple(Doubt(n, q.choices, q.literal) for n, q in enumerate(questions))
        self.t.questions[question_id] = (
            user_id, Asked(question_id, session_id, source_message_id, doubts))
        mine = sorted((q for q, (owner, _) in self.t.questions.items() if owner == user_id),
                      reverse=True)
        for old in mine[MAX_OPEN_QUESTIONS:]:
            del self.t.questions[old]
        return question_id

    async def open(self, user_id: int, question_id: int) -> Asked | None:
        found = self.t.questions.get(question_id)
        return None if found is None or found[0] != user_id else found[1]

    async def close(self, question_id: int, indices: Collection[int]) -> tuple[Doubt, ...]:
        owner, asked = self.t.questions[question_id]
        left = tuple(d for d in asked.doubts if d.index not in indices)
        if left:
            self.t.questions[question_id] = (owner, replace(asked, doubts=left))
        else:
            del self.t.questions[question_id]
        return left

    async def take(self, user_id: int, question_id: int) -> Asked | None:
        asked = await self.open(user_id, question_id)
        if asked is not None:
            del self.t.questions[question_id]
        return asked

    async def add_notes(self, user_id: int, session_id: int | None, notes: tuple[Note, ...],
                        now: datetime) -> None:
        self.t.notes += [(user_id, StoredNote(n.exercise_id, n.kind, n.text[:100], now))
                         for n in notes]

    async def notes(self, user_id: int) -> list[StoredNote]:
        return [note for owner, note in self.t.notes if owner == user_id]


class FakeHistory:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def logged(self, user_id: int, since: date | None = None) -> list[Logged]:
        rows = [(self.t.sessions[e.session_id].session_date, e)
                for owner, e in self.t.entries.values() if owner == user_id]
        rows.sort(key=lambda row: (row[0], row[1].created_at, row[1].id))
        return [Logged(e.session_id, day, e.created_at, e.exercise_id, e.report,
                       e.day_target, e.done_against)
                for day, e in rows if since is None or day >= since]

    async def bests(self, user_id: int, session_id: int,
                    lifted: Collection[tuple[str, float]]
                    ) -> dict[tuple[str, str, str], dict[float, int]]:
        """Every best of the other sessions' exercises in `lifted` (a scan of the log): the
        records judged against them are the database's."""
        exercises = {exercise_id for exercise_id, _ in lifted}
        return bests_of(done for done in resolve(await self.logged(user_id))
                        if done.session_id != session_id and done.exercise_id in exercises)


class FakeCoaching:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def equipment(self, user_id: int) -> Equipment | None:
        return self.t.equipment.get(user_id)

    async def set_equipment(self, user_id: int, kit: Equipment) -> None:
        self.t.equipment[user_id] = kit
        if (profile := self.t.users.get(user_id)) is not None:  # the users row holds them
            self.t.users[user_id] = replace(profile, weights_kg=kit.weights_kg)

    async def outcomes(self, user_id: int, exercise_id: str, session_id: int, day: date,
                       limit: int = 6) -> tuple[Outcome, ...]:
        found = await self.recent_outcomes(user_id, session_id, day, limit, 10**6)
        return found.get(exercise_id, ())

    async def recent_outcomes(self, user_id: int, session_id: int, day: date,
                              per_exercise: int = 6, window: int = 40
                              ) -> dict[str, tuple[Outcome, ...]]:
        rows = [(self.t.sessions[e.session_id].session_date, e)
                for owner, e in self.t.entries.values()
                if owner == user_id and e.session_id != session_id
                and e.done_against is not None and e.report.kind is not ReportKind.SKIPPED
                and self.t.sessions[e.session_id].session_date < day]
        rows.sort(key=lambda row: (row[0], row[1].id), reverse=True)
        out: dict[str, list[Outcome]] = {}
        for day, entry in rows[:window]:
            kept = out.setdefault(entry.exercise_id, [])
            if len(kept) < per_exercise:
                kept.append(_outcome(entry, day, self.t.sessions[entry.session_id].effort))
        return {k: tuple(reversed(v)) for k, v in out.items()}

    async def rated(self, user_id: int, since: date, day: date) -> list[tuple[date, str]]:
        behind = {e.session_id for owner, e in self.t.entries.values()
                  if owner == user_id and e.done_against is not None
                  and e.report.kind is not ReportKind.SKIPPED}
        return sorted({(s.session_date, s.effort) for s in self.t.sessions.values()
                       if s.id in behind and s.effort is not None
                       and since <= s.session_date < day})

    async def last_done_before(self, user_id: int, session_id: int, day: date) -> date | None:
        days = [s.session_date for s in self.t.sessions.values()
                if s.user_id == user_id and s.id != session_id
                and s.status == Status.DONE.value and s.session_date < day]
        return max(days, default=None)


def _outcome(entry: Entry, day: date | None = None, effort: str | None = None) -> Outcome:
    assert entry.done_against is not None
    return outcome_of(entry.done_against, entry.report, entry.day_target, day, effort)


class FakeRaces:
    """No races are told on the report path's tests (tests/services/test_races*.py use the
    real repositories)."""

    async def upcoming(self, user_id: int, since: date) -> tuple[StoredRace, ...]:
        return ()


class FakeReadiness:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, user_id: int, session_date: date, level: Level, area: str | None,
                  now: datetime, score: int | None = None, worse: bool | None = None) -> None:
        self.t.readiness.append((user_id, session_date, level.value, area,
                                 11 if worse else score))

    async def of_day(self, user_id: int, day: date) -> DayReadiness:
        return self.t.day_readiness(user_id, day)


class FakeDays:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def facts(self, user_id: int, session_id: int, day: date,
                    races_since: date) -> DayFacts:
        done = [s.session_date for s in self.t.sessions.values()
                if s.user_id == user_id and s.id != session_id
                and s.status == Status.DONE.value and s.session_date < day]
        return DayFacts(self.t.day_readiness(user_id, day), (), max(done, default=None),
                        min(done, default=None))


class FakePlanning:
    async def moves(self, user_id: int, since: date) -> tuple[Move, ...]:
        return ()


class FakeUnitOfWork:
    """One transaction over `Tables`: changes are kept on success, dropped on error."""

    def __init__(self, tables: Tables) -> None:
        self.tables = tables
        self.commits = 0

    async def __aenter__(self) -> Self:
        self._before = copy.deepcopy(self.tables)
        t = self.tables
        self.users, self.sessions, self.entries = FakeUsers(t), FakeSessions(t), FakeEntries(t)
        self.targets, self.trail = FakeTargets(t), FakeTrail(t)
        self.questions, self.history = FakeQuestions(t), FakeHistory(t)
        self.coaching = FakeCoaching(t)
        self.races, self.planning = FakeRaces(), FakePlanning()
        self.readiness = FakeReadiness(t)
        self.days = FakeDays(t)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        if exc_type is None:
            self.commits += 1
        else:
            self.tables.__dict__.update(self._before.__dict__)

"""An in-memory unit of work: dict-backed fakes of every repository of the Protocol.

`FakeUnitOfWork` implements `services.uow.UnitOfWork` (mypy checks it: `_PROVED` below);
tests/services/test_reports.py runs the same tests on it and on SQLite and PostgreSQL, and
tests/services/test_fake_uow.py runs the scheduler's passes, onboarding, settings and races
on it. The per-runner repositories are here, the batch and queue ones in fakes_queues.py,
the tables in fake_tables.py. What only SQL does (SKIP LOCKED claims, a server's clock) is
a plain dict update here: one transaction at a time.
"""

import copy
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from types import TracebackType
from typing import Self

from coach.concrete import DayTarget
from coach.draft import Draft
from coach.equipment import Equipment
from coach.history import Logged, resolve
from coach.plan import Booked, Move
from coach.progression import Outcome, Target, initial_target
from coach.races import Race
from coach.readiness import Level
from coach.readline import Note
from coach.records import bests_of
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.review import SessionMark
from coach.stored import (
    MAX_OPEN_QUESTIONS,
    Arrival,
    Asked,
    DayFacts,
    DayReadiness,
    OutcomeKey,
    RatedKey,
    StoredNote,
    StoredRace,
)
from coach.understand import Question
from coach.views import Delivery, Doubt, Entry, Profile, SessionInfo, Status
from services.uow import UnitOfWork
from storage.coaching import outcome_of
from storage.history import IMPORTED
from storage.planning import REPLANNABLE, booked_of
from tests.services.fake_tables import ReadinessRow, Tables
from tests.services.fakes_queues import (
    FakeCards,
    FakeClaims,
    FakeDayBatches,
    FakeDeliveries,
    FakeInbox,
    FakeOps,
    FakeReviews,
    FakeStats,
    FakeStrava,
)

__all__ = ["FakeUnitOfWork", "ReadOnlyViolation", "Tables", "fake_units"]


class FakeUsers:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def get(self, user_id: int) -> Profile | None:
        return self.t.users.get(user_id)

    async def ensure(self, user_id: int, chat_id: int, now: datetime) -> Profile:
        if user_id not in self.t.users:
            self.t.users[user_id] = Profile(user_id, chat_id, None, None, (), (), (), None,
                                            True, True, False)
        return self.t.users[user_id]

    async def save_plan(self, user_id: int, hard: Sequence[int], cross: Sequence[int],
                        session_days: Sequence[int], run_end: time, tz: str,
                        now: datetime) -> None:
        self._set(user_id, hard_days=tuple(sorted(set(hard))),
                  cross_days=tuple(sorted(set(cross))),
                  session_days=tuple(sorted(set(session_days))), run_end=run_end, tz=tz,
                  onboarded=True, active=True)

    async def set_fields(self, user_id: int, **values: object) -> None:
        allowed = {"paused_until", "active", "auto_progression", "chat_id", "unit", "language"}
        if not set(values) <= allowed:
            raise ValueError(f"not a settings column: {set(values) - allowed}")
        if "unit" in values:  # the column is NULL until chosen; the profile reads kg then
            unit = values.pop("unit")
            values |= {"unit": unit or "kg", "unit_chosen": unit is not None}
        self._set(user_id, **values)

    async def language(self, user_id: int) -> str | None:
        profile = self.t.users.get(user_id)
        return None if profile is None else profile.language

    async def adopt_language(self, user_id: int, code: str) -> str:
        profile = self.t.users.get(user_id)
        if profile is not None and profile.language is None:
            self._set(user_id, language=code)
        return await self.language(user_id) or code

    async def delete(self, user_id: int) -> None:
        """The user and every row of theirs (the foreign keys' cascade)."""
        t = self.t
        gone = {s.id for s in t.sessions.values() if s.user_id == user_id}
        for session_id in gone:
            del t.sessions[session_id]
            for when in (t.closed_at, t.sent_at, t.nudge_at):
                when.pop(session_id, None)
        t.entries = {k: v for k, v in t.entries.items() if v[0] != user_id}
        t.targets = {k: v for k, v in t.targets.items() if k[0] != user_id}
        t.questions = {k: v for k, v in t.questions.items() if v[0] != user_id}
        t.notes = [n for n in t.notes if n[0] != user_id]
        t.readiness = [r for r in t.readiness if r.user_id != user_id]
        t.races = {k: v for k, v in t.races.items() if v[0] != user_id}
        t.moves = [m for m in t.moves if m[0] != user_id]
        t.strava_activities = {k: v for k, v in t.strava_activities.items()
                               if v.user_id != user_id}
        t.users.pop(user_id, None)
        t.drafts.pop(user_id, None)
        t.equipment.pop(user_id, None)
        t.reviews.pop(user_id, None)
        t.strava_links.pop(user_id, None)

    def _set(self, user_id: int, **values: object) -> None:
        if user_id in self.t.users:
            self.t.users[user_id] = replace(self.t.users[user_id], **values)  # type: ignore[arg-type]


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

    async def add(self, user_id: int, kind: str, session_date: date, due_at: datetime,
                  delivery: Delivery, status: Status) -> SessionInfo:
        session = SessionInfo(self.t.new_id(), user_id, kind, session_date, due_at,
                              delivery.value, status.value, None)
        self.t.sessions[session.id] = session
        return session

    async def cancel_due(self, user_id: int) -> None:
        for s in list(self.t.sessions.values()):
            if (s.user_id == user_id and s.delivery == Delivery.DUE
                    and s.status == Status.PLANNED):
                del self.t.sessions[s.id]

    async def count_done(self, user_id: int) -> int:
        return sum(1 for s in self.t.sessions.values()
                   if s.user_id == user_id and s.status == Status.DONE)

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
        self.t.set_session(session_id, **values)


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

    async def history(self, user_id: int) -> dict[str, tuple[int, Entry, Entry]]:
        per: dict[str, list[Entry]] = {}
        for owner, entry in self.t.entries.values():
            if owner == user_id and entry.report.kind is not ReportKind.SKIPPED:
                per.setdefault(entry.exercise_id, []).append(entry)
        return {exercise_id: (len(found), min(found, key=self.t.entry_key),
                              max(found, key=self.t.entry_key))
                for exercise_id, found in per.items()}

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

    async def put(self, user_id: int, exercise_id: str, target: Target, now: datetime) -> None:
        self.t.targets[(user_id, exercise_id)] = target

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

    def _logged_into(self, user_id: int) -> list[SessionInfo]:
        """The runner's sessions with something other than a skip logged."""
        ids = {e.session_id for owner, e in self.t.entries.values()
               if owner == user_id and e.report.kind is not ReportKind.SKIPPED}
        return [self.t.sessions[i] for i in ids]

    async def session_page(self, user_id: int, offset: int, size: int) -> tuple[list[int], int]:
        found = sorted(self._logged_into(user_id),
                       key=lambda s: (s.session_date, s.due_at, s.id), reverse=True)
        return [s.id for s in found[offset:offset + size]], len(found)

    async def days_with(self, user_id: int) -> set[tuple[date, str]]:
        return {(self.t.sessions[e.session_id].session_date, e.exercise_id)
                for owner, e in self.t.entries.values()
                if owner == user_id and e.report.kind is not ReportKind.SKIPPED}

    async def add_imported(self, user_id: int, day: date, at: datetime,
                           reports: Sequence[tuple[str, SetsReport]]) -> int:
        session = SessionInfo(self.t.new_id(), user_id, IMPORTED, day, at,
                              Delivery.NONE.value, Status.DONE.value, None)
        self.t.sessions[session.id] = session
        self.t.closed_at[session.id] = at
        for exercise_id, report in reports:
            entry = Entry(self.t.new_id(), session.id, exercise_id, report, None, at)
            self.t.entries[entry.id] = (user_id, entry)
        return session.id

    async def marks(self, user_id: int, first: date, last: date) -> list[SessionMark]:
        found = sorted((s for s in self.t.sessions.values() if s.user_id == user_id
                        and first <= s.session_date <= last),
                       key=lambda s: (s.session_date, s.id))
        return [SessionMark(s.session_date, s.kind == "scheduled", s.status == Status.DONE,
                            s.status == Status.SKIPPED) for s in found]


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

    async def recent_outcomes_many(self, keys: Sequence[OutcomeKey], per_exercise: int = 6,
                                   window: int = 40,
                                   since: Mapping[OutcomeKey, date] | None = None
                                   ) -> dict[OutcomeKey, dict[str, tuple[Outcome, ...]]]:
        """`recent_outcomes` per key, the keys with none left out (`since` only narrows
        the database's first read; the answer is the same without it)."""
        out = {}
        for key in keys:
            found = await self.recent_outcomes(*key, per_exercise, window)
            if found:
                out[key] = found
        return out

    async def rated_many(self, keys: Sequence[RatedKey]
                         ) -> dict[RatedKey, list[tuple[date, str]]]:
        out = {}
        for key in keys:
            found = await self.rated(*key)
            if found:
                out[key] = found
        return out

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
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def upcoming(self, user_id: int, since: date) -> tuple[StoredRace, ...]:
        return self.t.races_of(user_id, since)

    async def put(self, user_id: int, race: Race, now: datetime) -> int:
        race_id = next((i for i, (owner, known) in self.t.races.items()
                        if owner == user_id and known.race_date == race.race_date),
                       None) or self.t.new_id()
        self.t.races[race_id] = (user_id, race)
        return race_id

    async def remove(self, user_id: int, race_id: int) -> Race | None:
        found = self.t.races.get(race_id)
        if found is None or found[0] != user_id:
            return None
        del self.t.races[race_id]
        return found[1]


class FakeReadiness:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, user_id: int, session_date: date, level: Level, area: str | None,
                  now: datetime, score: int | None = None, worse: bool | None = None) -> None:
        self.t.readiness.append(ReadinessRow(user_id, session_date, level.value, area,
                                             11 if worse else score))

    async def of_day(self, user_id: int, day: date) -> DayReadiness:
        return self.t.day_readiness(user_id, day)

    async def clear(self, user_id: int, area: str | None, now: datetime) -> int:
        rows = [r for r in self.t.readiness if r.user_id == user_id and r.area is not None
                and r.cleared_at is None and (area is None or r.area == area)]
        for row in rows:
            row.cleared_at = now
        return len(rows)


class FakeDays:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def facts(self, user_id: int, session_id: int, day: date,
                    races_since: date) -> DayFacts:
        return DayFacts(self.t.day_readiness(user_id, day), self.t.races_of(user_id, races_since),
                        max(self.t.done_days(user_id, day, session_id), default=None),
                        min(self.t.done_days(user_id, day), default=None))


class FakePlanning:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def _mine(self, user_id: int) -> list[SessionInfo]:
        return [s for s in self.t.sessions.values() if s.user_id == user_id]

    async def next_planned(self, user_id: int) -> SessionInfo | None:
        due = [s for s in self._mine(user_id)
               if s.delivery == Delivery.DUE and s.status == Status.PLANNED]
        return min(due, key=lambda s: s.due_at, default=None)

    async def booked(self, user_id: int, since: date) -> Booked:
        return booked_of((s.session_date, s.status, s.delivery) for s in self._mine(user_id)
                         if s.session_date >= since)

    async def replannable_on(self, user_id: int, day: date) -> SessionInfo | None:
        return next((s for s in self._mine(user_id) if s.kind == "scheduled"
                     and s.session_date == day and s.status == Status.PLANNED
                     and s.delivery in REPLANNABLE), None)

    async def replan(self, session_id: int, due_at: datetime) -> None:
        self.t.set_session(session_id, delivery=Delivery.DUE.value, due_at=due_at,
                           claimed_at=None, attempts=0, retry_at=None)

    async def moves(self, user_id: int, since: date) -> tuple[Move, ...]:
        return tuple(move for owner, move in self.t.moves
                     if owner == user_id and move.to_date >= since)

    async def add_move(self, user_id: int, move: Move, now: datetime) -> None:
        self.t.moves.append((user_id, move))

    async def clear_moves(self, user_id: int) -> None:
        self.t.moves = [(owner, move) for owner, move in self.t.moves if owner != user_id]


class FakeDrafts:
    """Drafts are mutable: each read and write is a copy, as a row would be."""

    def __init__(self, t: Tables) -> None:
        self.t = t

    async def get(self, user_id: int) -> Draft | None:
        return copy.deepcopy(self.t.drafts.get(user_id))

    async def put(self, user_id: int, draft: Draft) -> None:
        self.t.drafts[user_id] = copy.deepcopy(draft)

    async def delete(self, user_id: int) -> None:
        self.t.drafts.pop(user_id, None)

    async def delete_asked_before(self, cutoff: datetime) -> int:
        old = [user for user, draft in self.t.drafts.items()
               if draft.asked_at is not None and draft.asked_at < cutoff]
        for user in old:
            del self.t.drafts[user]
        return len(old)


class FakeMessages:
    def __init__(self, t: Tables, sessions: FakeSessions, targets: FakeTargets) -> None:
        self.t, self.sessions, self.targets = t, sessions, targets

    async def arrival(self, user_id: int, reply_to: int | None) -> Arrival:
        profile, session = await self.sessions.for_report(user_id, reply_to)
        if profile is None:
            return Arrival(None)
        return Arrival(profile, session, copy.deepcopy(self.t.drafts.get(user_id)),
                       await self.targets.all_for(user_id))


class ReadOnlyViolation(RuntimeError):
    """A read-only fake unit of work changed a table."""


class FakeUnitOfWork:
    """One transaction over `Tables`: changes are kept on success, dropped on error; a
    `read_only` one that changed anything fails on exit, as storage's refuses the write."""

    def __init__(self, tables: Tables, *, read_only: bool = False) -> None:
        self.tables = tables
        self.read_only = read_only
        self.commits = 0

    async def __aenter__(self) -> Self:
        self._before = copy.deepcopy(self.tables)
        t = self.tables
        self.users, self.sessions, self.entries = FakeUsers(t), FakeSessions(t), FakeEntries(t)
        self.targets, self.trail, self.drafts = FakeTargets(t), FakeTrail(t), FakeDrafts(t)
        self.questions, self.history = FakeQuestions(t), FakeHistory(t)
        self.coaching, self.races, self.planning = FakeCoaching(t), FakeRaces(t), FakePlanning(t)
        self.readiness, self.days = FakeReadiness(t), FakeDays(t)
        self.messages = FakeMessages(t, self.sessions, self.targets)
        self.claims, self.delivery, self.cards = FakeClaims(t), FakeDeliveries(t), FakeCards(t)
        self.day_batches, self.reviews = FakeDayBatches(t), FakeReviews(t)
        self.stats, self.ops, self.inbox = FakeStats(t), FakeOps(t), FakeInbox(t)
        self.strava = FakeStrava(t)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        if exc_type is None and self.read_only and self.tables != self._before:
            self.tables.__dict__.update(self._before.__dict__)
            raise ReadOnlyViolation("a read-only unit of work changed a table")
        if exc_type is None:
            self.commits += 1
        else:
            self.tables.__dict__.update(self._before.__dict__)


def fake_units(tables: Tables) -> Callable[[], FakeUnitOfWork]:
    """A factory of fake units of work over `tables`, as `services.runtime.Units` is one of
    real ones (`read_only` is set on the unit before it is entered, as batches.reading does)."""
    return lambda: FakeUnitOfWork(tables)


_PROVED: type[UnitOfWork] = FakeUnitOfWork  # mypy: the fake implements the whole Protocol

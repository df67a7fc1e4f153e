"""The session service: open a session, store reports, finish it with progression."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.exercises import CATALOGUE, Exercise
from coach.progression import Decision, Target, initial_target, next_target
from coach.reports import ReportKind, ReportLine, SetsReport
from storage.models import Delivery, Status
from storage.records import (
    Entry,
    ExerciseProgress,
    ExerciseView,
    Progress,
    SessionInfo,
    SessionView,
)
from storage.services import NotOnboarded, local_date
from storage.uow import UnitOfWork


class NotYours(LookupError):
    """The session does not exist or belongs to someone else."""


class SessionClosed(RuntimeError):
    """The session was already finished or skipped."""


@dataclass(frozen=True)
class Recorded:
    """What one report stored, and the session after it."""

    stored: tuple[Entry, ...]
    view: SessionView

    @property
    def complete(self) -> bool:
        return not self.view.pending


@dataclass(frozen=True)
class Finished:
    """A finished session and the new targets it led to."""

    view: SessionView
    decisions: tuple[tuple[Exercise, Decision], ...]
    progressed: bool


class SessionService:
    """Everything a runner does inside a session."""

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = factory

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.factory)

    async def progress(self, user_id: int) -> Progress:
        """Each exercise's target now and its first and latest logged result."""
        async with self.uow() as uow:
            profile = await uow.users.get(user_id)
            if profile is None or not profile.onboarded:
                raise NotOnboarded(user_id)
            targets = await uow.targets.all_for(user_id)
            history = await uow.entries.history(user_id)
            done = await uow.sessions.count_done(user_id)
        items = tuple(
            ExerciseProgress(exercise, targets.get(exercise.id, initial_target()),
                             *history.get(exercise.id, (0, None, None)))
            for exercise in CATALOGUE)
        return Progress(profile, done, items)

    async def open_view(self, user_id: int) -> SessionView | None:
        """The session the runner is logging into now, if any."""
        async with self.uow() as uow:
            session = await uow.sessions.latest_open(user_id)
            return None if session is None else await build_view(uow, session)

    async def view(self, user_id: int, session_id: int) -> SessionView:
        async with self.uow() as uow:
            return await build_view(uow, await _owned(uow, user_id, session_id))

    async def for_message(self, user_id: int, message_id: int) -> SessionView | None:
        """The session a bot message (reminder or session card) belongs to, if it is theirs."""
        async with self.uow() as uow:
            session = await uow.sessions.by_message(user_id, message_id)
            return None if session is None else await build_view(uow, session)

    async def attach_message(self, user_id: int, session_id: int, message_id: int) -> None:
        """Remember the card of an off-schedule session so replies to it count."""
        async with self.uow() as uow:
            session = await _owned(uow, user_id, session_id)
            await uow.sessions.set_state(session.id, message_id=message_id)

    async def start_now(self, user_id: int, now: datetime) -> SessionView:
        """Open a session off schedule, or return the one already open."""
        async with self.uow() as uow:
            session = await uow.sessions.latest_open(user_id)
            if session is None:
                profile = await uow.users.get(user_id)
                if profile is None or profile.tz is None:
                    raise NotYours(user_id)
                session = await uow.sessions.add(
                    user_id, "adhoc", local_date(now, profile.tz), now, Delivery.NONE,
                    Status.OPEN)
            return await build_view(uow, session)

    async def record(self, user_id: int, session_id: int, lines: Sequence[ReportLine],
                     source_message_id: int | None, now: datetime) -> Recorded:
        """Store each line at once; a later report of the same exercise replaces it."""
        async with self.uow() as uow:
            session = await _open(uow, user_id, session_id)
            stored = [await uow.entries.put(user_id, session.id, line.exercise_id, line.sets,
                                            source_message_id, now) for line in lines]
            return Recorded(tuple(stored), await build_view(uow, session))

    async def rerecord(self, user_id: int, message_id: int, lines: Sequence[ReportLine],
                       now: datetime) -> Recorded | None:
        """An edited message: replace what the original stored with the new reading."""
        async with self.uow() as uow:
            session_id = await uow.entries.delete_from_message(user_id, message_id)
            if session_id is None:
                return None
            session = await _owned(uow, user_id, session_id)
            stored = [await uow.entries.put(user_id, session.id, line.exercise_id, line.sets,
                                            message_id, now) for line in lines]
            return Recorded(tuple(stored), await build_view(uow, session))

    async def finish(self, user_id: int, session_id: int, now: datetime) -> Finished:
        """Close the session and apply double progression to every logged exercise."""
        async with self.uow() as uow:
            session = await _open(uow, user_id, session_id)
            view = await build_view(uow, session)
            decisions = tuple((item.exercise, _decide(item)) for item in view.items
                              if item.logged is not None)
            if view.profile.auto_progression:
                for exercise, decision in decisions:
                    await uow.targets.put(user_id, exercise.id, decision.target, now)
            await uow.sessions.set_state(session.id, status=Status.DONE.value, closed_at=now)
            return Finished(view, decisions, view.profile.auto_progression)

    async def skip(self, user_id: int, session_id: int, now: datetime) -> SessionInfo:
        async with self.uow() as uow:
            session = await _owned(uow, user_id, session_id)
            if session.status in (Status.DONE.value, Status.SKIPPED.value):
                raise SessionClosed(session_id)
            await uow.sessions.set_state(session.id, status=Status.SKIPPED.value,
                                         delivery=_settled(session.delivery), closed_at=now)
            return session

    async def snooze(self, user_id: int, session_id: int, now: datetime,
                     delay: timedelta) -> datetime:
        """Send this session's reminder again after `delay`."""
        async with self.uow() as uow:
            session = await _open(uow, user_id, session_id)
            due = now + delay
            await uow.sessions.set_state(session.id, delivery=Delivery.DUE.value, due_at=due,
                                         attempts=None, retry_at=None)
            return due

    async def undo(self, user_id: int) -> Entry | None:
        """Remove the newest entry of the open session, or else of the latest logged one."""
        async with self.uow() as uow:
            session = await uow.sessions.latest_open(user_id)
            entry = None if session is None else await uow.entries.last_of_session(session.id)
            if entry is None:
                latest = await uow.sessions.latest_with_entries(user_id)
                if latest is None:
                    return None
                entry = await uow.entries.last_of_session(latest.id)
            if entry is not None:
                await uow.entries.delete(entry.id)
            return entry


async def build_view(uow: UnitOfWork, session: SessionInfo) -> SessionView:
    """Assemble targets, last results and this session's entries."""
    profile = await uow.users.get(session.user_id)
    assert profile is not None
    targets = await uow.targets.all_for(session.user_id)
    last = await uow.entries.last_before(session.user_id, session.id)
    logged = {e.exercise_id: e for e in await uow.entries.for_session(session.id)}
    items = tuple(
        ExerciseView(ex, targets.get(ex.id, Target()), last.get(ex.id), logged.get(ex.id))
        for ex in CATALOGUE)
    return SessionView(session, profile, items)


def _decide(item: ExerciseView) -> Decision:
    assert item.logged is not None
    report: SetsReport = item.logged.report
    if report.kind is ReportKind.AS_PLANNED:
        load = item.target.load_kg if report.load_kg is None else report.load_kg
        return next_target(item.exercise, item.target, (item.target.reps,) * item.target.sets,
                           load)
    return next_target(item.exercise, item.target, report.reps, report.load_kg)


def _settled(delivery: str) -> str:
    return Delivery.CANCELLED.value if delivery == Delivery.DUE.value else delivery


async def _owned(uow: UnitOfWork, user_id: int, session_id: int) -> SessionInfo:
    session = await uow.sessions.get(session_id)
    if session is None or session.user_id != user_id:
        raise NotYours(session_id)
    return session


async def _open(uow: UnitOfWork, user_id: int, session_id: int) -> SessionInfo:
    session = await _owned(uow, user_id, session_id)
    if session.status in (Status.DONE.value, Status.SKIPPED.value):
        raise SessionClosed(session_id)
    if session.status == Status.PLANNED.value:
        await uow.sessions.set_state(session.id, status=Status.OPEN.value)
        return await _owned(uow, user_id, session_id)
    return session



async def close_stale(uow: UnitOfWork, user_id: int, keep: int, now: datetime) -> None:
    """Close older open sessions: finished if something was logged, skipped if not."""
    for session in await uow.sessions.open_ones(user_id):
        if session.id == keep:
            continue
        view = await build_view(uow, session)
        logged = [item for item in view.items if item.logged is not None]
        if logged and view.profile.auto_progression:
            for item in logged:
                await uow.targets.put(user_id, item.exercise.id, _decide(item).target, now)
        status = Status.DONE if logged else Status.SKIPPED
        await uow.sessions.set_state(session.id, status=status.value, closed_at=now)

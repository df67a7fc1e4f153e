"""The session service: open a session, store reports, finish it with progression."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.exercises import CATALOGUE, Exercise
from coach.progression import Decision, Target, initial_target
from coach.reports import ReportLine
from services.closing import Retarget, close_session, correctable, retarget
from services.plan import NotOnboarded, PlanService, local_date
from services.readiness import day_plan
from storage.models import Delivery, Status
from storage.records import (
    Entry,
    ExerciseProgress,
    ExerciseView,
    Progress,
    SessionInfo,
    SessionView,
)
from storage.uow import UnitOfWork

DEFAULT_OFFSET = timedelta(minutes=30)
CLOSED = (Status.DONE.value, Status.SKIPPED.value)


class NotYours(LookupError):
    """The session does not exist or belongs to someone else."""


class SessionClosed(RuntimeError):
    """The session was already finished or skipped."""


@dataclass(frozen=True)
class Recorded:
    """What one report stored, and the session after it.

    `retargeted`: for a correction of a closed session, the next targets it changed.
    """

    stored: tuple[Entry, ...]
    view: SessionView
    retargeted: tuple[Retarget, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.view.pending


@dataclass(frozen=True)
class Undone:
    """The entry /undo removed, and the next targets that went back with it."""

    entry: Entry
    retargeted: tuple[Retarget, ...]


@dataclass(frozen=True)
class Finished:
    """A finished session and the new targets it led to."""

    view: SessionView
    decisions: tuple[tuple[Exercise, Decision], ...]
    progressed: bool


class SessionService:
    """Everything a runner does inside a session."""

    def __init__(self, factory: async_sessionmaker[AsyncSession],
                 offset: timedelta = DEFAULT_OFFSET) -> None:
        self.factory = factory
        self.plans = PlanService(factory, offset)

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
        """Open a session now (today's planned one if there is one), or return the open one.

        A session on a day that already had one is refused (SessionClosed); the rest of the
        week is planned again around it, so no two sessions fall on consecutive days.
        """
        async with self.uow() as uow:
            session = await uow.sessions.latest_open(user_id)
            if session is None:
                session = await self._open_today(uow, user_id, now)
            return await build_view(uow, session)

    async def _open_today(self, uow: UnitOfWork, user_id: int, now: datetime) -> SessionInfo:
        profile = await uow.users.get(user_id)
        if profile is None or profile.tz is None:
            raise NotYours(user_id)
        today = local_date(now, profile.tz)
        planned = await uow.planning.replannable_on(user_id, today)
        if planned is not None:
            await uow.sessions.set_state(planned.id, status=Status.OPEN.value,
                                         delivery=Delivery.NONE.value)
        elif today in (await uow.planning.booked(user_id, today)).taken:
            raise SessionClosed(today)
        else:
            await uow.sessions.add(user_id, "adhoc", today, now, Delivery.NONE, Status.OPEN)
        await uow.sessions.cancel_due(user_id)
        await self.plans.schedule_after(uow, user_id, now)
        opened = await uow.sessions.latest_open(user_id)
        assert opened is not None
        return opened

    async def record(self, user_id: int, session_id: int, lines: Sequence[ReportLine],
                     source_message_id: int | None, now: datetime) -> Recorded:
        """Store each line at once; a later report of the same exercise replaces it."""
        async with self.uow() as uow:
            session = await _open(uow, user_id, session_id)
            stored = [await uow.entries.put(user_id, session.id, line.exercise_id, line.sets,
                                            source_message_id, now) for line in lines]
            return Recorded(tuple(stored), await build_view(uow, session))

    async def correct(self, user_id: int, lines: Sequence[ReportLine],
                      source_message_id: int | None, now: datetime) -> Recorded | None:
        """A report right after the session closed corrects it (None: nothing to correct)."""
        async with self.uow() as uow:
            session = await correctable(uow, user_id)
            if session is None:
                return None
            before = {e.exercise_id: e for e in await uow.entries.for_session(session.id)}
            changed = {line.exercise_id: before.get(line.exercise_id) for line in lines}
            stored = [await uow.entries.put(user_id, session.id, line.exercise_id, line.sets,
                                            source_message_id, now) for line in lines]
            return await _corrected(uow, session, tuple(stored), changed, now)

    async def rerecord(self, user_id: int, message_id: int, lines: Sequence[ReportLine],
                       now: datetime) -> Recorded | None:
        """An edited message: replace what the original stored with the new reading.

        A closed session's report can be edited until a newer session opens; its next
        targets follow. Older ones stay as they were (None).
        """
        async with self.uow() as uow:
            origin = await uow.trail.session_of_message(user_id, message_id)
            if origin is None:
                return None
            session = await _owned(uow, user_id, origin)
            closed = session.status in CLOSED
            if closed and (await correctable(uow, user_id)) != session:
                return None
            before = {e.exercise_id: e for e in await uow.entries.for_session(session.id)}
            gone = await uow.entries.delete_from_message(user_id, message_id)
            assert gone == session.id
            stored = tuple([await uow.entries.put(user_id, session.id, line.exercise_id,
                                                  line.sets, message_id, now)
                            for line in lines])
            if not closed:
                return Recorded(stored, await build_view(uow, session))
            changed: dict[str, Entry | None] = {
                e.exercise_id: e for e in before.values() if e.source_message_id == message_id}
            changed |= {line.exercise_id: before.get(line.exercise_id) for line in lines}
            return await _corrected(uow, session, stored, changed, now)

    async def finish(self, user_id: int, session_id: int, now: datetime) -> Finished:
        """Close the session and apply double progression to every logged exercise."""
        async with self.uow() as uow:
            session = await _open(uow, user_id, session_id)
            view = await build_view(uow, session)
            decisions = await close_session(uow, view, now)
            return Finished(view, decisions, view.profile.auto_progression)

    async def skip(self, user_id: int, session_id: int, now: datetime) -> SessionInfo:
        async with self.uow() as uow:
            session = await _owned(uow, user_id, session_id)
            if session.status in CLOSED:
                raise SessionClosed(session_id)
            await uow.sessions.set_state(session.id, status=Status.SKIPPED.value,
                                         delivery=_settled(session.delivery), closed_at=now)
            await self.plans.schedule_after(uow, user_id, now)
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

    async def undo(self, user_id: int, now: datetime) -> Undone | None:
        """Remove the newest entry of the open session, or of the session closed last while
        no newer one has opened (its next target goes back); None if there is nothing."""
        async with self.uow() as uow:
            session = await uow.sessions.latest_open(user_id)
            if session is None or await uow.entries.last_of_session(session.id) is None:
                session = await correctable(uow, user_id)
            entry = None if session is None else await uow.entries.last_of_session(session.id)
            if session is None or entry is None:
                return None
            await uow.entries.delete(entry.id)
            if session.status not in CLOSED:
                return Undone(entry, ())
            profile = await uow.users.get(user_id)
            assert profile is not None
            changes = await retarget(uow, user_id, session.id, {entry.exercise_id: entry},
                                     profile.auto_progression, now)
            return Undone(entry, changes)


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
    return SessionView(session, profile, items, await day_plan(uow, profile, session.session_date))


async def _corrected(uow: UnitOfWork, session: SessionInfo, stored: tuple[Entry, ...],
                     changed: dict[str, Entry | None], now: datetime) -> Recorded:
    view = await build_view(uow, session)
    changes = await retarget(uow, session.user_id, session.id, changed,
                             view.profile.auto_progression, now)
    return Recorded(stored, await build_view(uow, session), changes)


def _settled(delivery: str) -> str:
    return Delivery.CANCELLED.value if delivery == Delivery.DUE.value else delivery


async def _owned(uow: UnitOfWork, user_id: int, session_id: int) -> SessionInfo:
    session = await uow.sessions.get(session_id)
    if session is None or session.user_id != user_id:
        raise NotYours(session_id)
    return session


async def _open(uow: UnitOfWork, user_id: int, session_id: int) -> SessionInfo:
    session = await _owned(uow, user_id, session_id)
    if session.status in CLOSED:
        raise SessionClosed(session_id)
    if session.status == Status.PLANNED.value:
        await uow.sessions.set_state(session.id, status=Status.OPEN.value)
        return await _owned(uow, user_id, session_id)
    return session



async def close_stale(uow: UnitOfWork, user_id: int, keep: int, now: datetime) -> None:
    """Close older open sessions: finished if something was logged, skipped if not."""
    for session in await uow.sessions.open_ones(user_id):
        if session.id != keep:
            await close_session(uow, await build_view(uow, session), now)

"""A session's use cases: open one, store reports, finish it with progression, skip, snooze,
undo; each `name(uow, now, …)` inside the transaction its caller opened."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach import session_life
from coach.exercises import CATALOGUE
from coach.progression import initial_target
from coach.reports import ReportLine
from coach.session_life import SessionClosed, is_closed
from coach.timezones import zone_or_default
from coach.understand import Reading
from coach.views import (
    Delivery,
    Entry,
    ExerciseProgress,
    Progress,
    SessionInfo,
    SessionView,
    Status,
)
from services.closing import Retarget, close_session, correctable, retarget
from services.edits import rerecord
from services.plan import NotOnboarded, local_date, schedule_after
from services.reports import (
    Finished,
    NotYours,
    ReportOutcome,
    correct_lines,
    finish_view,
    load_view,
    store_lines,
)
from services.uow import UnitOfWork

DEFAULT_OFFSET = timedelta(minutes=30)
__all__ = ["Finished", "NotYours", "Recorded", "SessionClosed", "Undone", "attach_message",
           "build_view", "close_stale", "correct", "finish", "open_view", "record",
           "rerecord_lines", "session_progress", "session_view", "skip", "snooze", "start_now",
           "undo"]


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
class Snoozed:
    """When the reminder comes again, and the runner's zone to say it in."""

    due_at: datetime
    tz: str


@dataclass(frozen=True)
class Undone:
    """The entry /undo removed, and the next targets that went back with it."""

    entry: Entry
    retargeted: tuple[Retarget, ...]
    unit: str = "kg"  # the runner's, to show the removed entry in


async def session_progress(uow: UnitOfWork, user_id: int) -> Progress:
    """Each exercise's target now and its first and latest logged result."""
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


async def open_view(uow: UnitOfWork, user_id: int) -> SessionView | None:
    """The session the runner is logging into now, if any."""
    session = await uow.sessions.latest_open(user_id)
    return None if session is None else await build_view(uow, session)


async def session_view(uow: UnitOfWork, user_id: int, session_id: int) -> SessionView:
    return await build_view(uow, await _owned(uow, user_id, session_id))


async def attach_message(uow: UnitOfWork, user_id: int, session_id: int,
                         message_id: int) -> None:
    """Remember the card of an off-schedule session so replies to it count."""
    session = await _owned(uow, user_id, session_id)
    await uow.sessions.attach_message(session.id, message_id)


async def start_now(uow: UnitOfWork, now: datetime, user_id: int,
                    offset: timedelta = DEFAULT_OFFSET) -> SessionView:
    """Open a session now (today's planned one if there is one), or return the open one.

    A session on a day that already had one is refused (SessionClosed); the rest of the
    week is planned again around it, so no two sessions fall on consecutive days.
    """
    session = await uow.sessions.latest_open(user_id)
    if session is None:
        session = await _open_today(uow, now, user_id, offset)
    return await build_view(uow, session)


async def _open_today(uow: UnitOfWork, now: datetime, user_id: int,
                      offset: timedelta) -> SessionInfo:
    profile = await uow.users.get(user_id)
    if profile is None or profile.tz is None:
        raise NotYours(user_id)
    today = local_date(now, profile.tz)
    planned = await uow.planning.replannable_on(user_id, today)
    if planned is not None:
        await uow.sessions.mark_open(planned.id, Delivery.NONE)
    elif today in (await uow.planning.booked(user_id, today)).taken:
        raise SessionClosed(today)
    else:
        await uow.sessions.add(user_id, "adhoc", today, now, Delivery.NONE, Status.OPEN)
    await uow.sessions.cancel_due(user_id)
    await schedule_after(uow, user_id, now, offset)
    opened = await uow.sessions.latest_open(user_id)
    assert opened is not None
    return opened


async def record(uow: UnitOfWork, now: datetime, user_id: int, session_id: int,
                 lines: Sequence[ReportLine], source_message_id: int | None) -> Recorded:
    """Store each line at once; a later report of the same exercise replaces it."""
    session = await _open(uow, user_id, session_id)
    stored, view = await store_lines(uow, await build_view(uow, session), lines,
                                     source_message_id, now)
    return Recorded(stored, view)


async def correct(uow: UnitOfWork, now: datetime, user_id: int, lines: Sequence[ReportLine],
                  source_message_id: int | None) -> Recorded | None:
    """A report right after the session closed corrects it (None: nothing to correct)."""
    profile = await uow.users.get(user_id)
    if profile is None or await uow.sessions.latest_open(user_id) is not None:
        return None
    return _recorded(await correct_lines(uow, profile, Reading(lines=tuple(lines)),
                                         source_message_id, now))


async def rerecord_lines(uow: UnitOfWork, now: datetime, user_id: int, message_id: int,
                         lines: Sequence[ReportLine]) -> Recorded | None:
    """An edited message: replace what the original stored with the new reading.

    A closed session's report can be edited until a newer session opens; its next
    targets follow. Older ones stay as they were (None).
    """
    profile, open_session = await uow.sessions.for_report(user_id, None)
    if profile is None:
        return None
    return _recorded(await rerecord(uow, profile, open_session is None, message_id,
                                    Reading(lines=tuple(lines)), now))


async def finish(uow: UnitOfWork, now: datetime, user_id: int, session_id: int) -> Finished:
    """Close the session and apply double progression to every logged exercise."""
    session = await _open(uow, user_id, session_id)
    return await finish_view(uow, await build_view(uow, session), now)


async def skip(uow: UnitOfWork, now: datetime, user_id: int, session_id: int,
               offset: timedelta = DEFAULT_OFFSET) -> SessionInfo:
    session = await _owned(uow, user_id, session_id)
    move = session_life.skip(session.status, session.delivery)
    await uow.sessions.mark_closed(session.id, Status.SKIPPED, now, move.delivery)
    if move.plan_next:
        await schedule_after(uow, user_id, now, offset)
    return session


async def snooze(uow: UnitOfWork, now: datetime, user_id: int, session_id: int,
                 delay: timedelta) -> Snoozed:
    """Send this session's reminder again after `delay`."""
    session = await _owned(uow, user_id, session_id)
    move = session_life.snooze(session.status, now, delay)
    assert move.due_at is not None
    await uow.sessions.snooze(session.id, move.due_at, move.status)
    profile = await uow.users.get(user_id)
    return Snoozed(move.due_at, zone_or_default(None if profile is None else profile.tz))


async def undo(uow: UnitOfWork, now: datetime, user_id: int) -> Undone | None:
    """Remove the newest entry of the open session, or of the session closed last while
    no newer one has opened (its next target goes back); None if there is nothing."""
    session = await uow.sessions.latest_open(user_id)
    if session is None or await uow.entries.last_of_session(session.id) is None:
        session = await correctable(uow, user_id)
    entry = None if session is None else await uow.entries.last_of_session(session.id)
    if session is None or entry is None:
        return None
    await uow.entries.delete(entry.id)
    profile = await uow.users.get(user_id)
    assert profile is not None
    if not is_closed(session.status):
        return Undone(entry, (), profile.unit)
    changes = await retarget(uow, user_id, session.id, {entry.exercise_id: entry},
                             profile.auto_progression, now)
    return Undone(entry, changes, profile.unit)


async def build_view(uow: UnitOfWork, session: SessionInfo) -> SessionView:
    """Assemble targets, last results and this session's entries."""
    profile = await uow.users.get(session.user_id)
    assert profile is not None
    return await load_view(uow, profile, session)


def _recorded(outcome: ReportOutcome | None) -> Recorded | None:
    if outcome is None or outcome.view is None:
        return None
    return Recorded(outcome.stored, outcome.view, outcome.retargeted)


async def _owned(uow: UnitOfWork, user_id: int, session_id: int) -> SessionInfo:
    session = await uow.sessions.get(session_id)
    if session is None or session.user_id != user_id:
        raise NotYours(session_id)
    return session


async def _open(uow: UnitOfWork, user_id: int, session_id: int) -> SessionInfo:
    session = await _owned(uow, user_id, session_id)
    move = session_life.report(session.status)
    if move.status is not None:
        await uow.sessions.mark_open(session.id)
        return await _owned(uow, user_id, session_id)
    return session


async def close_stale(uow: UnitOfWork, user_id: int, keep: int, now: datetime) -> None:
    """Close older open sessions: finished if something was logged, skipped if not."""
    for session in await uow.sessions.open_ones(user_id):
        if session.id != keep:
            await close_session(uow, await build_view(uow, session), now)

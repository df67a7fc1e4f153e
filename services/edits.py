"""An edited report message: what the original stored is replaced by the new reading.

A closed session's report can be edited until a newer session opens; its next targets
follow. Older ones, and messages that stored nothing, stay as they were.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from coach.session_life import is_closed
from coach.understand import Context, Reading, understand
from coach.views import Entry, Profile, SessionInfo, SessionView
from services.closing import Retarget, latest_done, retarget
from services.reports import (
    ReportOutcome,
    as_done,
    context_of,
    keep_reading,
    load_view,
    store_lines,
    wants_unit,
)
from services.uow import UnitOfWork


@dataclass(frozen=True)
class Edited:
    """What an edit did (`outcome` None: nothing), and the open session's card, if any."""

    outcome: ReportOutcome | None
    session_open: bool
    open_card: int | None


async def edit_report(uow: UnitOfWork, now: datetime, user_id: int, message_id: int,
                      text: str) -> Edited:
    """An edited message, in the caller's one transaction."""
    profile, open_session = await uow.sessions.for_report(user_id, None)
    open_view = (None if profile is None or open_session is None
                 else await load_view(uow, profile, open_session))
    reading = understand(text, Context() if open_view is None else context_of(open_view))
    outcome = None
    if reading.lines and profile is not None:
        outcome = await rerecord(uow, profile, open_session is None, message_id, reading, now)
    if outcome is not None and profile is not None:
        outcome = replace(outcome, ask_unit=wants_unit(profile, reading, text))
    card = None if open_session is None else open_session.message_id
    return Edited(outcome, open_session is not None, card)


async def rerecord(uow: UnitOfWork, profile: Profile, none_open: bool, message_id: int,
                   reading: Reading, now: datetime) -> ReportOutcome | None:
    """Replace what the message stored with the reading's lines (None: it may not)."""
    session = await _origin(uow, profile.user_id, message_id)
    closed = session is not None and is_closed(session.status)
    if session is None or (closed and not (
            none_open and await latest_done(uow, profile.user_id) == session)):
        return None
    view = await load_view(uow, profile, session)
    view = as_done(view) if closed else view
    before = {item.exercise.id: item.logged for item in view.items if item.logged is not None}
    await uow.entries.delete_from_message(profile.user_id, message_id)
    view = _without(view, message_id)
    stored, view = await store_lines(uow, view, reading.lines, message_id, now)
    asked = await keep_reading(uow, view, reading, message_id, now)
    changes: tuple[Retarget, ...] = ()
    if closed:
        changed: dict[str, Entry | None] = {
            ex: e for ex, e in before.items() if e.source_message_id == message_id}
        changed |= {line.exercise_id: before.get(line.exercise_id) for line in reading.lines}
        changes = await retarget(uow, profile.user_id, session.id, changed,
                                 profile.auto_progression, now)
    return ReportOutcome(reading, view, stored, asked, corrected=True, retargeted=changes,
                         explain=bool(reading.problems))


async def _origin(uow: UnitOfWork, user_id: int, message_id: int) -> SessionInfo | None:
    """The runner's session the message stored entries in, if it stored any."""
    origin = await uow.trail.session_of_message(user_id, message_id)
    session = None if origin is None else await uow.sessions.get(origin)
    return session if session is not None and session.user_id == user_id else None


def _without(view: SessionView, message_id: int) -> SessionView:
    """The session as it is once the message's entries are gone."""
    items = tuple(replace(item, logged=None)
                  if item.logged is not None and item.logged.source_message_id == message_id
                  else item for item in view.items)
    return replace(view, items=items)

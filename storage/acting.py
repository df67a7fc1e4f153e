"""Marking the update a handler acts on, in the commit of its first transaction that writes."""

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from storage.inbox import Acting, InboxRepo, acting

WROTE = "coachbot_wrote"  # key in Session.info: this transaction changed a row
WATCHED = "coachbot_watched"  # key in Session.info: a handler's update may be marked


def watch_writes(session: AsyncSession) -> None:
    """Note in `session.info` when the transaction inserts, updates or deletes a row (the
    listeners are the Session class's, registered once: listening per session cost more
    than a report's statements)."""
    session.sync_session.info[WATCHED] = True


def _on_execute(state: ORMExecuteState) -> None:
    if not state.is_select and state.session.info.get(WATCHED):
        state.session.info[WROTE] = True


def _before_flush(flushed: Session, _context: UOWTransaction, _objects: Any) -> None:
    if flushed.info.get(WATCHED) and (flushed.new or flushed.dirty or flushed.deleted):
        flushed.info[WROTE] = True


event.listen(Session, "do_orm_execute", _on_execute)
event.listen(Session, "before_flush", _before_flush)


async def mark_if_acting(session: AsyncSession) -> Acting | None:
    """Before a commit: if a handler's transaction wrote, mark its update acted on in it.

    Returns the update marked (the caller notes `marked` once the commit succeeded).
    """
    current = acting.get()
    if current is None or current.marked or not session.info.get(WROTE):
        return None
    await InboxRepo(session).mark_acted(current.update_id, current.at, current.owner)
    return current

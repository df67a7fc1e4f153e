"""The update inbox: every update is stored before Telegram learns it arrived.

Polling confirms an update to Telegram (the next getUpdates offset) only after it is stored;
a webhook answers 200 only after that too. While an update's handler runs, `acting` names
it, and the first unit of work that writes marks it acted on in the same commit
(`mark_if_acting`): its changes and that mark land together or not at all. When the
handler returns, the update is marked handled. At start, an update never acted on is
handled again; one acted on but not handled is not redone (its changes are in; only its
answer may be missing).
"""

from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, delete, event, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from storage.models import InboxRow

WROTE = "coachbot_wrote"  # key in Session.info: this transaction changed a row


@dataclass
class Acting:
    """The update whose handler runs in this task, and when it began."""

    update_id: int
    at: datetime
    marked: bool = False
    deferred: bool = False  # acted on in a closing commit: handled with a later one


acting: ContextVar[Acting | None] = ContextVar("acting", default=None)


@dataclass(frozen=True)
class Incoming:
    """An update as it arrives: its id, its user (if any) and its JSON.

    Without a payload it is stored as handled already (nothing is to be done with it).
    """

    update_id: int
    user_id: int | None
    payload: str | None


@dataclass(frozen=True)
class Pending:
    """A stored update whose handler never returned; `acted`: its changes are in."""

    update_id: int
    payload: str
    acted: bool


class InboxRepo:
    """The inbox table."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, updates: Sequence[Incoming], now: datetime) -> set[int]:
        """Store updates not seen before; return the ids that are new."""
        if not updates:
            return set()
        dialect = self.session.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        rows = [dict(update_id=u.update_id, user_id=u.user_id, payload=u.payload,
                     received_at=now, handled_at=None if u.payload else now) for u in updates]
        stored = await self.session.scalars(
            insert(InboxRow).values(rows).on_conflict_do_nothing(
                index_elements=[InboxRow.update_id]).returning(InboxRow.update_id))
        return {int(update_id) for update_id in stored}

    async def pending(self) -> list[Pending]:
        """Stored updates never marked handled, oldest first."""
        rows = await self.session.execute(
            select(InboxRow.update_id, InboxRow.payload, InboxRow.acted_at)
            .where(InboxRow.handled_at.is_(None)).order_by(InboxRow.update_id))
        return [Pending(int(update_id), payload or "{}", acted is not None)
                for update_id, payload, acted in rows]

    async def mark_acted(self, update_id: int, now: datetime) -> None:
        """Its changes are in this transaction."""
        await self.session.execute(
            update(InboxRow).where(InboxRow.update_id == update_id,
                                   InboxRow.acted_at.is_(None)).values(acted_at=now))

    async def mark(self, update_id: int, now: datetime) -> None:
        """Handled: keep the bare id (to skip a re-delivery); drop the text and the user."""
        await self.session.execute(
            update(InboxRow).where(InboxRow.update_id == update_id,
                                   InboxRow.handled_at.is_(None))
            .values(handled_at=now, payload=None, user_id=None))

    async def close_updates(self, update_id: int, acted_at: datetime,
                            answered: Sequence[int], now: datetime) -> None:
        """In one statement: this update acted on, and updates answered since the last such
        statement handled (their text and user dropped)."""
        done = InboxRow.update_id.in_(list(answered))
        fresh = and_(done, InboxRow.handled_at.is_(None))
        await self.session.execute(
            update(InboxRow).where(InboxRow.update_id.in_([update_id, *answered])).values(
                acted_at=case((InboxRow.update_id == update_id,
                               func.coalesce(InboxRow.acted_at, acted_at)),
                              else_=InboxRow.acted_at),
                handled_at=case((fresh, now), else_=InboxRow.handled_at),
                payload=case((done, None), else_=InboxRow.payload),
                user_id=case((done, None), else_=InboxRow.user_id)))

    async def mark_many(self, update_ids: Sequence[int], now: datetime) -> None:
        """Several updates handled at once."""
        await self.session.execute(
            update(InboxRow).where(InboxRow.update_id.in_(list(update_ids)),
                                   InboxRow.handled_at.is_(None))
            .values(handled_at=now, payload=None, user_id=None))

    async def last_id(self) -> int | None:
        value = await self.session.scalar(select(func.max(InboxRow.update_id)))
        return None if value is None else int(value)

    async def prune(self, handled_before: datetime) -> int:
        """Forget updates handled before this instant; return how many."""
        result = await self.session.execute(
            delete(InboxRow).where(InboxRow.handled_at < handled_before))
        return int(getattr(result, "rowcount", 0) or 0)

    async def delete_user(self, user_id: int) -> None:
        await self.session.execute(delete(InboxRow).where(InboxRow.user_id == user_id))


class Inbox:
    """The inbox with its own short transactions (storing, replaying, housekeeping)."""

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = factory

    async def store(self, updates: Sequence[Incoming], now: datetime) -> set[int]:
        async with self.factory() as session, session.begin():
            return await InboxRepo(session).add(updates, now)

    async def pending(self) -> list[Pending]:
        async with self.factory() as session, session.begin():
            return await InboxRepo(session).pending()

    async def done(self, update_id: int, now: datetime) -> None:
        async with self.factory() as session, session.begin():
            await InboxRepo(session).mark(update_id, now)

    async def last_id(self) -> int | None:
        async with self.factory() as session, session.begin():
            return await InboxRepo(session).last_id()

    async def prune(self, handled_before: datetime) -> int:
        async with self.factory() as session, session.begin():
            return await InboxRepo(session).prune(handled_before)


def watch_writes(session: AsyncSession) -> None:
    """Note in `session.info` when the transaction inserts, updates or deletes a row."""
    sync = session.sync_session

    def on_execute(state: ORMExecuteState) -> None:
        if not state.is_select:
            state.session.info[WROTE] = True

    def before_flush(flushed: Session, _context: UOWTransaction, _objects: Any) -> None:
        if flushed.new or flushed.dirty or flushed.deleted:
            flushed.info[WROTE] = True

    event.listen(sync, "do_orm_execute", on_execute)
    event.listen(sync, "before_flush", before_flush)


async def mark_if_acting(session: AsyncSession) -> Acting | None:
    """Before a commit: if a handler's transaction wrote, mark its update acted on in it.

    Returns the update marked (the caller notes `marked` once the commit succeeded).
    """
    current = acting.get()
    if current is None or current.marked or not session.info.get(WROTE):
        return None
    await InboxRepo(session).mark_acted(current.update_id, current.at)
    return current

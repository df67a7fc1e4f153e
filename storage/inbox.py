"""The update inbox: every update is stored before Telegram learns it arrived.

Polling confirms an update to Telegram (the next getUpdates offset) only after it is stored;
a webhook answers 200 only after that too. While an update's handler runs, `acting` names
it, and the first unit of work that writes marks it acted on in the same commit
(`storage.acting.mark_if_acting`): its changes and that mark land together or not at all. When the
handler returns, the update is marked handled. At start, an update never acted on is
handled again; one acted on but not handled is not redone (its changes are in; only its
answer may be missing).

Instances sharing the inbox lease the rows they handle: `owner` names the process,
`lease_until` is renewed while it works (on PostgreSQL by the database's clock). Only rows
whose lease expired (or whose owner is known gone) are claimed by another (`claim`, SKIP
LOCKED on PostgreSQL); marking a row acted on succeeds only for its owner and only once,
else `AlreadyTaken` rolls the transaction back. An update that failed for a passing fault
waits for a later pass (`defer`), or is given up.
"""

from collections.abc import Awaitable, Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.inbox_sql import ACTED, ACTED_BY_OWNER, INBOX, upsert
from storage.languages import Languages, learned
from storage.models import InboxRow

T = TypeVar("T")


@dataclass
class Acting:
    """The update whose handler runs in this task, and when it began."""

    update_id: int
    at: datetime
    marked: bool = False
    owner: str | None = None  # the instance leasing it (None: no lease is checked)
    retry: bool = False  # a passing database fault may be retried (set by the caller)
    fault: str | None = None  # the passing fault that interrupted it (set by the error handler)
    taken: bool = False  # acted on already, or taken by another instance: not to be redone


class AlreadyTaken(Exception):
    """Acted on already, or another instance holds it: the transaction must roll back."""


acting: ContextVar[Acting | None] = ContextVar("acting", default=None)


@dataclass(frozen=True)
class Incoming:
    """An update as it arrives: its id, its user and its JSON (none: handled already)."""

    update_id: int
    user_id: int | None
    payload: str | None


@dataclass(frozen=True)
class Pending:
    """A stored update whose handler never returned; `acted`: its changes are in."""

    update_id: int
    payload: str
    acted: bool
    attempts: int = 0  # earlier passes that ended in a passing fault


@dataclass(frozen=True)
class Lease:  # who holds the rows, and for how long
    owner: str
    seconds: float


class InboxRepo:
    """The inbox table."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    def _clock(self, wall: datetime) -> Any:  # on PostgreSQL the database's: hosts agree
        return func.now() if self._postgres() else wall

    def _until(self, wall: datetime, seconds: float) -> Any:
        return self._clock(wall) + timedelta(seconds=seconds)

    async def add(self, updates: Sequence[Incoming], now: datetime,
                  lease: Lease | None = None, wall: datetime | None = None,
                  handled: Sequence[int] = (), languages: Languages | None = None) -> set[int]:
        """Store updates not seen before (leased to `lease.owner`); return the ids that are new.
        `handled` (answered updates) are marked handled in the same upsert: their bare row,
        with an owner, turns an unhandled row handled; a re-delivery, or a flooder's
        dropped update (no owner), changes nothing."""
        if not updates and not handled:
            return set()
        seconds = None if lease is None else lease.seconds
        until = None if lease is None else (wall or now) + timedelta(seconds=lease.seconds)
        postgres = self._postgres()
        rows = [dict(update_id=u.update_id, user_id=u.user_id, payload=u.payload,
                     received_at=now, handled_at=None if u.payload else now,
                     owner=lease.owner if lease and u.payload else None,
                     lease_seconds=seconds if u.payload else None,
                     lease_until=until if u.payload else None) for u in updates]
        arriving = {u.update_id for u in updates}
        done = [i for i in handled if i not in arriving]  # one row may be named once only
        rows += [dict(update_id=i, user_id=None, payload=None, received_at=now, handled_at=now,
                      owner=lease.owner if lease else "-", lease_seconds=None,
                      lease_until=None) for i in done]
        for row in rows:  # PostgreSQL leases on its own clock, SQLite on `wall`
            del row["lease_until" if postgres else "lease_seconds"]
        stored = (await self.session.execute(upsert(postgres, bool(done)), rows)).all()
        return {int(row[0]) for row in learned(stored, languages)} - set(done)  # languages too

    async def pending(self) -> list[Pending]:
        """Stored updates never marked handled nor given up, oldest first (any lease)."""
        rows = await self.session.execute(
            select(InboxRow.update_id, InboxRow.payload, InboxRow.acted_at, InboxRow.attempts)
            .where(InboxRow.handled_at.is_(None), InboxRow.dead_at.is_(None))
            .order_by(InboxRow.update_id))
        return [Pending(int(update_id), payload or "{}", acted is not None, int(tries or 0))
                for update_id, payload, acted, tries in rows]

    async def owners(self) -> list[str]:  # the owners holding unhandled rows
        return list(await self.session.scalars(select(InboxRow.owner).distinct().where(
            InboxRow.handled_at.is_(None), InboxRow.owner.is_not(None))))

    async def claim(self, lease: Lease, wall: datetime, limit: int,
                    gone: Sequence[str] = ()) -> list[Pending]:
        """Lease the unhandled rows whose lease expired (or that never had one, or whose
        owner is `gone`), oldest first. Rows another transaction is claiming are skipped on
        PostgreSQL (SKIP LOCKED); SQLite runs one writer at a time (BEGIN IMMEDIATE)."""
        at = self._clock(wall)
        expired = (select(InboxRow.update_id)
                   .where(InboxRow.handled_at.is_(None), InboxRow.dead_at.is_(None),
                          or_(InboxRow.lease_until.is_(None), InboxRow.lease_until < at,
                              InboxRow.owner.in_(gone)))
                   .order_by(InboxRow.update_id).limit(limit))
        if self._postgres():
            expired = expired.with_for_update(skip_locked=True)
        ids = list(await self.session.scalars(expired))
        if not ids:
            return []
        rows = await self.session.execute(
            update(InboxRow).where(InboxRow.update_id.in_(ids))
            .values(owner=lease.owner, lease_until=self._until(wall, lease.seconds))
            .returning(InboxRow.update_id, InboxRow.payload, InboxRow.acted_at, InboxRow.attempts))
        return sorted((Pending(int(update_id), payload or "{}", acted is not None, int(tries))
                       for update_id, payload, acted, tries in rows), key=lambda p: p.update_id)

    async def renew(self, lease: Lease, wall: datetime, ids: Sequence[int]) -> set[int]:
        """Extend the lease of those rows this owner still holds unhandled; return them."""
        held = await self.session.scalars(
            update(InboxRow).where(InboxRow.owner == lease.owner, InboxRow.handled_at.is_(None),
                                   InboxRow.update_id.in_(ids))
            .values(lease_until=self._until(wall, lease.seconds)).returning(InboxRow.update_id))
        return {int(update_id) for update_id in held}

    async def release(self, owner: str) -> None:
        """Give this owner's unhandled rows back for anyone to claim now (a graceful stop)."""
        await self.session.execute(
            update(InboxRow).where(InboxRow.owner == owner, InboxRow.handled_at.is_(None))
            .values(owner=None, lease_until=None))

    async def defer(self, update_id: int, lease: Lease, wall: datetime, later: float,
                    give_up_after: int) -> bool:
        """A pass failed for a passing fault: claimable again `later` seconds on, or given up
        after `give_up_after` passes. True when it was given up."""
        tries = await self.session.scalar(
            update(InboxRow).where(InboxRow.update_id == update_id, InboxRow.owner == lease.owner,
                                   InboxRow.handled_at.is_(None))
            .values(owner=None, lease_until=self._until(wall, later),
                    attempts=InboxRow.attempts + 1).returning(InboxRow.attempts))
        if tries is None or int(tries) < give_up_after:
            return False
        await self.session.execute(update(InboxRow).where(InboxRow.update_id == update_id)
                                   .values(dead_at=self._clock(wall)))
        return True

    async def counts(self) -> tuple[int, int]:  # (waiting to be handled, given up)
        row = (await self.session.execute(select(
            func.count().filter(InboxRow.handled_at.is_(None), InboxRow.dead_at.is_(None)),
            func.count(InboxRow.dead_at)).select_from(InboxRow))).one()
        return int(row[0]), int(row[1])

    async def mark_acted(self, update_id: int, now: datetime, owner: str | None = None) -> None:
        """Its changes are in this transaction. With an owner: only if that owner still holds
        it and it was neither acted on nor handled yet, else AlreadyTaken. A row that is gone
        (/deleteme deleted it, or it was never stored) is no conflict."""
        values = {"acted_id": update_id, "acted_now": now, "acted_owner": owner}
        result = await self.session.execute(ACTED if owner is None else ACTED_BY_OWNER,
                                            values)
        if owner is None or int(getattr(result, "rowcount", 1)) > 0:
            return
        if await self.session.scalar(select(INBOX.c.update_id)
                                     .where(INBOX.c.update_id == update_id)) is not None:
            raise AlreadyTaken(update_id)

    async def mark_many(self, update_ids: Sequence[int], now: datetime) -> None:
        """Handled: keep the bare id (to skip a re-delivery); drop the text and the user."""
        if update_ids:
            row = INBOX.c
            await self.session.execute(
                update(INBOX).where(row.update_id.in_(update_ids), row.handled_at.is_(None))
                .values(handled_at=now, payload=None, user_id=None))

    async def last_id(self) -> int | None:
        value = await self.session.scalar(select(func.max(InboxRow.update_id)))
        return None if value is None else int(value)

    async def prune(self, handled_before: datetime) -> int:
        """Forget updates handled before this instant; return how many."""
        result = await self.session.execute(
            delete(InboxRow).where(InboxRow.handled_at < handled_before))
        return int(getattr(result, "rowcount", 0) or 0)


def wall_clock() -> datetime:
    """Leases are about processes being alive: they run on real time, not a test's clock."""
    return datetime.now(UTC)


class Inbox:
    """The inbox with its own short transactions (storing, replaying, housekeeping)."""

    def __init__(self, factory: async_sessionmaker[AsyncSession],
                 wall: Callable[[], datetime] = wall_clock,
                 keeper: async_sessionmaker[AsyncSession] | None = None) -> None:
        self.factory, self.wall = factory, wall
        self.keeper = keeper or factory  # renewals' own pool: a busy one can't let them lapse

    async def _run(self, work: Callable[[InboxRepo], Awaitable[T]],
                   factory: async_sessionmaker[AsyncSession] | None = None) -> T:
        async with (factory or self.factory)() as session, session.begin():
            return await work(InboxRepo(session))

    async def store(self, updates: Sequence[Incoming], now: datetime, lease: Lease | None = None,
                    handled: Sequence[int] = (), langs: Languages | None = None) -> set[int]:
        """Store, mark `handled` ones handled, note the runners' languages: one statement."""
        return await self._run(lambda r: r.add(updates, now, lease, self.wall(), handled, langs))

    async def pending(self) -> list[Pending]:
        return await self._run(lambda repo: repo.pending())

    async def claim(self, lease: Lease, limit: int = 500,
                    gone: Callable[[list[str]], list[str]] | None = None) -> list[Pending]:
        """Claim expired rows, and those of the owners `gone` picks out of the holders."""

        async def work(repo: InboxRepo) -> list[Pending]:
            dead = gone(await repo.owners()) if gone else []
            return await repo.claim(lease, self.wall(), limit, dead)
        return await self._run(work)

    async def renew(self, lease: Lease, ids: Sequence[int], handled: Sequence[int] = (),
                    now: datetime | None = None) -> set[int]:
        """Mark `handled` ones handled (at `now`) and extend the lease of the other `ids`."""

        async def work(repo: InboxRepo) -> set[int]:
            await repo.mark_many(handled, now or self.wall())
            return await repo.renew(lease, self.wall(), ids) if ids else set()
        return await self._run(work, self.keeper)

    async def release(self, owner: str, handled: Sequence[int] = (),
                      now: datetime | None = None) -> None:
        """Mark `handled` ones handled, then give the owner's other rows back."""

        async def work(repo: InboxRepo) -> None:
            await repo.mark_many(handled, now or self.wall())
            await repo.release(owner)
        await self._run(work)

    async def defer(self, update_id: int, lease: Lease, later: float, give_up_after: int) -> bool:
        return await self._run(
            lambda repo: repo.defer(update_id, lease, self.wall(), later, give_up_after))

    async def counts(self) -> tuple[int, int]:
        return await self._run(lambda repo: repo.counts())

    async def done(self, update_id: int, now: datetime) -> None:
        await self._run(lambda repo: repo.mark_many([update_id], now))

    async def last_id(self) -> int | None:
        return await self._run(lambda repo: repo.last_id())

    async def prune(self, handled_before: datetime) -> int:
        return await self._run(lambda repo: repo.prune(handled_before))

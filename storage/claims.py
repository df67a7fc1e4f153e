"""Claims on due reminders and nudges: how several senders share one queue safely.

A row is claimed atomically before it is sent (a conditional UPDATE under SQLite's
BEGIN IMMEDIATE; SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL), re-stamped just before
each send, and put back in the queue when its claim is older than the claim timeout.

With `server_clock=True` (what the bot does), claims on PostgreSQL are stamped and judged
stale by the database's clock (`now()`), so instances whose clocks disagree by more than
the claim timeout still never take over each other's fresh claims. Without it (SQLite, one
host; tests driving an injected clock) the caller's `now` is used.
"""

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Column, ColumnElement, Select, Table, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.views import Delivery, Nudge, SessionInfo
from storage.among import among, unindexed
from storage.models import SessionRow
from storage.repositories import session_info

SESSIONS = cast(Table, SessionRow.__table__)


class ClaimsRepo:
    """The delivery and nudge columns of the sessions table, as a work queue."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _server(self, server_clock: bool) -> bool:
        return server_clock and self.session.get_bind().dialect.name == "postgresql"

    def _stamp(self, now: datetime, server_clock: bool) -> datetime | ColumnElement[datetime]:
        return func.now() if self._server(server_clock) else now

    def _stale(self, claimed_before: datetime,
               timeout: timedelta | None) -> datetime | ColumnElement[datetime]:
        if timeout is not None and self._server(True):
            return func.now() - timeout
        return claimed_before

    async def claim_due(self, now: datetime, limit: int, *,
                        server_clock: bool = False) -> list[SessionInfo]:
        """Atomically move due rows to 'claimed'; a row is claimed by one caller only.

        A row released after a failed send waits until its `retry_at`.
        """
        ready = or_(SessionRow.retry_at.is_(None), SessionRow.retry_at <= now)
        query = (select(SessionRow.id).where(SessionRow.delivery == Delivery.DUE.value,
                                             SessionRow.due_at <= now, ready)
                 .order_by(SessionRow.due_at).limit(limit))
        return await self._claim(query, SESSIONS.c.delivery, Delivery.DUE.value,
                                 delivery=Delivery.CLAIMED.value,
                                 claimed_at=self._stamp(now, server_clock))

    async def claim_nudges(self, now: datetime, limit: int, *,
                           server_clock: bool = False) -> list[SessionInfo]:
        """Atomically move sessions whose nudge is due to nudge='claimed' (one caller each)."""
        query = (select(SessionRow.id).where(SessionRow.nudge == Nudge.DUE.value,
                                             SessionRow.nudge_at <= now)
                 .order_by(SessionRow.nudge_at).limit(limit))
        return await self._claim(query, SESSIONS.c.nudge, Nudge.DUE.value,
                                 nudge=Nudge.CLAIMED.value,
                                 claimed_at=self._stamp(now, server_clock))

    async def _claim(self, query: Select[int], queue: Column[str], waiting: str,
                     **values: object) -> list[SessionInfo]:
        """Claim the rows `query` selects that are still `waiting` in `queue`; the UPDATE
        looks them up by id, whatever else waits in that queue."""
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        conn = await self.session.connection()  # Core: plain rows, no ORM objects
        ids = list((await conn.execute(query)).scalars())
        if not ids:
            return []
        still = unindexed(dialect, queue) == waiting
        result = await conn.execute(
            update(SESSIONS).where(among(self.session, SESSIONS.c.id, ids), still)
            .values(**values)
            .returning(*SESSIONS.c))
        return sorted((session_info(r) for r in result), key=lambda s: (s.due_at, s.id))

    async def renew_claim(self, session_id: int, stamp: datetime, now: datetime, *,
                          server_clock: bool = False) -> bool:
        """Re-stamp our claim just before sending; False if it was requeued or taken over."""
        result = await self.session.execute(
            update(SessionRow)
            .where(SessionRow.id == session_id, SessionRow.delivery == Delivery.CLAIMED.value,
                   SessionRow.claimed_at == stamp)
            .values(claimed_at=self._stamp(now, server_clock)))
        return int(getattr(result, "rowcount", 0) or 0) == 1

    async def renew_claims(self, stamps: dict[int, datetime | None], now: datetime, *,
                           server_clock: bool = False) -> dict[int, datetime | None]:
        """Re-stamp the claims of a batch still waiting to be sent (one UPDATE per stamp).

        Returns the rows still ours with their new stamps; a row missing from the answer was
        requeued or taken over by another instance.
        """
        by_stamp: dict[datetime | None, list[int]] = defaultdict(list)
        for session_id, stamp in stamps.items():
            by_stamp[stamp].append(session_id)
        kept: dict[int, datetime | None] = {}
        for stamp, ids in by_stamp.items():
            rows = await self.session.execute(
                update(SessionRow)
                .where(SessionRow.id.in_(ids), SessionRow.delivery == Delivery.CLAIMED.value,
                       SessionRow.claimed_at == stamp)
                .values(claimed_at=self._stamp(now, server_clock))
                .returning(SessionRow.id, SessionRow.claimed_at)
                .execution_options(synchronize_session=False))
            kept.update({int(row_id): at for row_id, at in rows})
        return kept

    async def requeue_stale_claims(self, claimed_before: datetime, *,
                                   stale_after: timedelta | None = None) -> int:
        """Put claims left by a crashed sender back in the queue (at-least-once delivery).

        With `stale_after`, PostgreSQL judges staleness by its own clock: now() - stale_after.
        """
        result = await self.session.execute(
            update(SessionRow)
            .where(SessionRow.delivery == Delivery.CLAIMED.value,
                   SessionRow.claimed_at < self._stale(claimed_before, stale_after))
            .values(delivery=Delivery.DUE.value, claimed_at=None))
        return int(getattr(result, "rowcount", 0) or 0)

    async def set_nudges(self, states: Sequence[tuple[int, str, datetime | None]]) -> None:
        """Each (session, nudge state, due again at or None) at once: one executemany for
        the rows due again and one for the rest."""
        conn = await self.session.connection()
        again = [{"sid": sid, "state": state, "at": at} for sid, state, at in states
                 if at is not None]
        settled = [{"sid": sid, "state": state} for sid, state, at in states if at is None]
        if again:
            await conn.execute(update(SessionRow).where(SessionRow.id == bindparam("sid"))
                               .values(nudge=bindparam("state"), nudge_at=bindparam("at")),
                               again)
        if settled:
            await conn.execute(update(SessionRow).where(SessionRow.id == bindparam("sid"))
                               .values(nudge=bindparam("state")), settled)

    async def requeue_stale_nudges(self, claimed_before: datetime, *,
                                   stale_after: timedelta | None = None) -> None:
        """Put nudge claims left by a crashed sender back in the queue."""
        await self.session.execute(
            update(SessionRow)
            .where(SessionRow.nudge == Nudge.CLAIMED.value,
                   SessionRow.claimed_at < self._stale(claimed_before, stale_after))
            .values(nudge=Nudge.DUE.value))

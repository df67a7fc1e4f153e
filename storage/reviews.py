"""The reviews table as a work queue: one row per runner, `due_at` its next weekly instant.

Claimed like reminders (storage/claims.py): a conditional UPDATE under SQLite's BEGIN
IMMEDIATE, SELECT … FOR UPDATE SKIP LOCKED on PostgreSQL; a claim older than the timeout
goes back to the queue. Rows are created for onboarded runners by `seed_missing`.
"""

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.review import DEFAULT_MINUTES, DEFAULT_WEEKDAY, next_review_at
from coach.views import ReviewPlan
from storage.models import ReviewRow, User


def _plan(row: ReviewRow) -> ReviewPlan:
    return ReviewPlan(row.user_id, row.enabled, row.weekday, row.minutes, row.due_at,
                      row.claimed_at)


class ReviewsRepo:
    """Weekly review rows."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> ReviewPlan | None:
        row = await self.session.get(ReviewRow, user_id)
        return None if row is None else _plan(row)

    async def put(self, user_id: int, enabled: bool, weekday: int, minutes: int,
                  due_at: datetime | None) -> ReviewPlan:
        row = await self.session.get(ReviewRow, user_id)
        if row is None:
            row = ReviewRow(user_id=user_id)
            self.session.add(row)
        row.enabled, row.weekday, row.minutes, row.due_at = enabled, weekday, minutes, due_at
        row.claimed_at = None
        await self.session.flush()
        return _plan(row)

    async def seed_missing(self, now: datetime, limit: int = 500) -> int:
        """Give onboarded runners without a row the default review (Sunday evening)."""
        users = (await self.session.execute(
            select(User.id, User.tz).outerjoin(ReviewRow, ReviewRow.user_id == User.id)
            .where(ReviewRow.user_id.is_(None), User.onboarded_at.is_not(None),
                   User.tz.is_not(None)).limit(limit))).all()
        for user_id, tz in users:
            assert tz is not None
            due = next_review_at(DEFAULT_WEEKDAY, DEFAULT_MINUTES, tz, now)
            self.session.add(ReviewRow(user_id=user_id, enabled=True, weekday=DEFAULT_WEEKDAY,
                                       minutes=DEFAULT_MINUTES, due_at=due))
        await self.session.flush()
        return len(users)

    async def claim_due(self, now: datetime, limit: int) -> list[ReviewPlan]:
        """Atomically stamp due, unclaimed rows as ours; each row goes to one caller."""
        query = (select(ReviewRow.user_id)
                 .where(ReviewRow.due_at <= now, ReviewRow.claimed_at.is_(None))
                 .order_by(ReviewRow.due_at).limit(limit))
        if self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        ids = list(await self.session.scalars(query))
        if not ids:
            return []
        rows = await self.session.scalars(
            update(ReviewRow).where(ReviewRow.user_id.in_(ids), ReviewRow.claimed_at.is_(None))
            .values(claimed_at=now).returning(ReviewRow))
        return sorted((_plan(r) for r in rows), key=lambda p: (p.due_at, p.user_id))

    async def requeue_stale(self, claimed_before: datetime) -> int:
        """Release claims left by a sender that died before finishing."""
        result = await self.session.execute(
            update(ReviewRow).where(ReviewRow.claimed_at < claimed_before)
            .values(claimed_at=None))
        return int(getattr(result, "rowcount", 0) or 0)

    async def settle(self, user_id: int, stamp: datetime, next_due: datetime | None,
                     sent_at: datetime | None) -> bool:
        """Move our claimed row to its next instant; False if the claim was lost."""
        values: dict[str, object] = {"due_at": next_due, "claimed_at": None}
        if sent_at is not None:
            values["sent_at"] = sent_at
        result = await self.session.execute(
            update(ReviewRow).where(ReviewRow.user_id == user_id,
                                    ReviewRow.claimed_at == stamp).values(**values))
        return int(getattr(result, "rowcount", 0) or 0) == 1

    async def delete(self, user_id: int) -> None:
        await self.session.execute(delete(ReviewRow).where(ReviewRow.user_id == user_id))

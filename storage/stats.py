"""Counting queries for `coachbot status`: how many runners, and where reminders stand."""

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.views import Delivery
from storage.models import SessionRow, User


class StatsRepo:
    """Aggregates over users and sessions; read only."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def users(self) -> tuple[int, int]:
        """(all users, active users)."""
        total = func.count()
        active = func.count().filter(User.active.is_(True))
        row = (await self.session.execute(select(total, active).select_from(User))).one()
        return int(row[0]), int(row[1])

    async def by_delivery(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(SessionRow.delivery, func.count()).group_by(SessionRow.delivery))
        return {str(k): int(v) for k, v in rows}

    async def by_nudge(self) -> dict[str, int]:
        rows = await self.session.execute(
            select(SessionRow.nudge, func.count()).where(SessionRow.nudge.is_not(None))
            .group_by(SessionRow.nudge))
        return {str(k): int(v) for k, v in rows}

    async def due_now(self, now: datetime) -> int:
        """Reminders due and waiting (a failed one counts once its retry time has come)."""
        return int(await self.session.scalar(select(func.count()).where(
            SessionRow.delivery == Delivery.DUE.value, SessionRow.due_at <= now,
            or_(SessionRow.retry_at.is_(None), SessionRow.retry_at <= now))) or 0)

    async def retrying(self) -> int:
        """Reminders released after a failed send, waiting for their retry."""
        return int(await self.session.scalar(select(func.count()).where(
            SessionRow.delivery == Delivery.DUE.value, SessionRow.attempts > 0)) or 0)

"""The schedule side of the sessions table, and this week's moves (plan_moves)."""

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.plan import Booked, Move
from coach.views import Delivery, SessionInfo, Status
from storage.models import MoveRow, SessionRow, waiting
from storage.repositories import session_info

# A planned row whose reminder never went out can be planned again for its date.
REPLANNABLE = (Delivery.DUE.value, Delivery.CANCELLED.value)
HELD = (Status.OPEN.value, Status.DONE.value)


def booked_of(rows: Iterable[tuple[date, str, str]]) -> Booked:
    """The booked dates among (session_date, status, delivery) rows of one runner."""
    rows = list(rows)
    taken = frozenset(day for day, status, delivery in rows
                      if status != Status.PLANNED.value or delivery not in REPLANNABLE)
    held = frozenset(day for day, status, _ in rows if status in HELD)
    return Booked(taken, held)


class PlanningRepo:
    """Which run dates are used, the one planned reminder, and moves of this week."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def next_planned(self, user_id: int) -> SessionInfo | None:
        """The planned, not yet sent reminder (a snoozed open session is not one)."""
        row = await self.session.scalar(
            select(SessionRow).where(SessionRow.user_id == user_id,
                                     waiting(SessionRow.delivery),
                                     SessionRow.status == Status.PLANNED.value)
            .order_by(SessionRow.due_at).limit(1))
        return None if row is None else session_info(row)

    async def booked(self, user_id: int, since: date) -> Booked:
        """Run dates from `since` on that already have a session that can't be replanned."""
        rows = (await self.session.execute(
            select(SessionRow.session_date, SessionRow.status, SessionRow.delivery)
            .where(SessionRow.user_id == user_id, SessionRow.session_date >= since))).all()
        return booked_of([(day, status, delivery) for day, status, delivery in rows])

    async def replannable_on(self, user_id: int, day: date) -> SessionInfo | None:
        row = await self.session.scalar(select(SessionRow).where(
            SessionRow.user_id == user_id, SessionRow.kind == "scheduled",
            SessionRow.session_date == day, SessionRow.status == Status.PLANNED.value,
            SessionRow.delivery.in_(REPLANNABLE)))
        return None if row is None else session_info(row)

    async def replan(self, session_id: int, due_at: datetime) -> None:
        """Make a planned row due again at `due_at` (its earlier reminder never went out)."""
        await self.session.execute(
            update(SessionRow).where(SessionRow.id == session_id).values(
                delivery=Delivery.DUE.value, due_at=due_at, claimed_at=None, attempts=None,
                retry_at=None))

    async def moves(self, user_id: int, since: date) -> tuple[Move, ...]:
        rows = await self.session.scalars(select(MoveRow).where(
            MoveRow.user_id == user_id, MoveRow.to_date >= since).order_by(MoveRow.id))
        return tuple(Move(row.from_date, row.to_date) for row in rows)

    async def add_move(self, user_id: int, move: Move, now: datetime) -> None:
        self.session.add(MoveRow(user_id=user_id, from_date=move.from_date,
                                 to_date=move.to_date, created_at=now))
        await self.session.flush()

    async def clear_moves(self, user_id: int) -> None:
        """The usual week changed: this week's moves no longer apply."""
        await self.session.execute(delete(MoveRow).where(MoveRow.user_id == user_id))

    async def drop_moves_before(self, day: date) -> int:
        """Housekeeping: moves of past weeks."""
        result = await self.session.execute(delete(MoveRow).where(MoveRow.to_date < day))
        return int(getattr(result, "rowcount", 0) or 0)

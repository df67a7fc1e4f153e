"""The target trail: what each logged exercise was done against, so corrections follow through."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.session_life import CLOSED_STATUSES
from coach.views import SessionInfo
from storage.history import IMPORTED
from storage.models import EntryRow, SessionRow
from storage.repositories import session_info


class TrailRepo:
    """Stamps entries with their target at close, and finds the session still correctable."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def latest_closed(self, user_id: int) -> SessionInfo | None:
        """The session closed last (done or skipped), if any; imported ones don't count."""
        row = await self.session.scalar(
            select(SessionRow).where(SessionRow.user_id == user_id,
                                     SessionRow.status.in_(sorted(CLOSED_STATUSES)),
                                     SessionRow.kind != IMPORTED,  # never corrected here
                                     SessionRow.closed_at.is_not(None))
            .order_by(SessionRow.closed_at.desc(), SessionRow.id.desc()).limit(1))
        return None if row is None else session_info(row)

    async def session_of_message(self, user_id: int, message_id: int) -> int | None:
        """The session a report message stored entries in, if it stored any."""
        return await self.session.scalar(select(EntryRow.session_id).where(
            EntryRow.user_id == user_id, EntryRow.source_message_id == message_id).limit(1))

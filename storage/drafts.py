"""The drafts table: onboarding answers kept in the database, so a restart loses none."""

from datetime import datetime, time

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from coach.draft import Draft
from coach.views import days_to_mask, mask_to_days
from storage.models import DraftRow


def draft_of(row: DraftRow) -> Draft:
    minutes = row.run_end_minutes
    return Draft(
        step=row.step,
        hard=set(mask_to_days(row.hard_days)),
        cross=set(mask_to_days(row.cross_days)),
        run_end=None if minutes is None else time(minutes // 60, minutes % 60),
        tz=row.tz,
        single=row.single,
        asked_at=row.asked_at,
    )


class DraftsRepo:
    """One row per runner who is answering onboarding or /settings questions."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> Draft | None:
        row = await self.session.scalar(select(DraftRow).where(DraftRow.user_id == user_id))
        return None if row is None else draft_of(row)

    async def put(self, user_id: int, draft: Draft) -> None:
        """Insert or replace the runner's draft."""
        row = await self.session.get(DraftRow, user_id)
        if row is None:
            row = DraftRow(user_id=user_id)
            self.session.add(row)
        row.step = draft.step
        row.hard_days = days_to_mask(tuple(draft.hard))
        row.cross_days = days_to_mask(tuple(draft.cross))
        run_end = draft.run_end
        row.run_end_minutes = None if run_end is None else run_end.hour * 60 + run_end.minute
        row.tz = draft.tz
        row.single = draft.single
        row.asked_at = draft.asked_at
        await self.session.flush()

    async def delete(self, user_id: int) -> None:
        await self.session.execute(delete(DraftRow).where(DraftRow.user_id == user_id))

    async def delete_asked_before(self, cutoff: datetime) -> int:
        """Drop drafts whose question has waited since before `cutoff`; return how many."""
        result = await self.session.execute(
            delete(DraftRow).where(DraftRow.asked_at < cutoff))
        return int(getattr(result, "rowcount", 0) or 0)

"""What deciding about a runner's text needs, read in one query.

A typed message may answer an onboarding question (the draft), tell a race or how the legs
feel (the profile's zone, the open session), move the week, or report reps (the session it
goes into and the stored targets). `MessagesRepo.arrival` reads all of that at once: the
runner joined with the session a report would go into, the draft and the targets (one row
per target, so at most a handful).
"""

from typing import Any

from sqlalchemy import BigInteger, Select, bindparam, case, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from coach.progression import Target
from coach.session_life import CLOSED_STATUSES
from coach.stored import Arrival
from coach.views import Status
from storage.drafts import draft_of
from storage.models import DraftRow, SessionRow, TargetRow, User
from storage.repositories import _profile, in_flight, session_info


def _arrival() -> Select[Any, Any, Any, Any]:
    """The one read, built once (its values are bound at each call: `user`, `reply_to`)."""
    inner = aliased(SessionRow)
    user = bindparam("user", type_=BigInteger)
    replied = inner.message_id == bindparam("reply_to", type_=BigInteger)
    chosen = (select(inner.id).where(
        inner.user_id == user, inner.status.not_in(sorted(CLOSED_STATUSES)),
        or_(inner.status == Status.OPEN.value, replied, in_flight(inner)))
        .order_by(case((replied, 0), else_=1), inner.due_at.desc(), inner.id.desc())
        .limit(1).correlate(None).scalar_subquery())
    return (select(User, SessionRow, DraftRow, TargetRow).select_from(User)
            .outerjoin(SessionRow, SessionRow.id == chosen)
            .outerjoin(DraftRow, DraftRow.user_id == User.id)
            .outerjoin(TargetRow, TargetRow.user_id == User.id)
            .where(User.id == user))


_ARRIVAL = _arrival()


class MessagesRepo:
    """The one read at the start of a typed message."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def arrival(self, user_id: int, reply_to: int | None) -> Arrival:
        """The session is the one replied to if it is not closed, else the latest open one
        or one whose card is going out (as `SessionsRepo.for_report` chooses it)."""
        rows = (await self.session.execute(_ARRIVAL, {
            "user": user_id, "reply_to": -1 if reply_to is None else reply_to})).all()
        if not rows:
            return Arrival(None)
        user, session, draft, _ = rows[0]
        targets = {t.exercise_id: Target(t.sets, t.reps, t.load_kg, t.variant or "")
                   for *_, t in rows if t is not None}
        return Arrival(_profile(user), None if session is None else session_info(session),
                       None if draft is None else draft_of(draft), targets)

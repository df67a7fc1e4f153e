"""The reminder path as it was before batching (commit 80763ee), kept as the bench baseline.

One reminder at a time: a claim renewal and a view read in one transaction, the send, then
the outcome in another (close stale sessions, set_state, plan the next row one runner at a
time). Only the success path is kept: the baseline measures the cost per reminder.
"""

from datetime import datetime, timedelta

from coach.clock import Clock
from coach.views import Delivery, SessionInfo, SessionView, Status
from services.plan import schedule_after
from services.ports import Sender
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET, build_view, close_stale


class OneAtATime:
    """Claims due reminders in batches and delivers them one by one."""

    def __init__(self, plans: Units, sender: Sender, clock: Clock, *,
                 grace: timedelta, batch: int = 200, limit: int | None = None) -> None:
        self.plans = plans
        self.sender = sender
        self.clock = clock
        self.grace = grace
        self.batch = batch
        self.limit = limit  # stop after this many reminders (a sample of a large burst)

    async def tick(self) -> int:
        sent = 0
        while True:
            now = self.clock.now()
            size = self.batch if self.limit is None else min(self.batch, self.limit - sent)
            async with self.plans() as uow:
                claimed = await uow.claims.claim_due(now, size)
            for session in claimed:
                sent += await self._deliver(session, session.claimed_at or now)
            if len(claimed) < self.batch:
                return sent

    async def _deliver(self, session: SessionInfo, stamp: datetime) -> int:
        now = self.clock.now()
        async with self.plans() as uow:
            if not await uow.claims.renew_claim(session.id, stamp, now):
                return 0
            view = await build_view(uow, session)
        late = now - session.due_at > self.grace
        message_id = await (self.sender.missed if late else self.sender.reminder)(view)
        await self._sent(view, message_id, now, late)
        return 1

    async def _sent(self, view: SessionView, message_id: int, now: datetime,
                    late: bool) -> None:
        session = view.session
        delivery = Delivery.MISSED if late else Delivery.SENT
        status = {"status": Status.OPEN.value} if session.status == Status.PLANNED.value else {}
        async with self.plans() as uow:
            await close_stale(uow, session.user_id, session.id, now)
            await uow.sessions._set(  # raw columns, as the old path wrote them
                session.id, delivery=delivery.value, sent_at=now, message_id=message_id,
                retry_at=None, **status)
            await schedule_after(uow, session.user_id, max(now, session.due_at), DEFAULT_OFFSET)

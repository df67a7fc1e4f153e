"""Reminder delivery: claim due sessions, send them, record the outcome, plan the next."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from coach.clock import Clock
from storage.models import Delivery, Status
from storage.records import SessionInfo, SessionView
from storage.services import PlanService
from storage.sessions import build_view, close_stale
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class RecipientGone(Exception):
    """The chat can no longer be reached (the user blocked the bot or deleted the chat)."""


class Sender(Protocol):
    """Renders and sends reminders; implemented by the bot layer."""

    async def reminder(self, view: SessionView) -> int:
        """Send the session reminder; return the Telegram message id."""

    async def missed(self, view: SessionView) -> int:
        """Tell the runner a reminder could not go out in time; return the message id."""


@dataclass
class TickReport:
    """What one pass of the scheduler did."""

    sent: int = 0
    missed: int = 0
    failed: int = 0
    gone: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.missed + self.failed + self.gone


class Deliverer:
    """Claims due reminders from the database and delivers them."""

    def __init__(self, plans: PlanService, sender: Sender, clock: Clock, *,
                 grace: timedelta, batch: int = 200,
                 claim_timeout: timedelta = timedelta(minutes=5)) -> None:
        self.plans = plans
        self.sender = sender
        self.clock = clock
        self.grace = grace
        self.batch = batch
        self.claim_timeout = claim_timeout

    def uow(self) -> UnitOfWork:
        return self.plans.uow()

    async def tick(self) -> TickReport:
        """Deliver everything due now, batch by batch."""
        report = TickReport()
        now = self.clock.now()
        async with self.uow() as uow:
            await uow.sessions.requeue_stale_claims(now - self.claim_timeout)
        while True:
            async with self.uow() as uow:
                claimed = await uow.sessions.claim_due(now, self.batch)
            for session in claimed:
                await self._deliver(session, now, report)
            if len(claimed) < self.batch:
                return report

    async def _deliver(self, session: SessionInfo, now: datetime, report: TickReport) -> None:
        async with self.uow() as uow:
            view = await build_view(uow, session)
        late = now - session.due_at > self.grace
        try:
            message_id = await (self.sender.missed(view) if late else self.sender.reminder(view))
        except RecipientGone:
            await self._gone(session, now)
            report.gone += 1
            return
        except Exception:
            log.exception("reminder for session %s failed; it stays due", session.id)
            await self._release(session)
            report.failed += 1
            return
        await self._sent(session, message_id, now, late)
        if late:
            report.missed += 1
        else:
            report.sent += 1
        log.info("delivery session=%s user=%s outcome=%s", session.id, session.user_id,
                 "missed" if late else "sent")

    async def _sent(self, session: SessionInfo, message_id: int, now: datetime,
                    late: bool) -> None:
        delivery = Delivery.MISSED if late else Delivery.SENT
        async with self.uow() as uow:
            await close_stale(uow, session.user_id, session.id, now)
            status = Status.OPEN.value if session.status == Status.PLANNED.value else None
            await uow.sessions.set_state(
                session.id, delivery=delivery.value, sent_at=now, message_id=message_id,
                **({"status": status} if status else {}))
            await self.plans.schedule_after(uow, session.user_id, max(now, session.due_at))

    async def _release(self, session: SessionInfo) -> None:
        async with self.uow() as uow:
            await uow.sessions.set_state(session.id, delivery=Delivery.DUE.value,
                                         claimed_at=None)

    async def _gone(self, session: SessionInfo, now: datetime) -> None:
        log.info("delivery session=%s user=%s outcome=user_inactive", session.id,
                 session.user_id)
        async with self.uow() as uow:
            await uow.users.set_fields(session.user_id, active=False)
            await uow.sessions.set_state(session.id, delivery=Delivery.CANCELLED.value,
                                         closed_at=now)

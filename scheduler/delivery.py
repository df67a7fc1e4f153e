"""Reminder delivery: claim due sessions, send them, record the outcome, plan the next.

Faults (see scheduler/pacing.py): a 429 is waited out inside the pass; any other failed send
puts the row back with `attempts` + 1 and `retry_at` = now + backoff (10 s, 20 s, … 5 min), so
one user's faults never hold up the others. Once the grace period is over (and the row had
at least `min_attempts` tries) the row ends as delivery='failed' — "given up" — and the
next session is planned. A retry that lands after the grace period sends the missed-session
note instead of the reminder, as after downtime.

A send whose outcome is unknown (Transient "outcome_unknown": the request went out but the
answer was lost) is retried like any other, and counted in ops_counters: the runner may get
that reminder twice. Each pass stamps the 'scheduler_tick' counter (`coachbot health`).
With `server_clock`, claims on PostgreSQL are stamped by the database's clock.
"""

import logging
from datetime import datetime, timedelta
from typing import Protocol

from coach.clock import Clock
from scheduler.nudges import Nudger
from scheduler.pacing import Pacer, TokenBucket, backoff
from scheduler.report import TickReport, outcome
from services.plan import PlanService
from services.ports import RecipientGone, Throttled, Transient, reason_of
from services.sessions import build_view, close_stale
from storage.models import Delivery, Nudge, Status
from storage.ops import SCHEDULER_TICK, SEND_OUTCOME_UNKNOWN
from storage.records import SessionInfo, SessionView
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
__all__ = ["Deliverer", "RecipientGone", "Sender", "TickReport"]
REMINDERS_PER_SECOND = 25.0  # Telegram allows ~30/s per bot; the rest is for replies


class Sender(Protocol):
    """Renders and sends reminders; implemented by the bot layer."""

    async def reminder(self, view: SessionView) -> int:
        """Send the session reminder; return the Telegram message id."""

    async def missed(self, view: SessionView) -> int:
        """Tell the runner a reminder could not go out in time; return the message id."""


class Deliverer:
    """Claims due reminders from the database and delivers them."""

    def __init__(self, plans: PlanService, sender: Sender, clock: Clock, *,
                 grace: timedelta, batch: int = 200,
                 claim_timeout: timedelta = timedelta(minutes=5),
                 pacer: Pacer | None = None, nudger: Nudger | None = None,
                 min_attempts: int = 3, server_clock: bool = False) -> None:
        self.plans = plans
        self.sender = sender
        self.clock = clock
        self.grace = grace
        self.batch = batch
        self.claim_timeout = claim_timeout
        self.pacer = pacer or Pacer(TokenBucket(REMINDERS_PER_SECOND))
        self.nudger = nudger
        self.min_attempts = min_attempts
        self.server_clock = server_clock

    def uow(self) -> UnitOfWork:
        return self.plans.uow()

    async def tick(self) -> TickReport:
        """Deliver everything due now, batch by batch, then the nudges due now."""
        report = TickReport()
        now = self.clock.now()
        async with self.uow() as uow:
            await uow.claims.requeue_stale_claims(
                now - self.claim_timeout,
                stale_after=self.claim_timeout if self.server_clock else None)
            await uow.ops.bump(SCHEDULER_TICK, now)
        while True:
            # Each batch is stamped with the time of its own claim: a burst that outlasts the
            # claim timeout must not look abandoned to another instance while it is sent.
            now = self.clock.now()
            async with self.uow() as uow:
                claimed = await uow.claims.claim_due(now, self.batch,
                                                     server_clock=self.server_clock)
            for session in claimed:
                await self._deliver(session, session.claimed_at or now, report)
            if len(claimed) < self.batch:
                break
        if self.nudger is not None:
            await self.nudger.tick(now, report)
        return report

    async def _deliver(self, session: SessionInfo, stamp: datetime,
                       report: TickReport) -> None:
        """Send one claimed reminder; `stamp` is the time our claim was written with."""
        now = self.clock.now()
        async with self.uow() as uow:
            # A claim older than the claim timeout may have been requeued by another
            # instance (this batch was slow); then it is theirs to send, not ours.
            if not await uow.claims.renew_claim(session.id, stamp, now,
                                                server_clock=self.server_clock):
                outcome("claim_lost", session)
                return
            view = await build_view(uow, session)
        if not view.profile.active:
            await self._cancel(session, now)
            return
        late = now - session.due_at > self.grace
        send = self.sender.missed if late else self.sender.reminder
        try:
            message_id = await self.pacer.send(lambda: send(view), session)
        except RecipientGone:
            await self._gone(session, now)
            report.gone += 1
        except Exception as exc:
            if not isinstance(exc, Throttled | Transient):
                log.exception("delivery send failed session=%s user=%s", session.id,
                              session.user_id)
            wait = timedelta(seconds=exc.retry_after) if isinstance(exc, Throttled) else None
            await self._failed(session, reason_of(exc), report, wait)
        else:
            await self._sent(view, message_id, now, late)
            report.missed += late
            report.sent += not late
            outcome("missed" if late else "sent", session, attempt=session.attempts + 1)

    async def _sent(self, view: SessionView, message_id: int, now: datetime,
                    late: bool) -> None:
        session = view.session
        delivery = Delivery.MISSED if late else Delivery.SENT
        status = {"status": Status.OPEN.value} if session.status == Status.PLANNED.value else {}
        async with self.uow() as uow:
            await close_stale(uow, session.user_id, session.id, now)
            await uow.sessions.set_state(
                session.id, delivery=delivery.value, sent_at=now, message_id=message_id,
                retry_at=None, **status, **self._nudge_plan(view, late))
            await self.plans.schedule_after(uow, session.user_id, max(now, session.due_at))

    def _nudge_plan(self, view: SessionView, late: bool) -> dict[str, object]:
        """A sent reminder gets its next-morning nudge planned; a missed note does not."""
        if late or self.nudger is None or view.profile.tz is None:
            return {}
        when = self.nudger.morning_after(view.session.session_date, view.profile.tz)
        return {"nudge": Nudge.DUE.value, "nudge_at": when}

    async def _failed(self, session: SessionInfo, reason: str, report: TickReport,
                      wait: timedelta | None = None) -> None:
        """Put the row back for a later retry, or give up once the grace period is over."""
        now = self.clock.now()
        if reason == "outcome_unknown":
            async with self.uow() as uow:
                await uow.ops.bump(SEND_OUTCOME_UNKNOWN, now)
        attempts = session.attempts + 1
        if now - session.due_at > self.grace and attempts >= self.min_attempts:
            await self._give_up(session, attempts, now)
            outcome("given_up", session, attempt=attempts, reason=reason)
            report.given_up += 1
            return
        delay = wait or backoff(attempts)
        async with self.uow() as uow:
            await uow.sessions.set_state(session.id, delivery=Delivery.DUE.value,
                                         claimed_at=None, attempts=attempts,
                                         retry_at=now + delay)
        outcome("retried", session, attempt=attempts, reason=reason,
                retry_in=f"{delay.total_seconds():g}s")
        report.failed += 1

    async def _give_up(self, session: SessionInfo, attempts: int, now: datetime) -> None:
        async with self.uow() as uow:
            await uow.sessions.set_state(session.id, delivery=Delivery.FAILED.value,
                                         attempts=attempts, retry_at=None)
            await self.plans.schedule_after(uow, session.user_id, max(now, session.due_at))

    async def _gone(self, session: SessionInfo, now: datetime) -> None:
        outcome("user_inactive", session)
        await self.plans.deactivate(session.user_id)
        await self._cancel(session, now)

    async def _cancel(self, session: SessionInfo, now: datetime) -> None:
        async with self.uow() as uow:
            await uow.sessions.set_state(session.id, delivery=Delivery.CANCELLED.value,
                                         closed_at=now)

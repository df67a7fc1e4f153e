"""The one friendly nudge for a session that was reminded but not logged by the end of its day.

When a reminder goes out, the session row gets nudge='due' and `nudge_at` = the next local
morning at `hour` (zoneinfo, so DST and far-east zones are right). A pass claims due nudges
atomically (like reminders: conditional UPDATE, FOR UPDATE SKIP LOCKED on PostgreSQL), so
each session is nudged at most once. A nudge is dropped when the session was closed (logged,
skipped, or closed by a newer reminder), has anything logged, the user is inactive or
paused, or the morning is over (more than `grace` late, e.g. after downtime).
"""

from datetime import date, datetime, timedelta
from typing import Protocol

from coach.clock import Clock
from coach.plan import morning_after
from coach.timezones import zone_or_default
from scheduler.pacing import Pacer
from scheduler.report import TickReport, outcome
from services.plan import PlanService
from services.ports import RecipientGone, reason_of
from services.sessions import build_view
from storage.models import Nudge, Status
from storage.ops import SEND_OUTCOME_UNKNOWN
from storage.records import SessionInfo, SessionView
from storage.uow import UnitOfWork

NUDGE_HOUR = 8


class NudgeSender(Protocol):
    """Sends the nudge; implemented by the bot layer."""

    async def nudge(self, view: SessionView) -> int:
        """Offer to log the session late or skip it; return the Telegram message id."""


class Nudger:
    """Claims due nudges and sends the ones still useful."""

    def __init__(self, plans: PlanService, sender: NudgeSender, clock: Clock, *,
                 grace: timedelta, hour: int = NUDGE_HOUR, pacer: Pacer | None = None,
                 batch: int = 200, retry: timedelta = timedelta(minutes=1),
                 claim_timeout: timedelta = timedelta(minutes=5),
                 server_clock: bool = False) -> None:
        if not 0 <= hour <= 23:
            raise ValueError("the nudge hour is 0-23")
        self.plans = plans
        self.sender = sender
        self.clock = clock
        self.grace = grace
        self.hour = hour
        self.pacer = pacer or Pacer()
        self.batch = batch
        self.retry = retry
        self.claim_timeout = claim_timeout
        self.server_clock = server_clock

    def uow(self) -> UnitOfWork:
        return self.plans.uow()

    def morning_after(self, session_date: date, tz: str) -> datetime:
        return morning_after(session_date, tz, self.hour)

    async def tick(self, now: datetime, report: TickReport) -> None:
        """Send every nudge due at `now`, batch by batch."""
        async with self.uow() as uow:
            await uow.claims.requeue_stale_nudges(
                now - self.claim_timeout,
                stale_after=self.claim_timeout if self.server_clock else None)
        while True:
            now = self.clock.now()  # each batch stamped with its own claim time
            async with self.uow() as uow:
                claimed = await uow.claims.claim_nudges(now, self.batch,
                                                        server_clock=self.server_clock)
            for session in claimed:
                await self._nudge(session, now, report)
            if len(claimed) < self.batch:
                return

    async def _nudge(self, session: SessionInfo, now: datetime, report: TickReport) -> None:
        async with self.uow() as uow:
            view = await build_view(uow, session)
        needless = self._needless(view, now)
        if needless:
            await self._set(session, Nudge.DROPPED)
            outcome("nudge_dropped", session, reason=needless)
            return
        try:
            await self.pacer.send(lambda: self.sender.nudge(view), session)
        except RecipientGone:
            await self.plans.deactivate(session.user_id)
            await self._set(session, Nudge.DROPPED)
            outcome("user_inactive", session)
            report.gone += 1
        except Exception as exc:
            await self._failed(view, now, reason_of(exc), report)
        else:
            await self._set(session, Nudge.SENT)
            outcome("nudged", session)
            report.nudged += 1

    def _needless(self, view: SessionView, now: datetime) -> str | None:
        """Why this nudge should not go out, or None if it should."""
        profile = view.profile
        if view.session.status != Status.OPEN.value:
            return "closed"
        if any(item.logged is not None for item in view.items):
            return "logged"
        if not profile.active or profile.tz is None:
            return "inactive"
        if profile.paused_until is not None and profile.paused_until > now:
            return "paused"
        if now > self.morning_after(view.session.session_date, profile.tz) + self.grace:
            return "late"
        return None

    async def _failed(self, view: SessionView, now: datetime, reason: str,
                      report: TickReport) -> None:
        """Try again shortly while the morning lasts; after that, give up."""
        session, tz = view.session, zone_or_default(view.profile.tz)
        if reason == "outcome_unknown":
            async with self.uow() as uow:
                await uow.ops.bump(SEND_OUTCOME_UNKNOWN, now)
        retry_at = now + self.retry
        if retry_at > self.morning_after(session.session_date, tz) + self.grace:
            await self._set(session, Nudge.FAILED)
            outcome("given_up", session, reason=reason, kind="nudge")
            report.given_up += 1
            return
        await self._set(session, Nudge.DUE, nudge_at=retry_at)
        outcome("retried", session, reason=reason, kind="nudge",
                retry_in=f"{self.retry.total_seconds():g}s")
        report.failed += 1

    async def _set(self, session: SessionInfo, state: Nudge, **values: object) -> None:
        async with self.uow() as uow:
            await uow.sessions.set_state(session.id, nudge=state.value, **values)

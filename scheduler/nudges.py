"""When nudges go out: after each reminder pass, one service call, `nudge_due`.

What a nudge is and when it is dropped is the use case's (services/nudging.py); this module
paces the sends with the reminders' pacer and keeps the nudge hour.
"""

from datetime import date, datetime, timedelta

from coach.clock import Clock
from coach.plan import morning_after
from coach.views import SessionView
from scheduler.pacing import CLAIM_SHARE, Pacer
from services.nudging import NudgeLimits, nudge_due
from services.outcomes import TickReport
from services.ports import NudgeSender
from services.uow import UowFactory

NUDGE_HOUR = 8


class PacedNudges:
    """A nudge sender whose sends wait for the pacer."""

    def __init__(self, sender: NudgeSender, pacer: Pacer, max_wait: float | None = None) -> None:
        self.sender = sender
        self.pacer = pacer
        self.max_wait = max_wait

    async def nudge(self, view: SessionView) -> int:
        return await self.pacer.send(lambda: self.sender.nudge(view), view.session,
                                     max_wait=self.max_wait)


class Nudger:
    """The nudge job, run after each reminder pass."""

    def __init__(self, units: UowFactory, sender: NudgeSender, clock: Clock, *,
                 grace: timedelta, hour: int = NUDGE_HOUR, pacer: Pacer | None = None,
                 batch: int = 200, retry: timedelta = timedelta(minutes=1),
                 claim_timeout: timedelta = timedelta(minutes=5),
                 server_clock: bool = False) -> None:
        if not 0 <= hour <= 23:
            raise ValueError("the nudge hour is 0-23")
        self.units = units
        self.sender = sender
        self.clock = clock
        self.pacer = pacer or Pacer()
        self.hour = hour
        self.limits = NudgeLimits(grace=grace, hour=hour, batch=batch, retry=retry,
                                  claim_timeout=claim_timeout, server_clock=server_clock)

    def morning_after(self, session_date: date, tz: str) -> datetime:
        return morning_after(session_date, tz, self.hour)

    async def tick(self, now: datetime, report: TickReport) -> None:
        """Send every nudge due now (`now` is read again from the clock, batch by batch)."""
        del now
        max_wait = self.limits.claim_timeout.total_seconds() * CLAIM_SHARE
        await nudge_due(self.units, self.clock,
                        PacedNudges(self.sender, self.pacer, max_wait), self.limits, report)

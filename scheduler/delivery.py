"""When reminders go out: each pass makes one service call, `deliver_due`, then the nudges.

What a pass does (claims, batches, retries, 403s, the missed-session note, the heartbeat)
is the use case's (services/delivery.py); this module only paces the sends (one token bucket
shared with the nudges) and sizes the batches to a few seconds of sending.
"""

from datetime import timedelta

from coach.clock import Clock
from scheduler.nudges import Nudger
from scheduler.pacing import Pacer, TokenBucket, backoff
from services.delivery import Limits, deliver_due
from services.outcomes import TickReport
from services.plan import PlanService
from services.ports import RecipientGone, Sender
from storage.records import SessionView

__all__ = ["Deliverer", "PacedSender", "RecipientGone", "Sender", "TickReport"]
REMINDERS_PER_SECOND = 25.0  # Telegram allows ~30/s per bot; the rest is for replies
BATCH_SECONDS = 4.0  # a batch holds about this long of sending at the pacer's rate


class PacedSender:
    """A sender whose every send waits for the pacer (429s waited out there)."""

    def __init__(self, sender: Sender, pacer: Pacer) -> None:
        self.sender = sender
        self.pacer = pacer

    async def reminder(self, view: SessionView) -> int:
        return await self.pacer.send(lambda: self.sender.reminder(view), view.session)

    async def missed(self, view: SessionView) -> int:
        return await self.pacer.send(lambda: self.sender.missed(view), view.session)


class Deliverer:
    """The reminder job: delivers what is due, then the nudges, sharing one send pace."""

    def __init__(self, plans: PlanService, sender: Sender, clock: Clock, *,
                 grace: timedelta, batch: int | None = None,
                 claim_timeout: timedelta = timedelta(minutes=5),
                 pacer: Pacer | None = None, nudger: Nudger | None = None,
                 min_attempts: int = 3, server_clock: bool = False) -> None:
        self.plans = plans
        self.sender = sender
        self.clock = clock
        self.grace = grace
        self.pacer = pacer or Pacer(TokenBucket(REMINDERS_PER_SECOND))
        self.batch = batch
        self.claim_timeout = claim_timeout
        self.nudger = nudger
        self.min_attempts = min_attempts
        self.server_clock = server_clock

    def limits(self) -> Limits:
        return Limits(grace=self.grace, backoff=backoff, offset=self.plans.offset,
                      batch=self.batch or batch_size(self.pacer),
                      claim_timeout=self.claim_timeout, min_attempts=self.min_attempts,
                      server_clock=self.server_clock,
                      nudge_hour=None if self.nudger is None else self.nudger.hour)

    async def tick(self) -> TickReport:
        """Deliver everything due now, then the nudges due now."""
        report = await deliver_due(self.plans.uow, self.clock,
                                   PacedSender(self.sender, self.pacer), self.limits())
        if self.nudger is not None:
            await self.nudger.tick(self.clock.now(), report)
        return report


def batch_size(pacer: Pacer, seconds: float = BATCH_SECONDS) -> int:
    """A few seconds of sending at the pacer's rate (unpaced: 500 rows)."""
    if pacer.bucket is None:
        return 500
    return max(10, min(500, round(pacer.bucket.rate * seconds)))

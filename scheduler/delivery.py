"""When reminders go out: each pass makes one service call, `deliver_due`, then the nudges.

What a pass does (claims, batches, retries, 403s, the missed-session note, the heartbeat)
is the use case's (services/delivery.py); this module hands it a sender whose short 429s are
waited out (the Pacer, shared with the nudges). The sends themselves draw on the bot's one
send budget (bot/budget.py).
"""

from datetime import timedelta
from typing import Protocol, runtime_checkable

from coach.clock import Clock
from coach.views import SessionView
from scheduler.nudges import Nudger
from scheduler.pacing import CLAIM_SHARE, Pacer, backoff
from services.delivery import Limits, deliver_due
from services.outcomes import TickReport
from services.ports import RecipientGone, Sender
from services.sessions import DEFAULT_OFFSET
from services.uow import UowFactory

__all__ = ["Deliverer", "PacedSender", "RecipientGone", "Sender", "TickReport"]
BATCH = 500  # rows claimed per transaction


@runtime_checkable
class RoundTrips(Protocol):
    """A sender that knows how many sends a round trip to Telegram keeps in flight."""

    def per_round_trip(self) -> float: ...


class PacedSender:
    """A sender whose every send waits for the pacer (429s waited out there)."""

    def __init__(self, sender: Sender, pacer: Pacer, max_wait: float | None = None) -> None:
        self.sender = sender
        self.pacer = pacer
        self.max_wait = max_wait

    def per_round_trip(self) -> float:
        return self.sender.per_round_trip() if isinstance(self.sender, RoundTrips) else 0.0

    async def reminder(self, view: SessionView) -> int:
        return await self.pacer.send(lambda: self.sender.reminder(view), view.session,
                                     max_wait=self.max_wait)

    async def missed(self, view: SessionView) -> int:
        return await self.pacer.send(lambda: self.sender.missed(view), view.session,
                                     max_wait=self.max_wait)


class Deliverer:
    """The reminder job: delivers what is due, then the nudges, sharing one send pace."""

    def __init__(self, units: UowFactory, sender: Sender, clock: Clock, *,
                 grace: timedelta, offset: timedelta = DEFAULT_OFFSET, batch: int | None = None,
                 claim_timeout: timedelta = timedelta(minutes=5),
                 pacer: Pacer | None = None, nudger: Nudger | None = None,
                 min_attempts: int = 3, server_clock: bool = False) -> None:
        self.units = units  # opens each of the pass's transactions
        self.offset = offset  # how long before the run's end a reminder goes out
        self.sender = sender
        self.clock = clock
        self.grace = grace
        self.pacer = pacer or Pacer()
        self.batch = batch
        self.claim_timeout = claim_timeout
        self.nudger = nudger
        self.min_attempts = min_attempts
        self.server_clock = server_clock

    def limits(self) -> Limits:
        return Limits(grace=self.grace, backoff=backoff, offset=self.offset,
                      batch=self.batch or BATCH,
                      claim_timeout=self.claim_timeout, min_attempts=self.min_attempts,
                      server_clock=self.server_clock,
                      nudge_hour=None if self.nudger is None else self.nudger.hour,
                      per_round_trip=(self.sender.per_round_trip
                                 if isinstance(self.sender, RoundTrips) else None))

    async def tick(self) -> TickReport:
        """Deliver everything due now, then the nudges due now."""
        max_wait = self.claim_timeout.total_seconds() * CLAIM_SHARE
        report = await deliver_due(self.units, self.clock,
                                   PacedSender(self.sender, self.pacer, max_wait),
                                   self.limits())
        if self.nudger is not None:
            await self.nudger.tick(self.clock.now(), report)
        return report


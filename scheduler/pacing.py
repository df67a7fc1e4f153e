"""Pacing as the scheduler sees Telegram: 429 waits and backoff.

Every send already draws on the one send budget (bot/budget.py) as its lowest priority, so
the Pacer only waits out a 429 that outlasted the budget's own retries — unless the wait is
longer than `max_wait` (a fraction of the claim timeout): then the 429 goes back to the
use case, which puts the row back in the queue until Telegram's `retry_after` instead of
holding its claim that long. The faults a send can end in live in services/ports.py.
"""

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from coach.views import SessionInfo
from services.outcomes import outcome
from services.ports import Throttled

Sleep = Callable[[float], Awaitable[None]]

BACKOFF_BASE = timedelta(seconds=10)
BACKOFF_CAP = timedelta(minutes=5)
CLAIM_SHARE = 0.25  # a 429 waited out while holding a claim: at most this much of its timeout


def backoff(attempt: int, base: timedelta = BACKOFF_BASE,
            cap: timedelta = BACKOFF_CAP) -> timedelta:
    """The wait after the `attempt`-th failure (1-based): 10 s, 20 s, 40 s … at most 5 min."""
    if attempt < 1:
        raise ValueError("attempts count from 1")
    factor: int = 2 ** min(attempt - 1, 20)
    return min(cap, base * factor)


class Pacer:
    """Sends; a short 429 is waited out and tried again, a few times."""

    def __init__(self, *, sleep: Sleep = asyncio.sleep, throttle_waits: int = 3) -> None:
        self.sleep = sleep
        self.throttle_waits = throttle_waits

    async def send(self, send: Callable[[], Awaitable[int]], session: SessionInfo, *,
                   max_wait: float | None = None) -> int:
        """Run `send`; re-raise `Throttled` after the last wait, or at once when its wait is
        longer than `max_wait` seconds."""
        for wait in range(1, self.throttle_waits + 2):
            try:
                return await send()
            except Throttled as exc:
                if wait > self.throttle_waits or (
                        max_wait is not None and exc.retry_after > max_wait):
                    raise
                outcome("retried", session, attempt=wait, reason="rate_limited",
                        retry_in=f"{exc.retry_after:g}s")
                await self.sleep(exc.retry_after)
        raise AssertionError("unreachable")

"""Pacing as the scheduler sees Telegram: 429 waits, backoff, and an optional token bucket.

In the bot, every send already draws on the one send budget (bot/budget.py) as its lowest
priority, so the composition root gives the Pacer no bucket: it waits out a 429 that
outlasted the budget's own retries. The bucket paces a sender that has no budget behind it.
The faults a send can end in live in the sender port (services/ports.py).
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from services.outcomes import outcome
from services.ports import Throttled
from storage.records import SessionInfo

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

BACKOFF_BASE = timedelta(seconds=10)
BACKOFF_CAP = timedelta(minutes=5)


def backoff(attempt: int, base: timedelta = BACKOFF_BASE,
            cap: timedelta = BACKOFF_CAP) -> timedelta:
    """The wait after the `attempt`-th failure (1-based): 10 s, 20 s, 40 s … at most 5 min."""
    if attempt < 1:
        raise ValueError("attempts count from 1")
    factor: int = 2 ** min(attempt - 1, 20)
    return min(cap, base * factor)


class TokenBucket:
    """On average at most `rate` acquisitions per second, at most `burst` back to back."""

    def __init__(self, rate: float, burst: float = 1.0, *,
                 monotonic: Monotonic = time.monotonic, sleep: Sleep = asyncio.sleep) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self._monotonic = monotonic
        self._sleep = sleep
        self._tokens = burst
        self._stamp = monotonic()
        self._lock = asyncio.Lock()

    async def acquire(self) -> None:
        """Take one token, sleeping until one has accumulated."""
        async with self._lock:
            self._refill()
            if self._tokens < 1:
                await self._sleep((1 - self._tokens) / self.rate)
                self._refill()
            self._tokens = max(self._tokens, 1.0) - 1

    def _refill(self) -> None:
        now = self._monotonic()
        self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now


class Pacer:
    """Sends through the token bucket; a 429 is waited out and tried again, a few times."""

    def __init__(self, bucket: TokenBucket | None = None, *, sleep: Sleep = asyncio.sleep,
                 throttle_waits: int = 3) -> None:
        self.bucket = bucket
        self.sleep = sleep
        self.throttle_waits = throttle_waits

    async def send(self, send: Callable[[], Awaitable[int]], session: SessionInfo) -> int:
        """Run `send` when the bucket allows; re-raise `Throttled` after the last wait."""
        for wait in range(1, self.throttle_waits + 2):
            if self.bucket is not None:
                await self.bucket.acquire()
            try:
                return await send()
            except Throttled as exc:
                if wait > self.throttle_waits:
                    raise
                outcome("retried", session, attempt=wait, reason="rate_limited",
                        retry_in=f"{exc.retry_after:g}s")
                await self.sleep(exc.retry_after)
        raise AssertionError("unreachable")

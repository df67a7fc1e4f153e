"""Telegram's contract as the scheduler sees it: pacing, 429 waits, backoff, and the faults.

The bot layer translates Telegram's errors into the exceptions below, so the scheduler never
imports `telegram`:

- `RecipientGone`: 403 (blocked, deactivated) or "chat not found"; the user becomes inactive.
- `Throttled`: 429 flood control; Telegram says how long to wait. It is global to the bot, so
  the sending pass waits it out (a few times) instead of hammering on.
- `Transient`: 5xx answers, network errors, time-outs; the row is retried later with capped
  exponential backoff (`backoff`), other users' reminders go on meanwhile. Its reason
  "outcome_unknown" means the request was written but the answer was lost (read time-out,
  connection dropped): Telegram may have delivered it, so the retry may be a duplicate.
"""

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

from scheduler.report import outcome
from storage.records import SessionInfo

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

BACKOFF_BASE = timedelta(seconds=10)
BACKOFF_CAP = timedelta(minutes=5)


class RecipientGone(Exception):
    """The chat can no longer be reached (the user blocked the bot or deleted the chat)."""


class Throttled(Exception):
    """Telegram answered 429: nothing may be sent for `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"flood control: retry after {retry_after:g} s")
        self.retry_after = retry_after


class Transient(Exception):
    """A fault worth retrying later; `reason` is its class.

    server_error, network, timeout (not sent), or outcome_unknown (perhaps delivered).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def reason_of(exc: Exception) -> str:
    """The reason class of a failed send, for logs: rate_limited, server_error, … or error."""
    if isinstance(exc, Throttled):
        return "rate_limited"
    return exc.reason if isinstance(exc, Transient) else "error"


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

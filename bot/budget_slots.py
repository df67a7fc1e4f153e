"""The send budget's building blocks: GCRA spacing and the cross-chat slots of one process.

`Slots` is what the budget takes its cross-chat slots from: `LocalSlots` here, or the Redis
schedule shared by every instance of a bot token (bot/budget_redis.py).
"""

import math
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

Monotonic = Callable[[], float]


class Spacing:
    """At most one event per `interval` on average, `burst` back to back (a GCRA)."""

    def __init__(self, interval: float, burst: float = 1) -> None:
        self.interval = interval
        self.tolerance = (burst - 1) * interval
        self.due = -math.inf  # the theoretical arrival time of the next event

    def wait(self, now: float) -> float:
        """Seconds until the next event is allowed (0 when it is allowed now)."""
        return max(0.0, self.due - self.tolerance - now)

    def take(self, now: float) -> None:
        self.due = max(self.due, now) + self.interval


class Slots(Protocol):
    """The cross-chat slots: local to this process, or shared through Redis."""

    async def take(self) -> float:
        """Take a slot and return 0, or return the seconds until one is free."""

    async def share_pause(self, seconds: float, chat: int | str | None) -> None:
        """Tell other instances of the bot token about a 429: `chat`'s, or (None) all."""

    async def paused(self, chat: int | str) -> float:
        """Seconds left of a 429 pause another instance shared for `chat` (0: none)."""

    async def close(self) -> None:
        """Release what the slots hold (a Redis connection)."""


class LocalSlots:
    """`rate` a second, spaced evenly, never more than `rate` in any one-second window.

    A slot may be handed out up to half a slot early, so a pump woken late by a busy event
    loop keeps the rate instead of losing the lateness of every slot; two slots are still
    at least half a slot apart, and the window still holds each second to `rate`.
    """

    def __init__(self, rate: float, monotonic: Monotonic = time.monotonic,
                 early: float = 0.5) -> None:
        self.spacing = Spacing(1 / rate, 1 + early)
        self.limit = max(1, math.floor(rate))
        self.recent: deque[float] = deque(maxlen=self.limit)
        self.monotonic = monotonic

    async def take(self) -> float:
        now = self.monotonic()
        wait = self.spacing.wait(now)
        if len(self.recent) == self.limit:
            wait = max(wait, self.recent[0] + 1.0 - now)
        if wait > 0:
            return wait
        self.spacing.take(now)
        self.recent.append(now)
        return 0.0

    async def share_pause(self, seconds: float, chat: int | str | None) -> None:
        return None  # one process: the budget's own pauses are all there is

    async def paused(self, chat: int | str) -> float:
        return 0.0

    async def close(self) -> None:
        return None

"""The send budget's building blocks: GCRA spacing, the cross-chat slots of one process, and
the arrivals Telegram counts.

`Slots` is what the budget takes its cross-chat slots from: `LocalSlots` here, or the Redis
schedule shared by every instance of a bot token (bot/budget_redis.py). `Arrivals` keeps
what Telegram counts — sends per second as they *arrive* — under its limit.
"""

import bisect
import itertools
import math
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

Monotonic = Callable[[], float]
CATCH_UP = 0.25  # seconds of slots a pause may bank and hand out back to back afterwards
MARGIN = 0.01  # seconds added to Telegram's one-second window, for what the bound assumes
TRIPS = 64  # round trips remembered: their shortest bounds arrivals, a high one sizes windows


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
    """`rate` a second on average, spaced evenly; after a pause (a busy event loop, a batch
    drained, a quiet spell) up to `catch_up` seconds' worth go back to back.

    How many Telegram counts in any one second is not the slots' business: the budget's
    Arrivals hold that, by when the sends arrive rather than when they start.
    """

    def __init__(self, rate: float, monotonic: Monotonic = time.monotonic,
                 catch_up: float = CATCH_UP) -> None:
        self.spacing = Spacing(1 / rate, max(1.5, 1 + rate * catch_up))
        self.monotonic = monotonic

    async def take(self) -> float:
        now = self.monotonic()
        wait = self.spacing.wait(now)
        if wait > 0:
            return wait
        self.spacing.take(now)
        return 0.0

    async def share_pause(self, seconds: float, chat: int | str | None) -> None:
        return None  # one process: the budget's own pauses are all there is

    async def paused(self, chat: int | str) -> float:
        return 0.0

    async def close(self) -> None:
        return None


class Arrivals:
    """No more than `limit` sends arrive at Telegram in any one second, whatever the round trip.

    Telegram counts a message when it arrives; the budget only knows when a send started
    (its slot) and when its answer came back. A send may arrive anywhere in between, so
    sends started evenly can still arrive bunched (one delayed on its way, the next not).
    The bound used: a send started now arrives at least `a` later, and an answer comes back
    at least `b` after its send arrived, where a + b is at least the shortest round trip
    seen lately less MARGIN. So an earlier send can share a one-second window with the new
    one only while it is in flight or was answered less than `1 + MARGIN - shortest` ago;
    the new one starts only when fewer than `limit` of those are left. With round trips
    steady this costs nothing (the answered window shrinks as the in-flight part grows);
    a send held up on its way is counted longer, which is exactly the bunching to avoid.
    """

    def __init__(self, limit: int, margin: float = MARGIN) -> None:
        self.limit = max(1, limit)
        self.margin = margin
        self.started: dict[int, float] = {}  # sends in flight: token -> start
        self.answers: deque[float] = deque()  # answer times of recent sends, in order
        self.trips: deque[float] = deque(maxlen=TRIPS)
        self._tokens = itertools.count()

    def wait(self, now: float) -> float:
        """Seconds until one more send may start (math.inf: until an answer comes back)."""
        edge = now - 1.0 - self.margin  # answered before this: in no window with a new send
        while self.answers and self.answers[0] <= edge:
            self.answers.popleft()
        horizon = edge + (min(self.trips) if self.trips else 0.0)
        first = bisect.bisect_right(self.answers, horizon)
        over = len(self.started) + len(self.answers) - first - (self.limit - 1)
        if over <= 0:
            return 0.0
        if first + over <= len(self.answers):  # that many answers drop out of the window
            return self.answers[first + over - 1] - horizon
        return math.inf

    def start(self, now: float) -> int:
        token = next(self._tokens)
        self.started[token] = now
        return token

    def answered(self, token: int, now: float, *, trip: bool = True) -> None:
        """The send's answer came back (or it failed): `trip`, a round trip to learn from."""
        start = self.started.pop(token, None)
        if start is None:
            return
        if trip:
            self.trips.append(now - start)
        if self.answers and now < self.answers[-1]:  # a clock never runs back; keep order
            now = self.answers[-1]
        self.answers.append(now)

    def trip(self) -> float:
        """A high round trip of late (the 9th decile; 0 before any): what sizes windows."""
        if not self.trips:
            return 0.0
        ordered = sorted(self.trips)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.9))]

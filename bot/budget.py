"""One send budget for the whole bot: replies first, reminders take what is left.

Telegram allows about 30 messages a second across chats and about one a second in a chat
(short bursts tolerated); past that it answers 429 with `retry_after`. Every message the bot
posts or changes — replies to runners and scheduled reminders alike — draws one slot from a
single SendBudget:

- across chats, slots are spaced `1 / rate` apart (29 by default, just under 30); after a
  pause a quarter second's worth may go back to back, so a busy moment is made up;
- Telegram counts sends as they arrive, and no more than 30 may arrive in any one second:
  a send starts only when its arrival cannot make a 31st, judged from the sends still in
  flight and when the others' answers came back (Arrivals, bot/budget_slots.py), so sends
  started evenly but bunched on their way (a round trip of 250 ms, a busy event loop) are
  not turned away;
- a waiting reply always gets the next free slot before any waiting reminder; reminders
  (Priority.BULK) take what replies leave, at most `bulk_rate` a second;
- in one chat, reminders (new messages, not edits) are spaced `chat_interval` apart after a
  burst of `chat_burst`. Replies are not: a conversation is paced by the person in it, and
  holding each answer back a second would be felt (PTB's AIORateLimiter does not pace
  private chats either); should one still meet a 429, the pause below applies;
- a 429 pauses its own chat for its `retry_after` (a burst into one chat is that chat's
  business: replies to other runners keep flowing); only when 429s come from several chats
  within a few seconds — the bot as a whole is over Telegram's limit — does the whole
  budget pause. A 429 outside any chat pauses the whole budget too.

BudgetRateLimiter (bot/budget_limiter.py) plugs the budget into PTB
(`ApplicationBuilder.rate_limiter`); `rate_limit_args=Priority.BULK` marks a reminder
(bot/sender.py). With SEND_BUDGET_REDIS_URL the cross-chat spacing is shared by every
instance of the bot token (bot/budget_redis.py); each instance holds its own arrivals.
"""

import asyncio
import contextlib
import itertools
import math
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Callable, Coroutine, Mapping
from datetime import timedelta
from enum import IntEnum
from typing import Any

from telegram.error import RetryAfter

from bot.budget_slots import Arrivals, LocalSlots, Monotonic, Slots, Spacing

Sleep = Callable[[float], Coroutine[Any, Any, None]]
Result = bool | dict[str, Any] | list[dict[str, Any]]

TELEGRAM_PER_SECOND = 30.0
DEFAULT_RATE = 29.0
CHAT_INTERVAL = 1.05  # Telegram: about one a second in a chat; a little margin for jitter
CHAT_BURST = 3
MIN_NAP = 0.001  # seconds: no clock is finer than this where it matters
ANSWER_WAIT = 0.05  # seconds: the longest nap while sends in flight fill Telegram's second
SCAN = 64  # waiters looked at per lane when the first ones' chats are busy
SEVERAL_CHATS = 2  # 429s from this many chats …
THROTTLE_WINDOW = 3.0  # … within this many seconds pause the whole budget
COUNTED = ("send", "edit", "copy", "forward")  # methods that post or change a message
NOT_COUNTED = frozenset({"sendChatAction"})


class Priority(IntEnum):
    """Who waits for whom: a runner's reply goes before any reminder."""

    REPLY = 0
    BULK = 1


def counted(endpoint: str, data: Mapping[str, object]) -> bool:
    """Whether a Bot API call posts or changes a message in a chat (and so draws a slot)."""
    return (data.get("chat_id") is not None and endpoint.startswith(COUNTED)
            and endpoint not in NOT_COUNTED)


def retry_seconds(exc: RetryAfter) -> float:
    """RetryAfter.retry_after is an int, or a timedelta with PTB_TIMEDELTA=1."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class Waiter:
    """A send waiting for its slot; `paced`: a new message, spaced in its chat if BULK.
    The future's result is the send's token in the budget's Arrivals."""

    def __init__(self, chat: int | str | None, future: asyncio.Future[int],
                 paced: bool = True) -> None:
        self.chat = chat
        self.future = future
        self.paced = paced


class SendBudget:
    """Hands out send slots one at a time, replies first, within Telegram's limits."""

    def __init__(self, rate: float = DEFAULT_RATE, *, bulk_rate: float | None = None,
                 chat_interval: float = CHAT_INTERVAL, chat_burst: int = CHAT_BURST,
                 slots: Slots | None = None, monotonic: Monotonic = time.monotonic,
                 sleep: Sleep = asyncio.sleep) -> None:
        self.rate = rate
        self.slots = slots or LocalSlots(rate, monotonic)
        self.bulk = Spacing(1 / bulk_rate) if bulk_rate and bulk_rate < rate else None
        self.chat_interval = chat_interval
        self.chat_burst = chat_burst
        self.arrivals = Arrivals(max(int(TELEGRAM_PER_SECOND), math.ceil(rate)))
        self.granted: Counter[Priority] = Counter()
        self.throttled = 0
        self._monotonic = monotonic
        self._sleep = sleep
        self._queues: dict[Priority, deque[Waiter]] = {p: deque() for p in Priority}
        self._chats: dict[int | str, Spacing] = {}
        self._chat_paused: dict[int | str, float] = {}  # chat -> monotonic end of its 429
        self._recent_429: deque[tuple[float, int | str]] = deque()
        self._paused_until = -math.inf
        self._wakeup = asyncio.Event()
        self._pump: asyncio.Task[None] | None = None

    async def acquire(self, chat: int | str | None = None,
                      priority: Priority = Priority.REPLY, *, paced: bool = True) -> None:
        """Wait for a slot to send one message to `chat` (`paced`: a new message, not an
        edit, so a reminder counts against the chat's own pace), arriving at once."""
        token = await self._slot(chat, priority, paced)
        self.arrivals.answered(token, self._monotonic(), trip=False)

    @contextlib.asynccontextmanager
    async def sending(self, chat: int | str | None = None,
                      priority: Priority = Priority.REPLY, *,
                      paced: bool = True) -> AsyncIterator[None]:
        """Hold a slot while one message to `chat` is sent: in flight until the block ends
        (its answer came back, or it failed)."""
        token = await self._slot(chat, priority, paced)
        try:
            yield
        finally:
            self.arrivals.answered(token, self._monotonic())
            self._wakeup.set()  # an answer may let the next send start

    async def _slot(self, chat: int | str | None, priority: Priority, paced: bool) -> int:
        waiter = Waiter(chat, asyncio.get_running_loop().create_future(), paced)
        self._queues[priority].append(waiter)
        self._wakeup.set()
        if self._pump is None or self._pump.done():
            self._pump = asyncio.create_task(self._run(), name="send-budget")
        try:
            return await waiter.future
        except asyncio.CancelledError:  # cancelled as its slot came: the slot goes unused
            if waiter.future.done() and not waiter.future.cancelled():
                self.arrivals.answered(waiter.future.result(), self._monotonic(), trip=False)
            raise

    def per_round_trip(self) -> float:
        """Sends a round trip keeps in flight at this rate (a high round trip of late)."""
        return self.rate * self.arrivals.trip()

    def pause(self, seconds: float, chat: int | str | None = None) -> bool:
        """Telegram said 429 to a call into `chat`: nothing goes to that chat for `seconds`;
        nothing at all when it had no chat or 429s came from several chats lately (then
        True: the whole budget paused)."""
        self.throttled += 1
        now = self._monotonic()
        if chat is not None:
            self.hold(chat, seconds)
            self._recent_429.append((now, chat))
            while self._recent_429 and self._recent_429[0][0] < now - THROTTLE_WINDOW:
                self._recent_429.popleft()
            if len({c for _, c in self._recent_429}) < SEVERAL_CHATS:
                return False
        self._paused_until = max(self._paused_until, now + seconds)
        return True

    def hold(self, chat: int | str, seconds: float) -> None:
        """Send nothing to `chat` for `seconds` (its 429, here or in another instance)."""
        now = self._monotonic()
        if len(self._chat_paused) > 4096:  # forget pauses that have run out
            self._chat_paused = {c: t for c, t in self._chat_paused.items() if t > now}
        self._chat_paused[chat] = max(self._chat_paused.get(chat, -math.inf), now + seconds)

    def paused(self, chat: int | str) -> float:
        """Seconds until `chat` may be sent to again after its own 429 (0: now)."""
        until = self._chat_paused.get(chat)
        if until is None:
            return 0.0
        left = until - self._monotonic()
        if left <= 0:
            del self._chat_paused[chat]
        return max(0.0, left)

    def waiting(self) -> int:
        return sum(len(queue) for queue in self._queues.values())

    async def close(self) -> None:
        if self._pump is not None:
            self._pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump
        await self.slots.close()

    async def _run(self) -> None:
        while self.waiting():
            wait = await self._grant_next()
            if wait > 0:
                await self._nap(max(wait, MIN_NAP))

    async def _grant_next(self) -> float:
        """Give the best ready waiter a slot, or say how long until one could have it."""
        now = self._monotonic()
        if self._paused_until > now:
            return self._paused_until - now
        best, wait = self._best(now)
        if best is None:
            return wait
        if (wait := self.arrivals.wait(now)) > 0:
            return min(wait, ANSWER_WAIT)  # an answer coming back wakes the pump too
        wait = await self.slots.take()
        if wait > 0:
            return wait
        now = self._monotonic()
        best, _ = self._best(now)  # the slot goes to whoever is first now
        if best is not None:
            self._grant(*best, now)
        return 0.0

    def _best(self, now: float) -> tuple[tuple[Priority, Waiter] | None, float]:
        """The first waiter, replies first, whose chat (and lane) may send now."""
        soonest = math.inf
        for priority, queue in self._queues.items():
            while queue and queue[0].future.done():  # cancelled while waiting
                queue.popleft()
            bulk = priority is Priority.BULK
            lane_wait = self.bulk.wait(now) if self.bulk and bulk else 0.0
            for waiter in itertools.islice(queue, SCAN):
                spaced = self._chat_wait(waiter.chat, now) if bulk and waiter.paced else 0.0
                held = self.paused(waiter.chat) if waiter.chat is not None else 0.0
                wait = max(lane_wait, spaced, held)
                if wait <= 0 and not waiter.future.done():
                    return (priority, waiter), 0.0
                soonest = min(soonest, wait or math.inf)
        return None, soonest if soonest < math.inf else 0.05

    def _grant(self, priority: Priority, waiter: Waiter, now: float) -> None:
        self._queues[priority].remove(waiter)
        if priority is Priority.BULK and self.bulk is not None:
            self.bulk.take(now)
        if waiter.chat is not None and priority is Priority.BULK and waiter.paced:
            self._chat(waiter.chat).take(now)
        self.granted[priority] += 1
        waiter.future.set_result(self.arrivals.start(now))

    def _chat_wait(self, chat: int | str | None, now: float) -> float:
        spacing = None if chat is None else self._chats.get(chat)
        return 0.0 if spacing is None else spacing.wait(now)

    def _chat(self, chat: int | str) -> Spacing:
        if len(self._chats) > 4096:  # forget chats whose spacing has run out
            now = self._monotonic()
            self._chats = {c: s for c, s in self._chats.items() if s.due > now}
        return self._chats.setdefault(chat, Spacing(self.chat_interval, self.chat_burst))

    async def _nap(self, seconds: float) -> None:
        """Sleep `seconds`, or less when a new waiter arrives (it may be ready at once)."""
        self._wakeup.clear()
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        waker = asyncio.ensure_future(self._wakeup.wait())
        try:
            await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            sleeper.cancel()
            waker.cancel()

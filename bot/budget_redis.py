"""The send budget's slots shared through Redis, and the rate limiter built from settings.

When several instances run with one bot token, Telegram's ~30/s is theirs together. With
SEND_BUDGET_REDIS_URL set, each instance still orders its own waiters (replies first), but
takes its cross-chat slots from one schedule kept in Redis: a single key holding the time
the next slot is free, advanced by a Lua script on Redis' own clock, so instances with
skewed clocks still space their sends. A 429 is shared too: a chat's pause is a key
expiring with its `retry_after` that every instance reads before sending to that chat, and
a pause of the whole budget is a key the slot script honours. Per-chat spacing stays local
(a chat's messages mostly come from one instance). Without the `redis` package or the
setting, slots are local. If Redis cannot be reached, the instance falls back to its local
slots and says so once.
"""

import logging
from typing import Any

from bot.budget import SendBudget
from bot.budget_limiter import BudgetRateLimiter
from bot.budget_slots import LocalSlots, Slots
from bot.config import Settings

log = logging.getLogger(__name__)
KEY = "coachbot:send-budget:{bot_id}"
# Returns 0 and books the slot, or the microseconds until the next slot is free (or until a
# shared pause of the whole budget, KEYS[2], ends).
TAKE_SLOT = """
local held = redis.call('PTTL', KEYS[2])
if held > 0 then return held * 1000 end
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local free_at = tonumber(redis.call('GET', KEYS[1]) or '0')
if free_at > now then return free_at - now end
redis.call('SET', KEYS[1], string.format('%.0f', now + tonumber(ARGV[1])), 'PX', 60000)
return 0
"""


class RedisSlots:
    """`rate` slots a second across every instance sharing `key`."""

    def __init__(self, url: str, key: str, rate: float) -> None:
        from redis.asyncio import Redis  # optional: pip install coachbot[redis]

        self.client: Any = Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        self.script = self.client.register_script(TAKE_SLOT)
        self.key = key
        self.interval_us = round(1_000_000 / rate)
        self.local = LocalSlots(rate)
        self.failed = False

    def _pause_key(self, chat: int | str | None) -> str:
        return f"{self.key}:pause" if chat is None else f"{self.key}:pause:{chat}"

    async def take(self) -> float:
        if self.failed:
            return await self.local.take()
        try:
            wait_us = int(await self.script(keys=[self.key, self._pause_key(None)],
                                            args=[self.interval_us]))
        except Exception as exc:  # redis.RedisError, OSError: keep sending, locally paced
            self._fail(exc)
            return await self.local.take()
        return wait_us / 1_000_000

    async def share_pause(self, seconds: float, chat: int | str | None) -> None:
        if self.failed or seconds <= 0:
            return
        try:  # the key lives as long as the latest 429's retry_after
            await self.client.set(self._pause_key(chat), 1, px=max(1, round(seconds * 1000)))
        except Exception as exc:
            self._fail(exc)

    async def paused(self, chat: int | str) -> float:
        if self.failed:
            return 0.0
        try:
            left_ms = int(await self.client.pttl(self._pause_key(chat)))
        except Exception as exc:
            self._fail(exc)
            return 0.0
        return max(0, left_ms) / 1000

    def _fail(self, exc: Exception) -> None:
        log.warning("send budget: Redis unreachable (%s); pacing this instance alone",
                    type(exc).__name__)
        self.failed = True

    async def close(self) -> None:
        await self.client.aclose()


def build_budget(settings: Settings) -> SendBudget:
    """The one budget of this process, shared through Redis when SEND_BUDGET_REDIS_URL says."""
    rate = settings.send_rate_per_second
    slots: Slots | None = None
    if settings.send_budget_redis_url is not None:
        assert settings.bot_token is not None
        bot_id = settings.bot_token.get_secret_value().split(":", 1)[0]
        slots = RedisSlots(settings.send_budget_redis_url.get_secret_value(),
                           KEY.format(bot_id=bot_id), rate)
    return SendBudget(rate, bulk_rate=settings.reminders_per_second, slots=slots)


def build_rate_limiter(settings: Settings) -> BudgetRateLimiter:
    """PTB's rate limiter for the bot: every reply and reminder draws on one budget."""
    return BudgetRateLimiter(build_budget(settings), max_retries=3)

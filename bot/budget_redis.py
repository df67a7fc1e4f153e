"""The send budget's slots shared through Redis, and the rate limiter built from settings.

When several instances run with one bot token, Telegram's ~30/s is theirs together. With
SEND_BUDGET_REDIS_URL set, each instance still orders its own waiters (replies first), but
takes its cross-chat slots from one schedule kept in Redis: a single key holding the time
the next slot is free, advanced by a Lua script on Redis' own clock, so instances with
skewed clocks still space their sends. Per-chat spacing stays local (a chat's messages
mostly come from one instance). Without the `redis` package or the setting, slots are local.
If Redis cannot be reached, the instance falls back to its local slots and says so once.
"""

import logging
from typing import Any

from bot.budget import BudgetRateLimiter, SendBudget
from bot.budget_slots import LocalSlots, Slots
from bot.config import Settings

log = logging.getLogger(__name__)
KEY = "coachbot:send-budget:{bot_id}"
# Returns 0 and books the slot, or the microseconds until the next slot is free.
TAKE_SLOT = """
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

    async def take(self) -> float:
        if self.failed:
            return await self.local.take()
        try:
            wait_us = int(await self.script(keys=[self.key], args=[self.interval_us]))
        except Exception as exc:  # redis.RedisError, OSError: keep sending, locally paced
            log.warning("send budget: Redis unreachable (%s); pacing this instance alone",
                        type(exc).__name__)
            self.failed = True
            return await self.local.take()
        return wait_us / 1_000_000

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

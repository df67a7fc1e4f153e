"""Per-user flood buckets shared through Redis, so N instances don't give a flooder N× the burst.

With SEND_BUDGET_REDIS_URL set, each user's token bucket (bot.guards.FloodLimit: `burst` at
once, refilled at `rate` a second, one warning past it) is one Redis hash updated by a Lua
script on Redis' own clock: every instance of one bot token draws on the same tokens. A
missing key is a full bucket; a key expires once it would be full again. If Redis cannot be
reached, the instance falls back to its own buckets and says so once.
"""

import logging
import math
from datetime import datetime
from typing import Any

from bot.config import Settings
from bot.guards import FloodGate, FloodLimit, Verdict
from coach.clock import Clock

log = logging.getLogger(__name__)
KEY = "coachbot:flood:{bot_id}"
# Returns 0 (allow), 1 (warn) or 2 (drop), and keeps the bucket: tokens, last time, warned.
TAKE_TOKEN = """
local b = redis.call('HMGET', KEYS[1], 't', 'at', 'w')
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local burst, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
local tokens = tonumber(b[1]) or burst
local at = tonumber(b[2]) or now
local warned = b[3] == '1'
tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
local verdict = 0
if tokens >= 1 then tokens = tokens - 1; warned = false
elseif warned then verdict = 2
else warned = true; verdict = 1 end
redis.call('HSET', KEYS[1], 't', string.format('%.6f', tokens),
           'at', string.format('%.6f', now), 'w', warned and '1' or '0')
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return verdict
"""
VERDICTS = (Verdict.ALLOW, Verdict.WARN, Verdict.DROP)


class SharedFloodLimit:
    """The flood buckets of every instance sharing `key` (a FloodLimit's rules, in Redis)."""

    def __init__(self, url: str, key: str, local: FloodLimit) -> None:
        from redis.asyncio import Redis  # optional: pip install coachbot[redis]

        self.client: Any = Redis.from_url(url, socket_timeout=2.0, socket_connect_timeout=2.0)
        self.script = self.client.register_script(TAKE_TOKEN)
        self.key, self.local, self.failed = key, local, False
        refill = local.burst / local.rate if local.rate > 0 else 86_400.0
        self.keep_ms = math.ceil(refill * 1000) + 1000  # past this the bucket is full again

    async def check(self, user_id: int, now: datetime) -> Verdict:
        """Take a token from the user's shared bucket (the local one if Redis is gone)."""
        if self.failed:
            return self.local.check(user_id, now)
        try:
            answer = int(await self.script(keys=[f"{self.key}:{user_id}"],
                                           args=[self.local.burst, self.local.rate,
                                                 self.keep_ms]))
        except Exception as exc:  # redis.RedisError, OSError: keep guarding, alone
            log.warning("flood limit: Redis unreachable (%s); this instance counts alone",
                        type(exc).__name__)
            self.failed = True
            return self.local.check(user_id, now)
        return VERDICTS[answer]

    async def close(self) -> None:
        await self.client.aclose()


def shared_flood(url: str | None, bot_token: str, local: FloodLimit) -> SharedFloodLimit | None:
    """The shared buckets when a Redis URL is set (and the client installed), else None."""
    if url is None:
        return None
    try:
        return SharedFloodLimit(url, KEY.format(bot_id=bot_token.split(":", 1)[0]), local)
    except ImportError:
        log.warning("flood limit: SEND_BUDGET_REDIS_URL is set but the redis package is "
                    "missing; each instance counts alone")
        return None


def build_gate(settings: Settings, clock: Clock) -> FloodGate:
    """The flood gate of this process: its buckets shared through Redis when the send
    budget is (SEND_BUDGET_REDIS_URL), else its own."""
    limit = FloodLimit(settings.flood_burst, settings.flood_rate_per_second)
    url, token = settings.send_budget_redis_url, settings.bot_token
    shared = None if url is None or token is None else shared_flood(
        url.get_secret_value(), token.get_secret_value(), limit)
    return FloodGate(limit, clock, shared)

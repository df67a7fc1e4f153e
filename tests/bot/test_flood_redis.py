"""Flood buckets shared through Redis: instances of one bot draw on one bucket per user
(skipped where Redis or its client is missing)."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.flood_redis import SharedFloodLimit, build_gate
from bot.guards import FloodLimit, Verdict
from coach.clock import FakeClock
from tests.bot.test_budget_redis import REDIS_URL, redis_reachable

pytestmark = pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
async def key() -> AsyncIterator[str]:
    name = f"coachbot:test-flood:{uuid.uuid4().hex}"
    yield name
    limit = SharedFloodLimit(REDIS_URL, name, FloodLimit(1, 1.0))
    await limit.client.delete(*[f"{name}:{user}" for user in (7, 8)])
    await limit.close()


async def test_three_instances_share_one_burst_per_user_not_three(key: str) -> None:
    instances = [SharedFloodLimit(REDIS_URL, key, FloodLimit(4, 0.001)) for _ in range(3)]
    try:
        verdicts = [await instances[n % 3].check(7, NOW) for n in range(8)]
        assert verdicts == [Verdict.ALLOW] * 4 + [Verdict.WARN] + [Verdict.DROP] * 3
        assert await instances[1].check(8, NOW) is Verdict.ALLOW, "another user's own bucket"
        ttl = await instances[0].client.pttl(f"{key}:7")
        assert 0 < ttl <= instances[0].keep_ms
    finally:
        for limit in instances:
            await limit.close()


async def test_without_redis_an_instance_counts_alone() -> None:
    limit = SharedFloodLimit("redis://127.0.0.1:1/0", "coachbot:test-flood:none",
                             FloodLimit(2, 0.001))
    try:
        verdicts = [await limit.check(7, NOW) for _ in range(4)]
    finally:
        await limit.close()
    assert verdicts == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN, Verdict.DROP]
    assert limit.failed


async def test_the_gate_uses_the_shared_buckets_when_the_send_budget_is_shared() -> None:
    settings = Settings(bot_token=SecretStr("123:abc"), _env_file=None,  # type: ignore[call-arg]
                        send_budget_redis_url=SecretStr(REDIS_URL))
    gate = build_gate(settings, FakeClock(NOW))
    assert isinstance(gate.shared, SharedFloodLimit)
    assert gate.shared.key == "coachbot:flood:123"
    await gate.shared.close()
    alone = build_gate(Settings(bot_token=SecretStr("123:abc"),  # type: ignore[call-arg]
                                _env_file=None), FakeClock(NOW))
    assert alone.shared is None

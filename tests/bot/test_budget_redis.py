"""The send budget shared through Redis (skipped where Redis or its client is missing)."""

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from pydantic import SecretStr

from bot.budget import Priority, SendBudget
from bot.budget_limiter import BudgetRateLimiter
from bot.budget_redis import RedisSlots, build_budget
from bot.config import Settings
from coach.clock import FakeClock
from fakes.scheduler import FakeTime

REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_reachable() -> bool:
    try:
        import redis  # noqa: F401
    except ImportError:
        return False
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(not redis_reachable(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
async def key() -> AsyncIterator[str]:
    name = f"coachbot:test-budget:{uuid.uuid4().hex}"
    yield name
    slots = RedisSlots(REDIS_URL, name, 1)
    await slots.client.delete(name)
    await slots.close()


async def test_two_instances_share_one_schedule_of_slots(key: str) -> None:
    first, second = RedisSlots(REDIS_URL, key, 2), RedisSlots(REDIS_URL, key, 2)
    try:
        assert await first.take() == 0
        wait = await second.take()  # the other instance's slot was just taken
        assert 0 < wait <= 0.5
    finally:
        await first.close()
        await second.close()


async def test_budgets_of_two_instances_hand_out_every_slot_from_the_shared_schedule(
    key: str,
) -> None:
    budgets = [SendBudget(50, slots=RedisSlots(REDIS_URL, key, 50)) for _ in range(2)]
    try:
        await asyncio.gather(*(budgets[i % 2].acquire(i, Priority.BULK) for i in range(20)))
    finally:
        for budget in budgets:
            await budget.close()
    assert [budget.granted[Priority.BULK] for budget in budgets] == [10, 10]


async def test_an_unreachable_redis_falls_back_to_local_slots() -> None:
    slots = RedisSlots("redis://127.0.0.1:1/0", "coachbot:nowhere", 10)
    try:
        assert await slots.take() == 0
        assert slots.failed
    finally:
        await slots.close()


def test_the_setting_turns_on_the_shared_budget() -> None:
    settings = Settings(bot_token=SecretStr("123:abc"),
                        send_budget_redis_url=SecretStr(REDIS_URL),
                        _env_file=None)  # type: ignore[call-arg]
    budget = build_budget(settings)
    assert isinstance(budget.slots, RedisSlots)
    assert budget.slots.key == "coachbot:send-budget:123"


async def test_a_429_in_one_instance_holds_that_chat_in_the_other_only(key: str) -> None:
    fake_time = FakeTime(FakeClock(datetime(2026, 11, 24, 18, 0, tzinfo=UTC)))
    first = RedisSlots(REDIS_URL, key, 1000)
    second = SendBudget(1000, slots=RedisSlots(REDIS_URL, key, 1000),
                        monotonic=fake_time.monotonic, sleep=fake_time.sleep)
    limiter = BudgetRateLimiter(second)
    sent: dict[int, float] = {}

    async def call(chat: int) -> bool:
        sent[chat] = fake_time.now
        return True

    try:
        await first.share_pause(30, 7)  # instance one met a 429 in chat 7: retry after 30 s
        for chat in (8, 7):
            await limiter.process_request(lambda c=chat: call(c), (), {}, "sendMessage",
                                          {"chat_id": chat}, None)
    finally:
        await first.client.delete(first._pause_key(7))
        await first.close()
        await second.close()
    assert sent[8] == 0  # another chat: at once
    assert sent[7] >= 20  # the throttled chat: after the shared pause (Redis' clock ran)


async def test_a_pause_of_the_whole_budget_is_shared_by_the_slot_schedule(key: str) -> None:
    first, second = RedisSlots(REDIS_URL, key, 1000), RedisSlots(REDIS_URL, key, 1000)
    try:
        await first.share_pause(30, None)
        assert 20 < await second.take() <= 30
    finally:
        await first.client.delete(first._pause_key(None))
        await first.close()
        await second.close()

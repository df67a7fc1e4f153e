"""The one send budget, on a fake clock: replies first, Telegram's limits never crossed."""

import asyncio
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pydantic import SecretStr
from telegram.error import RetryAfter

from bot.budget import Priority, SendBudget, counted
from bot.budget_limiter import BudgetRateLimiter
from bot.config import Settings
from coach.clock import FakeClock
from fakes.scheduler import FakeTime

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime(FakeClock(NOW))


def budget_on(fake_time: FakeTime, rate: float = 29.0, **options: Any) -> SendBudget:
    return SendBudget(rate, monotonic=fake_time.monotonic, sleep=fake_time.sleep, **options)


async def grants(budget: SendBudget, fake_time: FakeTime,
                 wanted: Sequence[tuple[str, int | None, Priority]],
                 ) -> list[tuple[str, float]]:
    """Ask for all slots at once; (name, time granted) in the order they were granted."""
    order: list[tuple[str, float]] = []

    async def one(name: str, chat: int | None, priority: Priority) -> None:
        await budget.acquire(chat, priority)
        order.append((name, fake_time.now))

    await asyncio.gather(*(one(*want) for want in wanted))
    return order


async def test_a_waiting_reply_goes_before_every_waiting_reminder(fake_time: FakeTime) -> None:
    budget = budget_on(fake_time, rate=2)
    wanted = [(f"r{i}", 100 + i, Priority.BULK) for i in range(5)]
    order = await grants(budget, fake_time, [*wanted, ("reply", 1, Priority.REPLY)])
    assert [name for name, _ in order] == ["reply", "r0", "r1", "r2", "r3", "r4"]


async def test_no_second_holds_more_than_30_sends_across_chats_and_29_a_second_go(
    fake_time: FakeTime,
) -> None:
    budget = budget_on(fake_time)
    order = await grants(budget, fake_time, [(str(i), i, Priority.BULK) for i in range(120)])
    times = [at for _, at in order]
    assert all(later - earlier > 1.0 for earlier, later in zip(times, times[30:],
                                                               strict=False))
    # 29 a second after the first quarter second's worth (8) went at once: no slower
    assert times[-1] == pytest.approx((119 - 7) / 29, abs=0.02)


async def test_reminders_to_one_chat_get_a_short_burst_then_about_one_a_second(
    fake_time: FakeTime,
) -> None:
    budget = budget_on(fake_time, rate=1000, chat_interval=1.05, chat_burst=3)
    order = await grants(budget, fake_time, [(str(i), 7, Priority.BULK) for i in range(5)])
    times = [round(at, 3) for _, at in order]
    assert times[:3] == pytest.approx([0, 0.001, 0.002], abs=0.002)
    assert times[3] == pytest.approx(1.05, abs=0.01)
    assert times[4] == pytest.approx(2.10, abs=0.01)


async def test_replies_in_a_lively_conversation_are_not_held_back(fake_time: FakeTime) -> None:
    budget = budget_on(fake_time, rate=1000, chat_burst=1)
    order = await grants(budget, fake_time, [(str(i), 7, Priority.REPLY) for i in range(4)])
    assert order[-1][1] < 0.01


async def test_a_busy_chat_does_not_hold_up_reminders_to_other_chats(
    fake_time: FakeTime,
) -> None:
    budget = budget_on(fake_time, rate=1000, chat_burst=1)
    wanted = [("a1", 1, Priority.BULK), ("a2", 1, Priority.BULK), ("b", 2, Priority.BULK)]
    order = await grants(budget, fake_time, wanted)
    assert [name for name, _ in order] == ["a1", "b", "a2"]


async def test_a_429_pauses_every_send_for_its_retry_after(fake_time: FakeTime) -> None:
    budget = budget_on(fake_time, rate=1000)
    await budget.acquire(1)
    budget.pause(3)
    order = await grants(budget, fake_time, [("next", 2, Priority.REPLY)])
    assert order[0][1] >= 3.0
    assert budget.throttled == 1


async def test_reminders_stay_under_their_own_rate_while_replies_do_not(
    fake_time: FakeTime,
) -> None:
    budget = budget_on(fake_time, rate=100, bulk_rate=10)
    wanted = [(f"b{i}", 100 + i, Priority.BULK) for i in range(11)]
    wanted += [(f"r{i}", i, Priority.REPLY) for i in range(11)]
    order = dict(await grants(budget, fake_time, wanted))
    assert order["r10"] <= 0.12  # replies at the whole rate (100/s, a burst first)
    assert order["b10"] >= 1.0


def test_only_calls_that_post_or_change_a_message_in_a_chat_are_counted() -> None:
    assert counted("sendMessage", {"chat_id": 1})
    assert counted("editMessageText", {"chat_id": 1})
    assert not counted("sendChatAction", {"chat_id": 1})
    assert not counted("answerCallbackQuery", {"callback_query_id": "1"})
    assert not counted("getMe", {})


class Calls:
    """A Bot API call that answers 429 `throttles` times, then succeeds."""

    def __init__(self, throttles: int) -> None:
        self.throttles = throttles
        self.made = 0

    async def __call__(self) -> bool:
        self.made += 1
        if self.made <= self.throttles:
            raise RetryAfter(2)
        return True


async def test_a_reply_that_meets_a_429_waits_and_is_sent_again(fake_time: FakeTime) -> None:
    limiter = BudgetRateLimiter(budget_on(fake_time, rate=1000), max_retries=3)
    call = Calls(throttles=1)
    assert await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 5}, None)
    assert call.made == 2
    assert fake_time.now >= 2.0


async def test_a_429_outlasting_the_retries_goes_back_to_the_caller(
    fake_time: FakeTime,
) -> None:
    limiter = BudgetRateLimiter(budget_on(fake_time, rate=1000), max_retries=2)
    call = Calls(throttles=3)
    with pytest.raises(RetryAfter):
        await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 5},
                                      Priority.BULK)
    assert (call.made, limiter.budget.throttled) == (3, 3)


async def test_calls_outside_any_chat_are_not_held_back(fake_time: FakeTime) -> None:
    budget = budget_on(fake_time, rate=1000)
    budget.pause(60)
    limiter = BudgetRateLimiter(budget)
    assert await limiter.process_request(Calls(0), (), {}, "answerCallbackQuery", {}, None)
    assert fake_time.now == 0


def test_the_shared_budgets_redis_url_is_never_logged() -> None:
    url = "redis://:hunter22-secret@cache:6379/0"
    settings = Settings(send_budget_redis_url=SecretStr(url),
                        _env_file=None)  # type: ignore[call-arg]
    assert url in settings.secrets()


async def test_a_429_in_one_chat_pauses_that_chat_only(fake_time: FakeTime) -> None:
    budget = budget_on(fake_time, rate=1000)
    budget.pause(3, chat=1)
    order = dict(await grants(budget, fake_time, [("flooder", 1, Priority.REPLY),
                                                  ("other", 2, Priority.REPLY),
                                                  ("reminder", 3, Priority.BULK)]))
    assert order["other"] < 0.01
    assert order["reminder"] < 0.01
    assert order["flooder"] >= 3.0


async def test_429s_from_several_chats_at_once_pause_the_whole_budget(
    fake_time: FakeTime,
) -> None:
    budget = budget_on(fake_time, rate=1000)
    budget.pause(2, chat=1)
    budget.pause(2, chat=2)
    order = await grants(budget, fake_time, [("third", 3, Priority.REPLY)])
    assert order[0][1] >= 2.0


async def test_429s_from_two_chats_far_apart_pause_only_their_chats(
    fake_time: FakeTime,
) -> None:
    budget = budget_on(fake_time, rate=1000)
    budget.pause(1, chat=1)
    fake_time.clock.advance(timedelta(seconds=10))
    budget.pause(1, chat=2)
    order = await grants(budget, fake_time, [("third", 3, Priority.REPLY)])
    assert order[0][1] == pytest.approx(10.0, abs=0.01)


class ChatCalls:
    """Bot API calls into one chat: the flooder's chat answers 429 (retry after 3 s) twice."""

    def __init__(self, fake_time: FakeTime) -> None:
        self.fake_time = fake_time
        self.throttles = 2
        self.answered: dict[int, float] = {}

    def call(self, chat: int) -> Callable[[], Coroutine[Any, Any, bool]]:
        async def send() -> bool:
            if chat == FLOODER and self.throttles:
                self.throttles -= 1
                raise RetryAfter(3)
            self.answered[chat] = self.fake_time.now
            return True

        return send


FLOODER, RUNNER = 9001, 9002


async def test_a_flooders_429s_do_not_hold_up_another_runners_reply(
    fake_time: FakeTime,
) -> None:
    limiter = BudgetRateLimiter(budget_on(fake_time), max_retries=3)
    calls = ChatCalls(fake_time)

    async def send(chat: int, after: float) -> None:
        await fake_time.sleep(after)
        await limiter.process_request(calls.call(chat), (), {}, "sendMessage",
                                      {"chat_id": chat}, None)

    await asyncio.gather(send(FLOODER, 0), send(RUNNER, 0.5))
    assert calls.answered[RUNNER] < 1.0  # the runner's /help: not behind the flooder's 6 s
    assert calls.answered[FLOODER] >= 6.0


async def test_a_send_is_in_flight_until_its_answer_and_teaches_the_round_trip(
    fake_time: FakeTime,
) -> None:
    budget = budget_on(fake_time, rate=1000)
    limiter = BudgetRateLimiter(budget, max_retries=1)
    seen: list[int] = []

    async def call() -> bool:
        seen.append(len(budget.arrivals.started))
        await fake_time.sleep(0.25)  # the round trip
        return True

    assert await limiter.process_request(call, (), {}, "sendMessage", {"chat_id": 5}, None)
    with pytest.raises(RetryAfter):
        await limiter.process_request(Calls(throttles=2), (), {}, "sendMessage",
                                      {"chat_id": 6}, None)
    assert seen == [1]
    assert not budget.arrivals.started  # answered, refused or failed: no longer in flight
    assert budget.arrivals.trip() == pytest.approx(0.25)
    assert budget.per_round_trip() == pytest.approx(250)  # 1000 a second × 0.25 s

"""The fake Bot API's flood limits: off by default; when on, real 429s with retry_after."""

from collections.abc import AsyncIterator

import httpx
import pytest

from fakes.rate_limits import RateLimits
from fakes.telegram_api import FakeTelegram, running_fake


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with running_fake() as fake:
        yield fake


async def send(fake: FakeTelegram, client: httpx.AsyncClient, chat_id: int,
               method: str = "sendMessage") -> httpx.Response:
    params = {"chat_id": chat_id, "text": "hi"}
    if method == "sendChatAction":
        params = {"chat_id": chat_id, "action": "typing"}
    return await client.post(f"{fake.url}/bot{fake.token}/{method}", data=params)


def known_chats(fake: FakeTelegram, count: int) -> None:
    for chat in range(1, count + 1):
        fake._chats[chat] = {"id": chat, "type": "private", "first_name": "R"}


async def test_without_limits_a_hundred_messages_at_once_all_go_through(
    fake: FakeTelegram,
) -> None:
    known_chats(fake, 1)
    async with httpx.AsyncClient() as client:
        answers = [await send(fake, client, 1) for _ in range(100)]
    assert {answer.status_code for answer in answers} == {200}


def test_the_31st_message_within_a_second_across_chats_is_refused() -> None:
    limits = RateLimits()
    assert all(limits.check(chat, 10.0 + chat / 100) is None for chat in range(30))
    assert limits.check(99, 10.5) == 1
    assert limits.check(99, 11.0) is None  # the first one has left the window
    assert (len(limits.accepted), limits.refused) == (31, 1)


def test_a_chat_gets_a_short_burst_then_one_message_a_second() -> None:
    limits = RateLimits(chat_burst=3)
    assert [limits.check(7, 0.0) for _ in range(3)] == [None, None, None]
    assert limits.check(7, 0.5) == 1
    assert limits.check(7, 1.0) is None
    assert limits.check(7, 1.5) == 1
    assert limits.check(8, 1.5) is None  # other chats are not held up


async def test_over_the_limit_telegram_answers_429_with_retry_after(fake: FakeTelegram) -> None:
    known_chats(fake, 12)
    limits = fake.limit_rates(RateLimits(per_second=5))
    async with httpx.AsyncClient() as client:
        answers = [await send(fake, client, chat) for chat in range(1, 13)]
    refused = [answer for answer in answers if answer.status_code == 429]
    assert refused
    body = refused[0].json()
    assert body["parameters"]["retry_after"] >= 1
    assert body["description"].startswith("Too Many Requests: retry after")
    assert limits.refused == len(refused)


async def test_chat_actions_are_not_counted(fake: FakeTelegram) -> None:
    known_chats(fake, 1)
    fake.limit_rates(RateLimits(per_second=1, chat_burst=1))
    async with httpx.AsyncClient() as client:
        answers = [await send(fake, client, 1, "sendChatAction") for _ in range(5)]
    assert {answer.status_code for answer in answers} == {200}

"""One flooding runner can't stall the others: checked on arrival, queued in their own line."""

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from coach.clock import FakeClock
from fakes.telegram_api import ApiError, FakeTelegram, FakeUser
from tests.bot.conftest import START, Harness

FLOOD = 300
BURST = 20  # FLOOD_BURST's default; the injected clock stands still, so nothing refills
SLOW = 0.25  # seconds the fake takes to answer each sendMessage to the flooder's chat
WITHIN = 1.0  # the runner's answer comes before the flooder's 4th (4 x SLOW = 1 s)
FLOODER = FakeUser(id=9001, first_name="Flo")
RUNNER = FakeUser(id=9002, first_name="Ana")


class SlowChatTelegram(FakeTelegram):
    """The fake Bot API, slow to answer sends to some chats, or answering them 429."""

    def __init__(self) -> None:
        super().__init__()
        self.slow_chats: set[int] = set()
        self.throttled_chats: set[int] = set()  # sends answered 429, retry after 3 s

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat = int(params.get("chat_id", 0))
        if chat in self.throttled_chats:
            raise ApiError(429, "Too Many Requests: retry after 3", 3)
        if chat in self.slow_chats:
            await asyncio.sleep(SLOW)
        return await super()._send_message(params)


@pytest.fixture
async def slow(sqlite_url: str) -> AsyncIterator[Harness]:
    fake = SlowChatTelegram()
    fake.slow_chats.add(FLOODER.id)
    await fake.start()
    h = Harness(fake, FakeClock(START), sqlite_url)
    try:
        await h.start()
        yield h
    finally:
        await h.stop()
        await fake.stop()


def texts_to(h: Harness, user: FakeUser) -> list[str]:
    return [m.text for m in h.fake.messages_to(user.id)]


async def test_a_runners_help_is_answered_at_once_while_another_floods_a_slow_chat(
    slow: Harness,
) -> None:
    for _ in range(FLOOD):
        slow.fake.send_text(FLOODER, "/help")
    asked = time.monotonic()
    await slow.says(RUNNER, "/help")
    answer = await slow.reply(RUNNER, "/plan", within=10.0)
    answered = next(c.time for c in slow.fake.calls_to("sendMessage")
                    if int(c.params["chat_id"]) == RUNNER.id)
    flooder_answers_before = len(texts_to(slow, FLOODER))
    await slow.settled()
    print(f"\nflood: /help answered {answered - asked:.3f} s after it was sent, while "
          f"{flooder_answers_before} of the flooder's answers had gone out")
    assert answer.text
    assert flooder_answers_before < WITHIN / SLOW, "the runner waited behind the flood"
    assert answered - asked < 3 * WITHIN  # generous: a loaded machine is slower


async def test_the_bucket_admits_the_burst_and_warns_once(slow: Harness) -> None:
    assert isinstance(slow.fake, SlowChatTelegram)
    slow.fake.slow_chats.clear()
    for _ in range(FLOOD):
        slow.fake.send_text(FLOODER, "/help")
    await slow.fake.wait_idle()
    await slow.settled()
    texts = texts_to(slow, FLOODER)
    warnings = [t for t in texts if t.startswith("Easy there")]
    assert len(warnings) == 1
    assert len(texts) - len(warnings) == BURST


async def test_a_flooders_429s_pause_their_chat_only_and_another_runner_is_answered(
    slow: Harness,
) -> None:
    assert isinstance(slow.fake, SlowChatTelegram)
    slow.fake.slow_chats.clear()
    slow.fake.throttled_chats.add(FLOODER.id)
    for _ in range(5):
        slow.fake.send_text(FLOODER, "/help")
    await slow.fake.wait_for_call(
        "sendMessage", lambda c: int(c.params["chat_id"]) == FLOODER.id and c.status == 429)
    asked = time.monotonic()
    await slow.says(RUNNER, "/help")
    await slow.reply(RUNNER, within=10.0)
    answered = next(c.time for c in slow.fake.calls_to("sendMessage")
                    if int(c.params["chat_id"]) == RUNNER.id and c.status == 200)
    print(f"\n429 in the flooder's chat: another runner's /help answered "
          f"{answered - asked:.3f} s after it was sent")
    assert answered - asked < WITHIN  # not behind the flooder's 3 s pause
    slow.fake.throttled_chats.clear()
    await slow.settled()

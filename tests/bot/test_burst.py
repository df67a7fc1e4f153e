"""A burst of reminders leaves room for the runner who is chatting with the bot right now."""

import asyncio
from datetime import UTC, datetime

from bench.delivery import seed
from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness

DUE = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # bench.delivery seeds reminders due then
BURST = 100


def reminders_sent(h: Harness) -> int:
    return sum(1 for c in h.fake.calls_to("sendMessage")
               if int(c.params["chat_id"]) <= BURST)


async def test_a_reply_during_a_burst_of_reminders_is_not_queued_behind_it(
    harness: Harness, runner: FakeUser,
) -> None:
    await seed(harness.database_url, BURST, BURST)
    harness.clock.set(DUE)
    burst = asyncio.create_task(harness.tick())
    await harness.fake.wait_until(lambda: reminders_sent(harness) >= 10)
    await harness.says(runner, "/help")
    await harness.reply(runner, "/plan", within=2.0)
    during = reminders_sent(harness)
    report = await burst
    assert report.sent == BURST
    assert during < BURST // 2, f"the reply waited for {during} reminders"
    times = sorted(c.time for c in harness.fake.calls_to("sendMessage")
                   if int(c.params["chat_id"]) <= BURST)
    busiest = max(sum(1 for t in times if start <= t < start + 1.0) for start in times)
    # The budget hands out 29 slots a second; arrival times at the fake carry the loop's and
    # the network's jitter, so what is checked is Telegram's own limit: 30 in any second.
    assert busiest <= 30, f"{busiest} reminders within one second"

"""Crash safety: the real bot process is SIGKILLed in the middle of a reminder burst.

`python -m bot.main run` runs against the fake Bot API in this process; the database is
seeded with runners whose reminder is due now. The bot is killed twice while sending (each
time while sendMessage requests are in flight), started again, and must end up having sent
every reminder: none lost; per crash, at most the in-flight window repeated
(services.delivery.WINDOW: sent, or sent and not yet committed) and at most one message per
chat. Reminders claimed by the dead process wait for CLAIM_TIMEOUT_SECONDS before they go
out again.
"""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings
from fakes.telegram_api import FakeTelegram
from services.delivery import WINDOW
from tests.scheduler.crash_helpers import (
    BotProcess,
    child_env,
    claimed_users,
    delivery_of,
    seed_due,
    tally,
)

RUNNERS = 300
KILL_AT_SENDS = (60, 180)  # cumulative sendMessage requests at which the bot is SIGKILLed
CLAIM_TIMEOUT_SECONDS = 3.0
SEND_DELAY = 0.02  # the fake answers sendMessage this late: every kill lands mid-request
DELIVERY_TIMEOUT = 90.0


@dataclass
class Crash:
    """One SIGKILL: when, after how many sends, and whose claimed reminders it orphaned."""

    at: float
    sends: int
    orphaned: set[int]


def send_times(fake: FakeTelegram) -> dict[int, list[float]]:
    """Arrival times of the successful sendMessage requests, per chat."""
    out: dict[int, list[float]] = {}
    for call in fake.calls:
        if call.method.lower() == "sendmessage" and call.status == 200:
            out.setdefault(int(call.params["chat_id"]), []).append(call.time)
    return out


def sends_reached(fake: FakeTelegram, count: int) -> Callable[[], int | None]:
    def check() -> int | None:
        seen = sum(1 for c in fake.calls if c.method.lower() == "sendmessage")
        return seen if seen >= count else None

    return check


async def settled(db_url: str, session_ids: list[int]) -> None:
    """Poll the child's database until every seeded reminder is marked sent."""
    deadline = time.monotonic() + DELIVERY_TIMEOUT
    while tally(await delivery_of(db_url, session_ids)) != {"sent": len(session_ids)}:
        assert time.monotonic() < deadline, "reminders still not marked sent"
        await asyncio.sleep(0.1)  # observing another process: nothing to wait on but time


def everyone_reached(fake: FakeTelegram, users: range) -> Callable[[], bool]:
    return lambda: all(fake.messages_to(user) for user in users)


async def test_sigkill_mid_burst_loses_no_reminder_and_repeats_at_most_the_window_per_crash(
    db_url: str, tmp_path: Path,
) -> None:
    if "claim_timeout_seconds" not in Settings.model_fields:
        pytest.skip("needs the CLAIM_TIMEOUT_SECONDS setting wired into the Deliverer "
                    "(bot/config.py claim_timeout_seconds, bot/app.py claim_timeout=...)")
    runners = range(1, RUNNERS + 1)
    due = datetime.now(UTC) - timedelta(minutes=1)
    session_ids = await seed_due(db_url, [due] * RUNNERS)
    fake = FakeTelegram()
    await fake.start()
    fake.delay = SEND_DELAY
    bot = BotProcess(child_env(
        BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.url, DATABASE_URL=db_url,
        SCHEDULER_INTERVAL_SECONDS="0.2", CLAIM_TIMEOUT_SECONDS=str(CLAIM_TIMEOUT_SECONDS),
        GRACE_MINUTES="1440", PTB_TIMEDELTA="1", LOG_LEVEL="INFO"), tmp_path)
    crashes: list[Crash] = []
    try:
        started = time.monotonic()
        await bot.start()
        for sends in KILL_AT_SENDS:
            await bot.while_running(fake.wait_until(sends_reached(fake, sends),
                                                    timeout=DELIVERY_TIMEOUT))
            killed_at = time.monotonic()
            await bot.kill()
            crashes.append(Crash(killed_at, sends, await claimed_users(db_url)))
            await bot.start()
        await bot.while_running(fake.wait_until(everyone_reached(fake, runners),
                                                timeout=DELIVERY_TIMEOUT))
        finished = time.monotonic()
        # Messages in flight at the last kill may have reached their users while their rows
        # are still claimed: they are re-sent once the claim timeout has passed.
        await bot.while_running(settled(db_url, session_ids))
        exit_code = await bot.stop()
    finally:
        await bot.close()
        await fake.stop()

    received = {user: len(fake.messages_to(user)) for user in runners}
    lost = [user for user, count in received.items() if count == 0]
    duplicates = sum(count - 1 for count in received.values() if count > 1)
    states = tally(await delivery_of(db_url, session_ids))
    times = send_times(fake)
    waits = [max(times[user][-1] for user in crash.orphaned) - crash.at
             for crash in crashes if crash.orphaned]
    print(f"\ncrash test ({db_url.split(':')[0]}): {RUNNERS} reminders, {len(crashes)} "
          f"SIGKILLs, orphaned claims per crash {[len(c.orphaned) for c in crashes]}, "
          f"{duplicates} duplicates, {len(lost)} lost; all delivered "
          f"{finished - started:.1f} s after the first start; orphaned reminders went out "
          f"up to {[round(w, 1) for w in waits]} s after their crash "
          f"(claim timeout {CLAIM_TIMEOUT_SECONDS:.0f} s)")

    assert not lost, f"reminders lost for users {lost[:20]}\n{bot.log_tail()}"
    assert duplicates <= WINDOW * len(crashes), (
        f"{duplicates} duplicate reminders after {len(crashes)} crashes: "
        f"{ {u: c for u, c in received.items() if c > 1} }")
    assert max(received.values()) <= 1 + len(crashes), "a chat got two repeats in one crash"
    assert states == {"sent": RUNNERS}, f"seeded rows ended as {dict(states)}"
    assert crashes[0].orphaned, "the first kill should have left claimed, unsent reminders"
    assert exit_code == 0, bot.log_tail()

"""Stop signals: the first starts a graceful stop, a repeat never cuts it short."""

import asyncio
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.stopping import stop_once
from fakes.telegram_api import FakeTelegram
from storage.migrate import upgrade
from tests.scheduler.crash_helpers import BotProcess, child_env, delivery_of, seed_due, tally

RUNNERS = 40


def test_the_first_signal_stops_repeats_are_ignored_and_a_second_ctrl_c_forces() -> None:
    handler = stop_once()
    with pytest.raises(SystemExit) as stopped:
        handler(signal.SIGTERM)
    assert stopped.value.code == 0
    assert handler(signal.SIGTERM) is None
    assert handler(signal.SIGABRT) is None
    with pytest.raises(KeyboardInterrupt):
        handler(signal.SIGINT)


def test_ctrl_c_first_is_a_graceful_stop_too() -> None:
    with pytest.raises(SystemExit):
        stop_once()(signal.SIGINT)


async def test_a_second_sigterm_during_a_burst_lets_the_burst_finish_and_exit_cleanly(
    sqlite_url: str, tmp_path: Path,
) -> None:
    await asyncio.to_thread(upgrade, sqlite_url)
    session_ids = await seed_due(sqlite_url, [datetime.now(UTC) - timedelta(minutes=1)] * RUNNERS)
    fake = FakeTelegram()
    await fake.start()
    fake.delay = 0.05  # every reminder takes a while: the burst outlasts both signals
    bot = BotProcess(child_env(
        BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.url, DATABASE_URL=sqlite_url,
        SCHEDULER_INTERVAL_SECONDS="0.2", GRACE_MINUTES="1440", PTB_TIMEDELTA="1",
        LOG_LEVEL="INFO"), tmp_path)
    try:
        await bot.start()
        await bot.while_running(fake.wait_until(
            lambda: len(fake.calls_to("sendMessage")) >= 3, timeout=60))
        assert bot.proc is not None
        bot.proc.send_signal(signal.SIGTERM)
        await bot.while_running(fake.wait_until(
            lambda: "Application is stopping" in bot.log_path.read_text(), timeout=30))
        sent_at_second_signal = len(fake.calls_to("sendMessage"))
        bot.proc.send_signal(signal.SIGTERM)  # e.g. make forwarding systemd's SIGTERM
        exit_code = await bot.stop(timeout=60)
    finally:
        await bot.close()
        await fake.stop()
    log = bot.log_path.read_text()
    assert exit_code == 0, bot.log_tail()
    assert sent_at_second_signal < RUNNERS, "the second signal came after the burst"
    assert tally(await delivery_of(sqlite_url, session_ids)) == {"sent": RUNNERS}
    assert sorted(int(c.params["chat_id"]) for c in fake.calls_to("sendMessage")) == list(
        range(1, RUNNERS + 1))
    assert "Application.stop() complete" in log
    assert "already stopping" in log

"""Database connections that die mid-stream lose no report and apply none twice (PostgreSQL).

`python -m bot.main run` answers 240 reports (60 runners, four each, in twelve waves) while
this test terminates one of the bot's connections (`pg_terminate_backend`) every 150 ms,
and once all of them, refusing new ones for two seconds (an outage). A handler that meets a dead
connection is retried; one that keeps failing is deferred ("I'll pick it up shortly") and
handled by a later pass; a commit whose answer was lost is found acted on, not redone. In
the end every report has exactly one entry, no report two "Saved:" answers, every report an
answer ("Saved:" or the note that it was saved), nobody a "Sorry", and the inbox is empty.
"""

import asyncio
import time
from collections import Counter
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy import func, select

from bot.handling import DEFERRED, INTERRUPTED
from bot.routes import SORRY
from fakes.telegram_api import FakeTelegram
from storage.db import create_engine
from storage.models import EntryRow, InboxRow
from tests.bot.test_ingest_crash import (
    REPORTS,
    RUNNERS,
    WAVE,
    Report,
    saved_answers,
    seed_open_sessions,
    send_wave,
)
from tests.conftest import PG_HOST, PG_PORT
from tests.scheduler.crash_helpers import BotProcess, child_env

pytestmark = pytest.mark.slow
KILL_EVERY = 0.15  # seconds between rounds of pg_terminate_backend
OUTAGE = 2.0  # seconds with connections refused, once, mid-stream
WAVE_EVERY = 1.5  # seconds between waves of reports
TIMEOUT = 180.0


class Chaos:
    """Terminates the bot's connections until stopped; one outage on the way."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.terminated = 0
        self.stopped = asyncio.Event()
        self.at_once = 1  # backends terminated a round (all of them for the outage)

    async def run(self, outage_after: int) -> None:
        admin = await asyncpg.connect(user="postgres", host=PG_HOST, port=PG_PORT,
                                      database="test")
        try:
            rounds = 0
            while not self.stopped.is_set():
                if rounds == outage_after:
                    await self.outage(admin)
                self.terminated += await self.terminate(admin)
                rounds += 1
                await asyncio.sleep(KILL_EVERY)
        finally:
            await admin.execute(f'ALTER DATABASE "{self.database}" WITH ALLOW_CONNECTIONS true')
            await admin.close()

    async def terminate(self, admin: asyncpg.Connection) -> int:
        killed = await admin.fetchval(
            "SELECT count(pg_terminate_backend(pid)) FROM (SELECT pid FROM pg_stat_activity "
            "WHERE datname = $1 AND pid <> pg_backend_pid() ORDER BY random() LIMIT $2) AS one",
            self.database, self.at_once)
        return int(killed or 0)

    async def outage(self, admin: asyncpg.Connection) -> None:
        await admin.execute(f'ALTER DATABASE "{self.database}" WITH ALLOW_CONNECTIONS false')
        self.at_once = 1000
        self.terminated += await self.terminate(admin)
        self.at_once = 1
        await asyncio.sleep(OUTAGE)
        await admin.execute(f'ALTER DATABASE "{self.database}" WITH ALLOW_CONNECTIONS true')


async def stored(url: str) -> tuple[Counter[tuple[int, int]], int]:
    """Entries per (user, source message id), and the inbox rows not handled yet."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(select(EntryRow.user_id, EntryRow.source_message_id))
            pending = await conn.scalar(select(func.count()).select_from(InboxRow)
                                        .where(InboxRow.handled_at.is_(None)))
            return Counter((int(u), int(m)) for u, m in rows if m is not None), int(pending or 0)
    finally:
        await engine.dispose()


async def settled(url: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while (await stored(url))[1]:
        assert time.monotonic() < deadline, "updates still unhandled"
        await asyncio.sleep(0.2)  # observing another process: nothing to wait on but time


async def test_terminated_connections_and_an_outage_lose_no_report_and_repeat_none(
    db_url: str, tmp_path: Path,
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("pg_terminate_backend and ALLOW_CONNECTIONS are PostgreSQL's")
    users = range(1, RUNNERS + 1)
    await seed_open_sessions(db_url, users)
    fake = FakeTelegram()
    await fake.start()
    bot = BotProcess(child_env(
        BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.url, DATABASE_URL=db_url,
        SCHEDULER_INTERVAL_SECONDS="86400", PTB_TIMEDELTA="1", LOG_LEVEL="INFO",
        INBOX_LEASE_SECONDS="3"), tmp_path)
    chaos = Chaos(db_url.rsplit("/", 1)[1])
    reports: list[Report] = []
    try:
        await bot.start()
        await bot.while_running(fake.wait_until(lambda: bool(fake.calls_to("getUpdates")),
                                                timeout=TIMEOUT))
        waves = RUNNERS * REPORTS // WAVE
        chaos_task = asyncio.create_task(chaos.run(outage_after=int(waves * WAVE_EVERY / 2
                                                                    / KILL_EVERY)))
        for wave in range(waves):
            reports += send_wave(fake, wave)
            await asyncio.sleep(WAVE_EVERY)  # a stream at its own pace, not awaiting answers
        chaos.stopped.set()
        await chaos_task
        await bot.while_running(settled(db_url))
        await bot.while_running(fake.wait_idle(timeout=TIMEOUT))
        exit_code = await bot.stop()
    finally:
        chaos.stopped.set()
        await bot.close()
        await fake.stop()

    entries, pending = await stored(db_url)
    answers = saved_answers(fake, reports)
    noted = {u for u in users if any(m.text == INTERRUPTED for m in fake.messages_to(u))}
    lost = [r for r in reports if not entries[(r.user, r.message_id)]]
    twice = [r for r in reports if entries[(r.user, r.message_id)] > 1 or answers[r] > 1]
    unanswered = [r for r in reports if not answers[r] and r.user not in noted]
    sorry = [u for u in users if any(m.text == SORRY for m in fake.messages_to(u))]
    deferred = sum(1 for u in users for m in fake.messages_to(u) if m.text == DEFERRED)
    print(f"\nconnection kills (postgresql): {len(reports)} reports, {chaos.terminated} "
          f"connections terminated, one {OUTAGE:.0f} s outage: {len(lost)} lost, "
          f"{len(twice)} twice, {len(unanswered)} unanswered, {len(sorry)} sorry, "
          f"{deferred} 'pick it up shortly', {len(noted)} restart notes")
    assert len(reports) == RUNNERS * REPORTS
    assert chaos.terminated > 0
    assert not lost, f"reports never stored: {lost[:10]}\n{bot.log_tail()}"
    assert not twice, f"reports applied or answered twice: {twice[:10]}"
    assert not unanswered, f"reports never answered: {unanswered[:10]}\n{bot.log_tail()}"
    assert not sorry, bot.log_tail()
    assert pending == 0
    assert exit_code == 0, bot.log_tail()

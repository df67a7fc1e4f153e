"""Several `coachbot run` processes on one database share the inbox: nothing twice, nothing lost.

Each runner has an open session and sends one report. Per runner, in the end: exactly one
stored entry for the report (none for a report a dead instance had already acted on, as
seeded), and exactly one answer: "Saved:", or the restart note when the report's change was
in and its answer was not. A restart note beside a "Saved:" is a false note; two "Saved:" a
report handled twice; no entry a report lost.

- started together: a crash left the inbox full (some rows acted on, none answered), then
  two or three instances start at once;
- staggered: instance A handles a stream slowly, B starts while A holds rows it has not
  handled yet, A is SIGKILLed mid-stream, C starts; B and C take over A's rows once its
  leases expire, and never the rows a live instance holds.
"""

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.handling import DEFERRED, INTERRUPTED
from fakes.telegram_api import FakeTelegram, FakeUser
from storage.db import create_engine, session_factory
from storage.inbox import Inbox, InboxRepo, Incoming, Lease
from storage.models import EntryRow, InboxRow
from tests.bot.test_ingest_crash import seed_open_sessions
from tests.scheduler.crash_helpers import BotProcess, child_env

pytestmark = pytest.mark.slow
RUNNERS = 40
LEASE_SECONDS = "10"  # long enough for a busy instance to renew; a dead one of this host is
# known gone (bot/owners.py), so its rows are taken over at once anyway
TIMEOUT = 120.0
REPORT = "goblet 3x8"


@dataclass
class Outcome:
    """What the test saw, per runner; the figures it prints and asserts."""

    entries: Counter[int]
    saved: Counter[int]
    notes: Counter[int]
    deferred: Counter[int]

    def twice(self) -> list[int]:  # applied or answered twice
        return [u for u in range(1, RUNNERS + 1) if self.entries[u] > 1 or self.saved[u] > 1]

    def false_notes(self) -> list[int]:
        return [u for u in range(1, RUNNERS + 1) if self.notes[u] and self.saved[u]]

    def unanswered(self) -> list[int]:
        return [u for u in range(1, RUNNERS + 1) if not self.notes[u] and not self.saved[u]]


async def entries_by_user(url: str) -> Counter[int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.scalars(select(EntryRow.user_id)
                                      .where(EntryRow.source_message_id.is_not(None)))
            return Counter(int(u) for u in rows)
    finally:
        await engine.dispose()


async def unhandled(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return int(await conn.scalar(select(func.count()).select_from(InboxRow)
                                         .where(InboxRow.handled_at.is_(None))) or 0)
    finally:
        await engine.dispose()


async def settled(url: str) -> None:
    """Poll the children's database until no stored update is left unhandled."""
    deadline = time.monotonic() + TIMEOUT
    while await unhandled(url):
        assert time.monotonic() < deadline, "updates still unhandled"
        await asyncio.sleep(0.2)  # observing other processes: nothing to wait on but time


async def outcome(url: str, fake: FakeTelegram) -> Outcome:
    saved, notes, deferred = Counter[int](), Counter[int](), Counter[int]()
    for user in range(1, RUNNERS + 1):
        for message in fake.messages_to(user):
            text = message.text or ""
            saved[user] += text.startswith("Saved:")
            notes[user] += text == INTERRUPTED
            deferred[user] += text == DEFERRED
    return Outcome(await entries_by_user(url), saved, notes, deferred)


def instances(fake: FakeTelegram, url: str, tmp_path: Path, count: int) -> list[BotProcess]:
    env = child_env(BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.url, DATABASE_URL=url,
                    SCHEDULER_INTERVAL_SECONDS="86400", PTB_TIMEDELTA="1", LOG_LEVEL="INFO",
                    INBOX_LEASE_SECONDS=LEASE_SECONDS)
    bots = []
    for n in range(count):
        workdir = tmp_path / f"instance{n}"
        workdir.mkdir()
        bots.append(BotProcess(env, workdir))
    return bots


def logs(bots: list[BotProcess]) -> str:
    return "\n".join(bot.log_tail(15) for bot in bots)


async def left_by_a_crash(url: str, fake: FakeTelegram, acted: set[int]) -> None:
    """Every runner's report stored by an instance that died: leased to it, never handled;
    the reports of `acted` runners had their change committed (the entry is not seeded:
    none may appear)."""
    updates: list[dict[str, Any]] = []
    for user in range(1, RUNNERS + 1):
        fake.send_text(FakeUser(id=user), REPORT)
        updates.append(fake.updates[-1])
    fake._pending.clear()  # Telegram was told: the dead instance confirmed them
    engine = create_engine(url)
    try:
        factory = session_factory(engine)
        await Inbox(factory).store(
            [Incoming(u["update_id"], u["message"]["from"]["id"], json.dumps(u))
             for u in updates], fake_now(), Lease("crashed", -1.0))
        async with factory() as session, session.begin():
            for u in updates:
                if u["message"]["from"]["id"] in acted:
                    await InboxRepo(session).mark_acted(u["update_id"], fake_now())
    finally:
        await engine.dispose()


def fake_now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def report(name: str, url: str, seen: Outcome, starts: int, kills: int) -> None:
    print(f"\n{name} ({url.split(':')[0]}): {RUNNERS} reports, {starts} starts, {kills} "
          f"SIGKILLs: {len(seen.twice())} applied or answered twice, "
          f"{len(seen.false_notes())} false restart notes, "
          f"{sum(1 for u in range(1, RUNNERS + 1) if not seen.entries[u])} without an entry, "
          f"{len(seen.unanswered())} unanswered, {sum(seen.notes.values())} restart notes")


@pytest.mark.parametrize("count", [2, 3])
async def test_instances_started_together_after_a_crash_handle_each_report_once(
    db_url: str, tmp_path: Path, count: int,
) -> None:
    users = range(1, RUNNERS + 1)
    acted = set(range(1, RUNNERS + 1, 4))
    await seed_open_sessions(db_url, users)
    fake = FakeTelegram()
    await fake.start()
    await left_by_a_crash(db_url, fake, acted)
    bots = instances(fake, db_url, tmp_path, count)
    try:
        await asyncio.gather(*(bot.start() for bot in bots))
        await bots[0].while_running(settled(db_url))
        codes = await asyncio.gather(*(bot.stop() for bot in bots))
    finally:
        await asyncio.gather(*(bot.close() for bot in bots))
        await fake.stop()
    seen = await outcome(db_url, fake)
    report(f"{count} instances started together", db_url, seen, count, 0)
    assert not seen.twice(), logs(bots)
    assert not seen.false_notes(), logs(bots)
    assert not seen.unanswered(), logs(bots)
    assert [u for u in users if seen.entries[u] != (0 if u in acted else 1)] == [], logs(bots)
    assert [u for u in users if seen.notes[u] != (u in acted)] == []
    assert codes == [0] * count, logs(bots)


async def test_staggered_instances_and_a_kill_mid_stream_lose_nothing_and_repeat_nothing(
    db_url: str, tmp_path: Path,
) -> None:
    first, second = range(1, RUNNERS // 2 + 1), range(RUNNERS // 2 + 1, RUNNERS + 1)
    await seed_open_sessions(db_url, range(1, RUNNERS + 1))
    fake = FakeTelegram()
    await fake.start()
    a, b, c = instances(fake, db_url, tmp_path, 3)
    try:
        await a.start()
        await a.while_running(fake.wait_until(lambda: len(fake.calls_to("getUpdates")) > 1,
                                              timeout=TIMEOUT))
        fake.delay = HELD  # A acts on the first wave, then its answers hang
        for user in first:
            fake.send_text(FakeUser(id=user), REPORT)
        await a.while_running(fake.wait_until(lambda: answers(fake) >= len(first),
                                              timeout=TIMEOUT))
        await b.start()  # B starts while A holds every row of the first wave
        await b.while_running(started_polling(fake, 2))
        notes_while_alive = sum(len(notes_to(fake, u)) for u in first)
        await a.kill()
        fake.delay = 0.05
        await c.start()
        for user in second:
            fake.send_text(FakeUser(id=user), REPORT)
        await b.while_running(settled(db_url))
        await c.while_running(fake.wait_idle(timeout=TIMEOUT))
        codes = [await b.stop(), await c.stop()]
    finally:
        for bot in (a, b, c):
            await bot.close()
        await fake.stop()
    seen = await outcome(db_url, fake)
    print(f"\nstaggered instances ({db_url.split(':')[0]}): {RUNNERS} reports, 3 starts, 1 "
          f"SIGKILL: {len(seen.twice())} applied or answered twice, "
          f"{sum(1 for u in range(1, RUNNERS + 1) if seen.entries[u] != 1)} lost, "
          f"{len(seen.unanswered())} unanswered; restart notes: {notes_while_alive} while A "
          f"was alive, {sum(seen.notes[u] for u in second)} in the second wave (false), "
          f"{sum(seen.notes[u] for u in first)} for A's reports after the kill (of which "
          f"{sum(1 for u in first if seen.notes[u] and seen.saved[u])} also got A's answer, "
          "sent as it was killed)")
    assert notes_while_alive == 0, logs([a, b, c])
    assert [u for u in range(1, RUNNERS + 1) if seen.entries[u] != 1] == [], logs([a, b, c])
    assert [u for u in range(1, RUNNERS + 1) if seen.saved[u] > 1 or seen.notes[u] > 1] == []
    assert not seen.unanswered(), logs([a, b, c])
    assert [u for u in second if seen.notes[u] or seen.saved[u] != 1] == [], logs([b, c])
    assert codes == [0, 0], logs([b, c])


HELD = 10.0  # seconds A's answers hang: longer than B takes to start and claim


async def started_polling(fake: FakeTelegram, instances: int) -> None:
    """Wait until `instances` processes have started polling (each deletes the webhook,
    claims expired rows, then polls), and one more poll has come after that."""
    await fake.wait_until(lambda: len(fake.calls_to("deleteWebhook")) >= instances,
                          timeout=TIMEOUT)
    polls = len(fake.calls_to("getUpdates"))
    await fake.wait_until(lambda: len(fake.calls_to("getUpdates")) > polls + 1, timeout=TIMEOUT)


def notes_to(fake: FakeTelegram, user: int) -> list[str]:
    return [m.text for m in fake.messages_to(user) if m.text == INTERRUPTED]


def answers(fake: FakeTelegram) -> int:
    """sendMessage calls made, answered or not yet."""
    return len(fake.calls_to("sendMessage"))

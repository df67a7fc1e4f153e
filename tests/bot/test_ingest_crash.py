"""Runners' reports survive SIGKILLs: every update is stored before Telegram learns it arrived.

`python -m bot.main run` polls the fake Bot API in this process. Sixty runners with an open
session send four reports each (240), in twelve waves of twenty; the bot is SIGKILLed while
it answers each wave (a sendMessage in flight) and started again. In the end every report
must be stored (an entry with the report's message id), no report handled twice (two
"Saved:" answers to one report), every report answered ("Saved:", or, when the kill came
after it was stored and before its answer went out, the note that it was saved), and the
inbox must hold nothing unhandled.
"""

import asyncio
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, insert, select

from bot.handling import INTERRUPTED
from coach.exercises import CATALOGUE
from coach.views import Delivery, Status
from fakes.telegram_api import FakeTelegram, FakeUser
from storage.db import create_engine
from storage.models import EntryRow, InboxRow, SessionRow, User
from tests.scheduler.crash_helpers import BotProcess, child_env

RUNNERS = 60
REPORTS = 4  # per runner: the first four exercises, so no session finishes
WAVE = 20
SEND_DELAY = 0.02  # the fake answers sendMessage this late: every kill lands mid-request
TIMEOUT = 120.0
EVERY_DAY = 0b111_1111


@dataclass(frozen=True)
class Report:
    user: int
    exercise: str
    message_id: int


async def seed_open_sessions(url: str, users: range) -> None:
    """Onboarded runners, each with an open off-schedule session and nothing due."""
    now = datetime.now(UTC)
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(insert(User), [dict(
                id=u, chat_id=u, tz="UTC", run_end_minutes=7 * 60, hard_days=EVERY_DAY,
                cross_days=0, session_days=EVERY_DAY, active=True, auto_progression=True,
                onboarded_at=now, created_at=now) for u in users])
            await conn.execute(insert(SessionRow), [dict(
                user_id=u, kind="adhoc", session_date=now.date(), due_at=now,
                delivery=Delivery.NONE.value, status=Status.OPEN.value) for u in users])
    finally:
        await engine.dispose()


async def stored(url: str) -> tuple[set[tuple[int, int]], int]:
    """(user, source message id) of every stored entry, and the unhandled inbox rows."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(select(EntryRow.user_id, EntryRow.source_message_id))
            pending = await conn.scalar(select(func.count()).select_from(InboxRow)
                                        .where(InboxRow.handled_at.is_(None)))
            return {(int(u), int(m)) for u, m in rows if m is not None}, int(pending or 0)
    finally:
        await engine.dispose()


async def settled(url: str) -> None:
    """Poll the child's database until no stored update is left unhandled."""
    deadline = time.monotonic() + TIMEOUT
    while (await stored(url))[1]:
        assert time.monotonic() < deadline, "updates still unhandled"
        await asyncio.sleep(0.1)  # observing another process: nothing to wait on but time


def send_wave(fake: FakeTelegram, wave: int) -> list[Report]:
    """Twenty runners each report the next exercise (runner r's k-th report: wave 3k+r//20)."""
    exercise = CATALOGUE[wave // (RUNNERS // WAVE)]
    first = (wave % (RUNNERS // WAVE)) * WAVE + 1
    reports = []
    for user in range(first, first + WAVE):
        message = fake.send_text(FakeUser(id=user), f"{exercise.aliases[0]} 3x8")
        reports.append(Report(user, exercise.id, int(message["message_id"])))
    return reports


def sends(fake: FakeTelegram) -> int:
    return sum(1 for c in fake.calls if c.method.lower() == "sendmessage")


def answering(fake: FakeTelegram, count: int) -> Callable[[], bool]:
    """True once the bot has sent `count` messages in all: it is answering a wave."""
    return lambda: sends(fake) >= count


def saved_answers(fake: FakeTelegram, reports: list[Report]) -> Counter[Report]:
    """"Saved:" answers per report (private chats don't quote: matched by exercise name)."""
    names = {exercise.id: exercise.name for exercise in CATALOGUE}
    answers: Counter[Report] = Counter()
    for report in reports:
        line = f"• {names[report.exercise]}:"
        answers[report] += sum(1 for message in fake.messages_to(report.user)
                               if message.text.startswith("Saved:") and line in message.text)
    return answers


async def test_sigkills_while_answering_lose_no_report_and_handle_none_twice(
    db_url: str, tmp_path: Path,
) -> None:
    users = range(1, RUNNERS + 1)
    await seed_open_sessions(db_url, users)
    fake = FakeTelegram()
    await fake.start()
    fake.delay = SEND_DELAY
    bot = BotProcess(child_env(
        BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.url, DATABASE_URL=db_url,
        SCHEDULER_INTERVAL_SECONDS="86400", PTB_TIMEDELTA="1", LOG_LEVEL="INFO",
        INBOX_LEASE_SECONDS="3"), tmp_path)  # a killed instance's rows: taken over after 3 s
    reports: list[Report] = []
    kills = 0
    try:
        started = time.monotonic()
        await bot.start()
        for wave in range(RUNNERS * REPORTS // WAVE):
            before = sends(fake)
            reports += send_wave(fake, wave)
            await bot.while_running(fake.wait_until(answering(fake, before + WAVE // 2),
                                                    timeout=TIMEOUT))
            await bot.kill()
            kills += 1
            await bot.start()
        await bot.while_running(settled(db_url))
        finished = time.monotonic()
        exit_code = await bot.stop()
    finally:
        await bot.close()
        await fake.stop()

    entries, pending = await stored(db_url)
    answers = saved_answers(fake, reports)
    lost = [r for r in reports if (r.user, r.message_id) not in entries]
    noted = {u for u in users if any(m.text == INTERRUPTED for m in fake.messages_to(u))}
    told = [r for r in reports if answers[r] == 0 and r.user in noted]
    unanswered = [r for r in reports if answers[r] == 0 and r.user not in noted]
    twice = {r: n for r, n in answers.items() if n > 1}
    print(f"\ninbox crash test ({db_url.split(':')[0]}): {len(reports)} reports, {kills} "
          f"SIGKILLs, {len(lost)} lost, {len(twice)} handled twice, {len(told)} stored "
          f"and answered by the restart note instead, {len(unanswered)} unanswered; all "
          f"handled {finished - started:.1f} s after the first start")
    assert len(reports) == RUNNERS * REPORTS
    assert not lost, f"reports never stored: {lost[:10]}\n{bot.log_tail()}"
    assert not twice, f"reports answered more than once: {twice}"
    assert not unanswered, f"reports never answered: {unanswered[:10]}"
    assert pending == 0
    assert exit_code == 0, bot.log_tail()

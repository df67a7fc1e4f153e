"""Passing database faults retry an update before the runner hears anything; one that keeps
failing is deferred (the runner told it will be picked up) and handled by a later pass;
updates whose ids do not fit 64 bits are dropped with a warning, never retried forever."""

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.handling import DEFERRED, TRIES
from bot.routes import SORRY
from bot.updater import InboxUpdater
from fakes.telegram_api import FakeUser
from storage.db import create_engine
from storage.models import EntryRow, InboxRow
from tests.bot.conftest import Harness
from tests.bot.test_flows import onboard, reminder
from tests.bot.test_webhook import SECRET, start_update, webhooked_bot

REPORT = "goblet 3x8 @ 12kg"
HUGE = 2**64 + 5


@contextmanager
def locked(engine: AsyncEngine, times: int) -> Iterator[list[int]]:
    """SQLite answers "database is locked" to the next `times` inserts of an entry."""
    failed = [0]

    def fail(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("INSERT INTO entries") and failed[0] < times:
            failed[0] += 1
            raise sqlite3.OperationalError("database is locked")

    event.listen(engine.sync_engine, "before_cursor_execute", fail)
    try:
        yield failed
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", fail)


async def entries(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return int(await conn.scalar(select(func.count()).select_from(EntryRow)) or 0)
    finally:
        await engine.dispose()


def texts(h: Harness, user: FakeUser) -> list[str]:
    return [m.text or "" for m in h.fake.messages_to(user.id)]


async def test_a_locked_database_is_retried_and_the_runner_hears_one_answer(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    with locked(harness.services().engine, TRIES - 1) as failed:
        await harness.says(runner, REPORT, reply_to=card)
        await harness.reply(runner, "Saved:")
        await harness.settled()
    said = texts(harness, runner)
    assert failed[0] == TRIES - 1
    assert sum(t.startswith("Saved:") for t in said) == 1
    assert SORRY not in said
    assert DEFERRED not in said
    assert await entries(harness.database_url) == 1


async def test_a_fault_that_outlasts_the_retries_is_deferred_and_handled_by_a_later_pass(
    harness: Harness, runner: FakeUser, caplog: pytest.LogCaptureFixture,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    with locked(harness.services().engine, TRIES):
        await harness.says(runner, REPORT, reply_to=card)
        await harness.reply(runner, DEFERRED)
        await harness.settled()
    assert await entries(harness.database_url) == 0
    await later_pass(harness)
    await harness.reply(runner, "Saved:")
    await harness.settled()
    said = texts(harness, runner)
    assert SORRY not in said
    assert sum(t.startswith("Saved:") for t in said) == 1
    assert await entries(harness.database_url) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def later_pass(h: Harness) -> None:
    """The deferred row's time comes (moved into the past), and the keeper's pass runs."""
    engine = create_engine(h.database_url)
    try:
        async with engine.begin() as conn:
            await conn.execute(update(InboxRow).where(InboxRow.handled_at.is_(None))
                               .values(lease_until=None))
    finally:
        await engine.dispose()
    assert h.app is not None
    assert isinstance(h.app.updater, InboxUpdater)
    await h.app.updater.take_over()


async def test_a_webhook_update_with_an_id_beyond_64_bits_is_answered_200_and_dropped(
    sqlite_url: str, caplog: pytest.LogCaptureFixture,
) -> None:
    runner = FakeUser(id=5301)
    async with webhooked_bot(sqlite_url) as hooked:
        huge = {**start_update(hooked.fake, runner), "update_id": HUGE}
        assert await hooked.post(huge, SECRET) == 200
        assert await hooked.post({**huge, "update_id": 77}, SECRET) == 200
        await hooked.fake.wait_for_message(runner.id, lambda m: "strength coach" in m.text)
    assert any("64 bits" in r.getMessage() for r in caplog.records)
    greetings = [m for m in hooked.fake.messages_to(runner.id) if "strength coach" in m.text]
    assert len(greetings) == 1, "the oversized one did nothing"


async def test_a_polled_update_with_an_id_beyond_64_bits_is_dropped_the_others_handled(
    harness: Harness, caplog: pytest.LogCaptureFixture,
) -> None:
    runner = FakeUser(id=5302)
    forged = FakeUser(id=HUGE)
    harness.fake.send_text(runner, "/start")
    harness.fake.send_text(forged, "/start")
    await harness.reply(runner, "strength coach")
    await harness.fake.wait_idle()
    await harness.settled()
    assert any("64 bits" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

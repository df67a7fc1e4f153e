"""At start, updates stored before a crash are handled first, in order, exactly once."""

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.handling import INTERRUPTED
from coach.clock import FakeClock
from fakes.telegram_api import FakeTelegram, FakeUser, running_fake
from storage.db import create_engine, session_factory
from storage.inbox import Inbox, InboxRepo, Incoming
from storage.migrate import upgrade
from tests.bot.conftest import START, Harness

RUNNER = FakeUser(id=5101, first_name="Ana")


def taken(fake: FakeTelegram, text: str) -> dict[str, Any]:
    """An update the fake made, taken out of its queue: the bot only has it in its inbox."""
    fake.send_text(RUNNER, text)
    update = fake.updates[-1]
    fake._pending.clear()
    return update


async def left_in_inbox(url: str, updates: list[dict[str, Any]], *, acted: bool) -> None:
    """What a killed bot leaves: stored updates never handled (maybe already acted on)."""
    await asyncio.to_thread(upgrade, url)
    engine = create_engine(url)
    try:
        factory = session_factory(engine)
        await Inbox(factory).store([Incoming(u["update_id"], RUNNER.id, json.dumps(u))
                                    for u in updates], START)
        if acted:
            async with factory() as session, session.begin():
                for update in updates:
                    await InboxRepo(session).mark_acted(update["update_id"], START)
    finally:
        await engine.dispose()


async def pending_count(url: str) -> int:
    engine = create_engine(url)
    try:
        return len(await Inbox(session_factory(engine)).pending())
    finally:
        await engine.dispose()


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with running_fake() as fake:
        yield fake


async def test_updates_stored_before_a_crash_are_handled_first_in_order_and_once(
    fake: FakeTelegram, sqlite_url: str,
) -> None:
    await left_in_inbox(sqlite_url, [taken(fake, "/start"), taken(fake, "/help")], acted=False)
    h = Harness(fake, FakeClock(START), sqlite_url)
    await h.start()
    try:
        await h.reply(RUNNER, "/plan")
        await h.settled()
        texts = [m.text for m in fake.messages_to(RUNNER.id)]
    finally:
        await h.stop()
    greeting = [n for n, t in enumerate(texts) if "strength coach" in t]
    helps = [n for n, t in enumerate(texts) if "/plan" in t and "/deleteme" in t]
    assert len(greeting) == 1
    assert len(helps) == 1
    assert greeting[0] < helps[0]
    assert await pending_count(sqlite_url) == 0


async def test_an_update_acted_on_but_never_answered_is_not_redone_the_chat_is_told(
    fake: FakeTelegram, sqlite_url: str,
) -> None:
    await left_in_inbox(sqlite_url, [taken(fake, "/start")], acted=True)
    h = Harness(fake, FakeClock(START), sqlite_url)
    await h.start()
    try:
        note = await h.reply(RUNNER, "It's saved")
        await h.settled()
    finally:
        await h.stop()
    assert note.text == INTERRUPTED
    assert not [m for m in fake.messages_to(RUNNER.id) if "strength coach" in m.text]
    assert await pending_count(sqlite_url) == 0

"""The webhook under abuse: a slow-loris crowd, slow headers, health probes, stored-first."""

import asyncio
import contextlib
import logging
import resource
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import select

from bot.updater import InboxUpdater
from bot.webhook_server import MAX_CONNECTIONS, WebhookServer
from fakes.telegram_api import FakeUser
from storage.db import create_engine
from storage.models import InboxRow
from tests.bot.test_webhook import SECRET, Webhooked, start_update, webhooked_bot

LORIS = 1200


def enough_files(needed: int) -> None:
    """Raise this process's soft open-files limit if it is below `needed` (and may be)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    if resource.getrlimit(resource.RLIMIT_NOFILE)[0] < needed:
        pytest.skip(f"needs {needed} open files; the hard limit is {hard}")


@pytest.fixture
async def capped(sqlite_url: str) -> AsyncIterator[Webhooked]:
    """The bot on its webhook server, with the production limits."""
    async with webhooked_bot(sqlite_url) as bot:
        yield bot


def server_of(hooked: Webhooked) -> WebhookServer:
    updater = hooked.app.updater
    assert isinstance(updater, InboxUpdater)
    assert updater.server is not None
    return updater.server


async def crowded(server: WebhookServer, evicted: int) -> None:
    """Wait until the crowd has connected and evicted its own (bounded)."""
    deadline = time.monotonic() + 60.0
    while server.evicted < evicted:
        assert time.monotonic() < deadline, f"only {server.evicted} evicted"
        await asyncio.sleep(0.05)  # the server has no event for this; a short bounded poll


async def loris(port: int, stop: asyncio.Event) -> None:
    """Open a connection and send a header byte now and then, never finishing (no secret)."""
    with contextlib.suppress(OSError):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(b"POST /telegram/hook HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            while not stop.is_set() and not reader.at_eof():
                writer.write(b"a")
                await writer.drain()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), 1.0)
        finally:
            writer.transport.abort()


async def test_a_slow_loris_crowd_leaves_a_genuine_update_answered_within_a_second(
    capped: Webhooked, caplog: pytest.LogCaptureFixture,
) -> None:
    enough_files(LORIS + 512)
    server = server_of(capped)
    stop = asyncio.Event()
    crowd = [asyncio.create_task(loris(server.port, stop)) for _ in range(LORIS)]
    try:
        await crowded(server, LORIS - MAX_CONNECTIONS)
        user = FakeUser(id=7101)
        sent = time.monotonic()
        status = await asyncio.wait_for(capped.post(start_update(capped.fake, user), SECRET),
                                        timeout=5.0)
        took = time.monotonic() - sent
        greeting = await capped.fake.wait_for_message(
            user.id, lambda m: "strength coach" in m.text, timeout=5.0)
    finally:
        stop.set()
        await asyncio.gather(*crowd, return_exceptions=True)
    print(f"\nslow loris: {LORIS} connections, cap {MAX_CONNECTIONS}, peak {server.peak} open, "
          f"{server.evicted} evicted; a genuine update got {status} in {took:.3f} s")
    assert status == 200
    assert greeting.chat_id == user.id
    assert server.peak <= MAX_CONNECTIONS
    assert took < 1.0
    noisy = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(noisy) < 5, "no log storm"


async def test_headers_that_never_finish_are_cut_off_after_the_header_timeout(
    capped: Webhooked,
) -> None:
    server = server_of(capped)
    server.header_timeout = 0.2
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(b"POST /telegram/hook HTTP/1.1\r\nHost: x\r\n")
    await writer.drain()
    assert await asyncio.wait_for(reader.read(), timeout=5.0) == b"", "closed, no answer"
    writer.close()
    assert server.connections == 0


async def test_the_health_probe_answers_without_a_secret(capped: Webhooked) -> None:
    url = capped.url.replace("/telegram/hook", "/healthz")
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        assert (response.status, await response.text()) == (200, "ok\n")


async def test_an_update_is_stored_before_it_is_answered_and_a_redelivery_is_skipped(
    capped: Webhooked,
) -> None:
    user = FakeUser(id=7102)
    update = start_update(capped.fake, user)
    assert await capped.post(update, SECRET) == 200
    engine = create_engine(capped.database_url)
    try:
        async with engine.connect() as conn:
            ids = list(await conn.scalars(select(InboxRow.update_id)))
    finally:
        await engine.dispose()
    assert ids == [update["update_id"]]
    await capped.fake.wait_for_message(user.id, lambda m: "strength coach" in m.text)
    assert await capped.post(update, SECRET) == 200  # Telegram retrying: answered, not redone
    await capped.app.update_queue.join()
    await asyncio.sleep(0)
    greetings = [m for m in capped.fake.messages_to(user.id) if "strength coach" in m.text]
    assert len(greetings) == 1

"""Webhook mode: the real bot behind PTB's (hardened) webhook server, real HTTP both ways."""

import asyncio
import hmac
import io
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from bot import webhook, webhook_server
from bot.app import CoachApp, build_application
from bot.config import Settings
from bot.main import run
from coach.clock import FakeClock
from fakes.telegram_api import FakeTelegram, FakeUser
from storage.migrate import upgrade
from tests.bot.conftest import START
from tests.bot.test_hostile import snapshot

SECRET = "s3cret-Token_" + "x" * 40
PUBLIC_URL = "https://coach.example.com/telegram/hook"


@dataclass
class Webhooked:
    """A bot receiving updates on a local webhook; posts reach it like Telegram's would."""

    fake: FakeTelegram
    app: CoachApp
    url: str
    database_url: str

    async def post(self, update: dict[str, Any], secret: str | None,
                   content_type: str = "application/json") -> int:
        headers = {"Content-Type": content_type}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        body = io.BytesIO(json.dumps(update).encode())  # a stream: big bodies stay cheap
        async with aiohttp.ClientSession() as http, http.post(
                self.url, data=body, headers=headers) as response:
            return response.status


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def webhooked_bot(sqlite_url: str) -> AsyncIterator[Webhooked]:
    """The real bot serving its webhook on 127.0.0.1 with the production limits."""
    fake = FakeTelegram()
    await fake.start()
    await asyncio.to_thread(upgrade, sqlite_url)
    settings = Settings(bot_token=SecretStr(fake.token), telegram_api_url=fake.url,
                        database_url=sqlite_url, scheduler_interval_seconds=86_400,
                        _env_file=None)  # type: ignore[call-arg]
    app = build_application(settings, FakeClock(START))
    port = free_port()
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="/telegram/hook",
                                    webhook_url=PUBLIC_URL, secret_token=SECRET)
    try:
        yield Webhooked(fake, app, f"http://127.0.0.1:{port}/telegram/hook", sqlite_url)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await app.bot_data["services"].close()
        await fake.stop()


@pytest.fixture
async def hooked(sqlite_url: str) -> AsyncIterator[Webhooked]:
    async with webhooked_bot(sqlite_url) as bot:
        yield bot


def start_update(fake: FakeTelegram, user: FakeUser) -> dict[str, Any]:
    """An Update as Telegram would post it (built by the fake, taken out of its queue)."""
    fake.send_text(user, "/start")
    update = fake.updates[-1]
    fake._pending.clear()
    return update


async def test_the_webhook_is_registered_with_telegram_with_its_secret(
    hooked: Webhooked,
) -> None:
    call = hooked.fake.calls_to("setWebhook")[-1]
    assert call.params["url"] == PUBLIC_URL
    assert call.params["secret_token"] == SECRET


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET[:-1], SECRET + "x"])
async def test_a_post_without_the_right_secret_is_refused_and_never_handled(
    hooked: Webhooked, secret: str | None,
) -> None:
    user = FakeUser(id=7001)
    assert await hooked.post(start_update(hooked.fake, user), secret) == 403
    assert await hooked.post(start_update(hooked.fake, user), SECRET,
                             content_type="text/plain") == 403
    await hooked.app.update_queue.join()
    assert hooked.fake.calls_to("sendMessage") == []
    assert all(rows == [] for rows in (await snapshot(hooked.database_url)).values())


async def test_a_post_with_the_right_secret_is_handled_and_answered(hooked: Webhooked) -> None:
    user = FakeUser(id=7001)
    assert await hooked.post(start_update(hooked.fake, user), SECRET) == 200
    greeting = await hooked.fake.wait_for_message(user.id, lambda m: "strength coach" in m.text)
    assert greeting.chat_id == user.id


async def test_a_body_that_is_not_an_update_is_a_bad_request(hooked: Webhooked) -> None:
    assert await hooked.post({"update_id": "not a number", "message": 5}, SECRET) == 400


async def test_an_oversized_body_is_refused_even_with_the_right_secret(
    hooked: Webhooked,
) -> None:
    update = start_update(hooked.fake, FakeUser(id=7003))
    update["message"]["text"] = "x" * (webhook_server.MAX_BODY_BYTES + 1)
    assert await hooked.post(update, SECRET) == 413
    assert hooked.fake.calls_to("sendMessage") == []


async def test_the_secret_is_compared_in_constant_time(
    hooked: Webhooked, monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[tuple[bytes, bytes]] = []
    compare = hmac.compare_digest

    def spy(given: bytes, expected: bytes) -> bool:
        compared.append((given, expected))
        return compare(given, expected)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    assert await hooked.post(start_update(hooked.fake, FakeUser(id=7002)), "guess") == 403
    assert compared == [(b"guess", SECRET.encode())]


@pytest.mark.parametrize(("url", "secret", "complaint"), [
    (PUBLIC_URL, None, "WEBHOOK_SECRET"),
    (PUBLIC_URL, "short", "WEBHOOK_SECRET"),
    (PUBLIC_URL, "x" * 40 + "!", "WEBHOOK_SECRET"),
    (PUBLIC_URL, "x" * 257, "WEBHOOK_SECRET"),
    ("http://coach.example.com/hook", SECRET, "https"),
])
def test_webhook_mode_refuses_to_start_without_a_strong_secret_and_https(
    url: str, secret: str | None, complaint: str, capsys: pytest.CaptureFixture[str],
) -> None:
    settings = Settings(bot_token=SecretStr("123:abc"), webhook_url=url,
                        webhook_secret=SecretStr(secret) if secret else None,
                        database_url="sqlite+aiosqlite:///unused.db",
                        _env_file=None)  # type: ignore[call-arg]
    assert run(settings) == 2
    err = capsys.readouterr().err
    assert complaint in err
    assert secret is None or secret not in err


def test_the_listening_path_defaults_to_the_path_of_the_public_url() -> None:
    settings = Settings(webhook_url=PUBLIC_URL, _env_file=None)  # type: ignore[call-arg]
    assert settings.local_webhook_path == "/telegram/hook"
    options = webhook.webhook_options(settings.model_copy(update={
        "webhook_secret": SecretStr(SECRET), "webhook_path": "/in"}))
    assert (options["listen"], options["port"], options["url_path"]) == ("127.0.0.1", 8443, "/in")

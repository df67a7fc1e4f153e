"""Strava's settings, its paths on the bot's web server and the /strava screen (fast tier)."""

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import SecretStr, ValidationError

from bot.app import build_application
from bot.config import Settings
from bot.strava import CONNECTED, NOT_CONFIGURED, notice_text, screen
from bot.webhook_server import ROUTE_BODY_BYTES, WebhookServer
from coach.clock import FakeClock
from fakes.telegram_api import FakeTelegram
from services.strava import Connect, Connected
from services.strava_events import Disconnected
from storage.migrate import upgrade
from tests.bot.conftest import START
from tests.bot.test_webhook import free_port

FULL = {"strava_client_id": "42", "strava_client_secret": SecretStr("client-secret-xyz"),
        "strava_verify_token": SecretStr("verify-token-xyz"),
        "strava_token_key": SecretStr("token-key-0123456789"),
        "public_url": "https://coach.example/"}


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def test_strava_is_configured_only_with_all_five_settings() -> None:
    assert settings(**FULL).strava_configured
    for missing in FULL:
        assert not settings(**{k: v for k, v in FULL.items() if k != missing}).strava_configured


def test_strava_secrets_are_redacted_and_urls_checked() -> None:
    full = settings(**FULL)
    assert {"client-secret-xyz", "verify-token-xyz", "token-key-0123456789"} <= set(
        full.secrets())
    assert full.public_url == "https://coach.example"
    with pytest.raises(ValidationError, match="at least 16 characters"):
        settings(strava_token_key=SecretStr("short"))
    with pytest.raises(ValidationError, match="PUBLIC_URL"):
        settings(public_url="coach.example")


def test_the_screens() -> None:
    text, markup = screen(Connect("https://strava.invalid/oauth/authorize?x=1"))
    assert markup.inline_keyboard[0][0].url == "https://strava.invalid/oauth/authorize?x=1"
    text, markup = screen(Connected(5, False))
    assert text == CONNECTED.format(long="no")
    assert [b.callback_data for b in markup.inline_keyboard[0]] == ["sv:off"]
    assert "deleted" in notice_text(Disconnected(1))
    assert NOT_CONFIGURED == "Strava is not set up on this bot."


@pytest.fixture
async def server() -> AsyncIterator[WebhookServer]:
    async def echo(method: str, target: str, body: bytes) -> tuple[int, bytes, str]:
        return 200, f"{method} {target} {len(body)}".encode(), "text/html"

    async def never(_body: bytes) -> int:
        raise AssertionError("no Telegram path without a secret")

    served = WebhookServer("127.0.0.1", 0, "", "", never, routes={"/strava/events": echo})
    await served.start()
    yield served
    await served.stop()


async def test_a_routes_only_server_serves_its_routes_and_nothing_else(
        server: WebhookServer) -> None:
    base = f"http://127.0.0.1:{server.port}"
    async with httpx.AsyncClient(timeout=5.0) as client:
        got = await client.get(f"{base}/strava/events?hub.mode=subscribe")
        posted = await client.post(f"{base}/strava/events/", content=b"abc")
        telegram = await client.post(f"{base}/", json={"update_id": 1})
        huge = await client.post(f"{base}/strava/events", content=b"x" * (ROUTE_BODY_BYTES + 1))
        health = await client.get(f"{base}/healthz")
    assert (got.status_code, got.text) == (200, "GET /strava/events?hub.mode=subscribe 0")
    assert got.headers["content-type"] == "text/html"
    assert posted.text == "POST /strava/events/ 3"
    assert (telegram.status_code, huge.status_code, health.status_code) == (404, 413, 200)


async def test_a_partial_strava_set_up_is_named_in_the_log_and_wires_nothing(
        caplog: pytest.LogCaptureFixture, sqlite_url: str) -> None:

    app = build_application(settings(bot_token=SecretStr("123456:abcdefghij"),
                                     database_url=sqlite_url, strava_client_id="42"))
    try:
        assert "strava" not in app.bot_data
        assert ("Strava is off: STRAVA_CLIENT_SECRET, STRAVA_VERIFY_TOKEN, STRAVA_TOKEN_KEY, "
                "PUBLIC_URL not set") in caplog.text
    finally:
        await app.bot_data["services"].close()


async def test_in_webhook_mode_the_same_server_answers_strava_and_telegram(
        sqlite_url: str) -> None:
    fake = FakeTelegram()
    await fake.start()
    await asyncio.to_thread(upgrade, sqlite_url)
    app = build_application(settings(bot_token=SecretStr(fake.token),
                                     telegram_api_url=fake.url, database_url=sqlite_url,
                                     scheduler_interval_seconds=86_400, **FULL),
                            FakeClock(START))
    port = free_port()
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="/telegram/hook",
                                    webhook_url="https://coach.example/telegram/hook",
                                    secret_token="s" * 40)
    try:
        async with httpx.AsyncClient(timeout=5.0) as client:
            check = await client.get(f"http://127.0.0.1:{port}/strava/events", params={
                "hub.mode": "subscribe", "hub.challenge": "abc",
                "hub.verify_token": "verify-token-xyz"})
            telegram = await client.post(f"http://127.0.0.1:{port}/telegram/hook",
                                         json={"update_id": 1})
        assert (check.status_code, check.json()) == (200, {"hub.challenge": "abc"})
        assert telegram.status_code == 403  # no secret header: refused as before
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        await app.bot_data["services"].close()
        await fake.stop()

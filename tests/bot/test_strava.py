"""Strava end to end: the real bot, the fake Bot API and the fake Strava over real HTTP.

connect → a workout arrives → the notice and, at its time, the card → report → progression;
an easy run changes nothing; a race reaches the race logic; forged and real
deauthorizations; a bad state, replays and 429s.
"""

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.config import Settings
from bot.strava_setup import _subscribe
from fakes.strava_api import FakeStrava
from fakes.telegram_api import FakeTelegram, FakeUser
from storage.db import create_engine, session_factory
from storage.races import RaceRow
from storage.strava_tables import StravaActivity, StravaEvent, StravaLink
from tests.bot.conftest import Harness
from tests.bot.test_flows import onboard

pytestmark = pytest.mark.slow
WEDNESDAY = datetime(2026, 11, 25, 16, 0, tzinfo=UTC)  # 17:00 in Berlin, not a session day
ATHLETE = 31337


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class StravaHarness(Harness):
    strava: FakeStrava | None = None
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def settings(self) -> Settings:
        assert self.strava is not None
        return super().settings().model_copy(update={
            "strava_client_id": self.strava.client_id,
            "strava_client_secret": SecretStr(self.strava.client_secret),
            "strava_verify_token": SecretStr("verify-0123456789"),
            "strava_token_key": SecretStr("token-key-0123456789-abcdefghij"),
            "public_url": f"http://127.0.0.1:{self.port}",
            "strava_oauth_url": self.strava.oauth_url, "strava_api_url": self.strava.api_url,
            "webhook_listen": "127.0.0.1", "webhook_port": self.port})


@pytest.fixture
async def world(sqlite_url: str) -> AsyncIterator[tuple[StravaHarness, FakeStrava]]:
    from coach.clock import FakeClock

    fake, strava = FakeTelegram(), FakeStrava()
    await fake.start()
    await strava.start()
    h = StravaHarness(fake, FakeClock(WEDNESDAY - timedelta(days=2)), sqlite_url,
                      strava=strava, port=free_port())
    try:
        await h.start()
        yield h, strava
    finally:
        await h.stop()
        await strava.stop()
        await fake.stop()


async def connect(h: StravaHarness, strava: FakeStrava, user: FakeUser) -> None:
    await h.says(user, "/strava")
    offer = await h.reply(user, "Connect Strava")
    url = (offer.reply_markup or {})["inline_keyboard"][0][0]["url"]
    assert "scope=activity%3Aread_all" in url
    assert "approval_prompt=auto" in url
    strava.next_athlete = ATHLETE
    async with httpx.AsyncClient(follow_redirects=True, timeout=5.0) as browser:
        page = await browser.get(url)
    assert page.status_code == 200
    assert "Strava connected" in page.text
    await h.reply(user, "Strava connected")


async def connected_on_wednesday(h: StravaHarness, strava: FakeStrava, user: FakeUser) -> None:
    """A runner onboarded (tests/bot/test_flows.py), on Wednesday, with Strava connected."""
    await onboard(h, user)
    h.clock.set(WEDNESDAY)
    await connect(h, strava, user)


async def count(h: StravaHarness, table: type, **where: object) -> int:
    engine = create_engine(h.database_url)
    try:
        async with session_factory(engine)() as session:
            query = select(func.count()).select_from(table)
            for name, value in where.items():
                query = query.where(getattr(table, name) == value)
            return int(await session.scalar(query) or 0)
    finally:
        await engine.dispose()


async def handled(h: StravaHarness) -> None:
    """Wait (bounded) until every stored event has been handled by the pass."""
    for _ in range(100):
        if await count(h, StravaEvent, done=False) == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("events still pending")


async def test_a_workout_on_strava_brings_the_card_and_the_session_progresses(
        world: tuple[StravaHarness, FakeStrava], runner: FakeUser) -> None:
    h, strava = world
    await connected_on_wednesday(h, strava, runner)  # Tue and Thu hard, runs end 18:30
    assert await _subscribe(h.settings()) == 0  # `coachbot strava subscribe`: validated
    assert strava.subscription is not None
    run = strava.add_run(ATHLETE, "2026-11-25T15:00:00Z", 10_000, 2472, workout_type=3)
    answer = await strava.push(ATHLETE, run)
    assert answer.status_code == 200
    notice = (await h.reply(runner, "Hard run spotted")).text or ""
    assert "10 km, 41:12, workout" in notice
    assert "today at 19:00" in notice
    h.clock.set(datetime(2026, 11, 25, 18, 0, tzinfo=UTC))
    assert (await h.tick()).sent == 1
    card = await h.reply(runner, "Hard run spotted — 10 km, 41:12, workout. Your strength "
                                 "session · Wed 25 Nov")
    await h.says(runner, "goblet 3x8 @ 8kg\nall done", reply_to=card.message_id)
    done = (await h.reply(runner, "Session done")).text or ""
    assert "Goblet squat: 3×5 @ 10 kg (load up)" in done
    await h.says(runner, "/plan")
    plan = (await h.reply(runner, "Your week")).text or ""
    assert "Thu 26 Nov" not in plan  # the day after gave way


async def test_the_card_names_the_run_in_the_language_the_runner_speaks_when_it_comes(
        world: tuple[StravaHarness, FakeStrava], runner: FakeUser) -> None:
    h, strava = world
    await connected_on_wednesday(h, strava, runner)
    assert await _subscribe(h.settings()) == 0
    run = strava.add_run(ATHLETE, "2026-11-25T15:00:00Z", 10_000, 2472, workout_type=3)
    assert (await strava.push(ATHLETE, run)).status_code == 200
    await h.reply(runner, "Hard run spotted — 10 km, 41:12, workout.")  # told in English
    await h.says(runner, "/language")  # then Russian, before the card comes
    screen = await h.buttons_show(runner, "Русский")
    await h.press(runner, "Русский", screen.message_id)
    await h.reply(runner, "Готово")
    h.clock.set(datetime(2026, 11, 25, 18, 0, tzinfo=UTC))
    assert (await h.tick()).sent == 1
    card = await h.reply(runner, "Вижу тяжёлую пробежку — 10 км, 41:12, тренировка.")
    assert "Hard run" not in (card.text or "")


async def test_an_easy_run_changes_nothing_and_a_race_reaches_the_race_logic(
        world: tuple[StravaHarness, FakeStrava], runner: FakeUser) -> None:
    h, strava = world
    await connected_on_wednesday(h, strava, runner)
    await h.says(runner, "/plan")
    before = (await h.reply(runner, "Your week")).text
    easy = strava.add_run(ATHLETE, "2026-11-25T15:00:00Z", 8_000, 2900)
    assert (await strava.push(ATHLETE, easy, url=h.url("/strava/events"))
            ).status_code == 200
    await handled(h)
    assert await count(h, StravaActivity, hard=False) == 1
    await h.says(runner, "/plan")
    assert (await h.reply(runner, "Your week")).text == before
    race = strava.add_run(ATHLETE, "2026-11-25T09:00:00Z", 10_010, 2500, workout_type=1,
                          name="Turkey trot")
    await strava.push(ATHLETE, race, url=h.url("/strava/events"))
    told = (await h.reply(runner, "Race on Strava")).text or ""
    assert "Turkey trot" in told
    assert await count(h, RaceRow) == 1


async def test_refusals_replays_throttling_and_deauthorization(
        world: tuple[StravaHarness, FakeStrava], runner: FakeUser) -> None:
    h, strava = world
    await onboard(h, runner)
    h.clock.set(WEDNESDAY)
    events = h.url("/strava/events")
    async with httpx.AsyncClient(timeout=5.0) as browser:
        bad = await browser.get(h.url("/strava/callback"),
                                params={"state": "made.up", "code": "x"})
        check = await browser.get(events, params={
            "hub.mode": "subscribe", "hub.challenge": "c", "hub.verify_token": "wrong"})
    assert (bad.status_code, check.status_code) == (400, 403)
    assert await count(h, StravaLink) == 0
    await connect(h, strava, runner)
    run = strava.add_run(ATHLETE, "2026-11-25T15:00:00Z", 10_000, 2472, workout_type=3)
    strava.throttle, strava.retry_after = 1, 1
    await strava.push(ATHLETE, run, event_time=1, url=events)
    await strava.push(ATHLETE, run, event_time=1, url=events)  # a replay
    assert await count(h, StravaEvent) == 1
    for _ in range(100):  # the 429 blocks the limiter for a second of the bot's clock
        if strava.throttle == 0:
            break
        await asyncio.sleep(0.05)
    h.clock.advance(timedelta(seconds=2))
    await h.reply(runner, "Hard run spotted", within=15)  # at the next pass (every 5 s)
    await handled(h)
    assert sum("Hard run spotted" in (m.text or "")
               for m in h.fake.messages_to(runner.id)) == 1
    await strava.push(ATHLETE, ATHLETE, "update", "athlete", {"authorized": "false"},
                      event_time=2, url=events)  # forged: the tokens still work
    await handled(h)
    assert await count(h, StravaLink) == 1
    strava.revoke(ATHLETE)
    await strava.push(ATHLETE, ATHLETE, "update", "athlete", {"authorized": "false"},
                      event_time=3, url=events)
    await h.reply(runner, "You removed coachbot's access on Strava")
    assert (await count(h, StravaLink), await count(h, StravaActivity)) == (0, 0)


async def test_without_the_settings_strava_is_not_set_up(
        harness: Harness, runner: FakeUser) -> None:
    await harness.says(runner, "/strava")
    await harness.reply(runner, "Strava is not set up on this bot.")


async def test_a_restart_mid_queue_loses_nothing_and_repeats_nothing(
        world: tuple[StravaHarness, FakeStrava], runner: FakeUser) -> None:
    h, strava = world
    await connected_on_wednesday(h, strava, runner)
    run = strava.add_run(ATHLETE, "2026-11-25T15:00:00Z", 10_000, 2472, workout_type=3)
    strava.throttle, strava.retry_after = 1, 60  # Strava says wait a minute
    assert (await strava.push(ATHLETE, run, url=h.url("/strava/events"))).status_code == 200
    for _ in range(100):
        if strava.throttle == 0:
            break
        await asyncio.sleep(0.05)
    await h.stop()  # the event is stored, not handled
    assert await count(h, StravaEvent, done=False) == 1
    h.clock.advance(timedelta(minutes=3))  # past Strava's wait (and any claim's hold)
    await h.start()
    await h.reply(runner, "Hard run spotted", within=15)
    await handled(h)
    assert sum("Hard run spotted" in (m.text or "")
               for m in h.fake.messages_to(runner.id)) == 1


async def test_long_runs_switch_in_settings_and_deleteme_revokes_at_strava(
        world: tuple[StravaHarness, FakeStrava], runner: FakeUser) -> None:
    h, strava = world
    await onboard(h, runner)
    await h.says(runner, "/settings")
    await h.reply(runner, "What would you like to change?")
    assert not any("Long runs" in (m.text or "") or any(
        "Long runs" in text for text, _ in h.fake.buttons(m))
        for m in h.fake.messages_to(runner.id))  # no switch without Strava
    h.clock.set(WEDNESDAY)
    await connect(h, strava, runner)
    await h.says(runner, "/settings")
    await h.reply(runner, "What would you like to change?")
    await h.buttons_show(runner, "Long runs count as hard: no (turn on)")
    await h.press(runner, "Long runs count as hard: no (turn on)")
    await h.buttons_show(runner, "Long runs count as hard: yes (turn off)")
    await h.says(runner, "/strava")
    shown = (await h.reply(runner, "Strava is connected")).text or ""
    assert "Long runs count as hard: yes (change it in /settings)" in shown
    await h.says(runner, "/deleteme")
    await h.reply(runner, "Sure?")
    await h.press(runner, "Delete everything")
    await h.reply(runner, "everything I stored about you is gone")
    assert await count(h, StravaLink) == 0
    assert "deauthorize" in strava.calls
    assert ATHLETE not in strava.tokens.values()  # coachbot's access revoked at Strava

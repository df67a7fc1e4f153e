"""Telegram's faults on the way out: unit tests of the sender's error mapping, and end to end
through the fake Bot API (429 with retry_after, 500s, blocked chats and their return)."""

import asyncio
from datetime import UTC, datetime, time, timedelta
from typing import Any, cast

import httpx
import pytest
from telegram import Bot, Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ChatMemberHandler

from bot.app import CoachApp
from bot.context import CoachContext
from bot.membership import on_my_chat_member
from bot.sender import TelegramSender
from coach.views import Profile, SessionInfo, SessionView
from fakes.telegram_api import FakeUser
from scheduler.delivery import Deliverer
from scheduler.nudges import Nudger
from scheduler.pacing import Pacer
from services.plan import profile_of, save_plan
from services.ports import RecipientGone, Throttled, Transient
from services.sessions import DEFAULT_OFFSET
from services.status import render_status, status_counts
from tests.bot.conftest import Harness

TUESDAY_REMINDER = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # 18:30 run + 30 min, Berlin
THURSDAY_REMINDER = TUESDAY_REMINDER + timedelta(days=2)


class FailingBot:
    """A Bot stand-in whose send_message raises the given error."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def send_message(self, *_args: Any, **_kwargs: Any) -> Any:
        raise self.error


def a_view() -> SessionView:
    session = SessionInfo(1, 7, "scheduled", TUESDAY_REMINDER.date(), TUESDAY_REMINDER,
                          "claimed", "planned", None)
    profile = Profile(7, 7, "Europe/Berlin", time(18, 30), (1, 3), (), (1, 3), None, True,
                      True, True)
    return SessionView(session, profile, ())


@pytest.mark.parametrize(("error", "expected", "detail"), [
    (Forbidden("Forbidden: bot was blocked by the user"), RecipientGone, ""),
    (BadRequest("Bad Request: chat not found"), RecipientGone, ""),
    (RetryAfter(timedelta(seconds=3)), Throttled, "3"),
    (NetworkError("Internal Server Error (500)"), Transient, "server_error"),
    (NetworkError("Bad Gateway"), Transient, "server_error"),
    (NetworkError("httpx.ConnectError: connection refused"), Transient, "network"),
    (TimedOut(), Transient, "timeout"),
    (BadRequest("Bad Request: message is too long"), BadRequest, ""),
])
async def test_telegram_errors_become_the_schedulers_faults(
    error: Exception, expected: type[Exception], detail: str,
) -> None:
    sender = TelegramSender(cast(Bot, FailingBot(error)))
    with pytest.raises(expected) as raised:
        await sender.reminder(a_view())
    if isinstance(raised.value, Throttled):
        assert raised.value.retry_after == float(detail)
    if isinstance(raised.value, Transient):
        assert raised.value.reason == detail


async def onboarded(h: Harness, user: FakeUser) -> None:
    """Tue and Thu hard, run ends 18:30 in Berlin; saved directly, the chat is not the point."""
    await h.services().units.run(save_plan, h.clock.now(), user.id, user.id, frozenset({1, 3}),
                                 frozenset(), time(18, 30), "Europe/Berlin", DEFAULT_OFFSET)


def deliverer_of(h: Harness) -> Deliverer:
    assert h.app is not None
    deliverer = h.app.bot_data["deliverer"]
    assert isinstance(deliverer, Deliverer)
    return deliverer


def membership_seen(app: CoachApp) -> asyncio.Event:
    """Make sure my_chat_member updates are handled (bot/app.py may already register the
    handler) and return an event set once one has been, from a later handler group."""
    if not any(isinstance(handler, ChatMemberHandler)
               for group in app.handlers.values() for handler in group):
        app.add_handler(ChatMemberHandler(on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    seen = asyncio.Event()

    async def signal(_update: Update, _ctx: CoachContext) -> None:
        seen.set()

    app.add_handler(ChatMemberHandler(signal, ChatMemberHandler.MY_CHAT_MEMBER), group=99)
    return seen


async def is_active(h: Harness, user: FakeUser) -> bool:
    profile = await h.services().units.read(profile_of, user.id)
    assert profile is not None
    return profile.active


async def test_a_429_is_honoured_and_the_reminder_arrives_after_retry_after(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboarded(harness, runner)
    harness.fake.fail_next("sendMessage", status=429, retry_after=1)
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    await harness.reply(runner, "Strength time")
    first, second = harness.fake.calls_to("sendMessage")[-2:]
    assert (first.status, second.status) == (429, 200)
    assert second.time - first.time >= 1.0


async def test_a_429_outlasting_ptbs_retries_is_waited_out_by_the_scheduler(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboarded(harness, runner)
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    deliverer_of(harness).pacer = Pacer(sleep=fake_sleep)
    harness.fake.fail_next("sendMessage", status=429, retry_after=1, times=4)
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    await harness.reply(runner, "Strength time")
    assert slept == [1.0]
    assert [c.status for c in harness.fake.calls_to("sendMessage")] == [429] * 4 + [200]


async def test_a_500_is_retried_after_a_backoff_and_the_reminder_then_arrives(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboarded(harness, runner)
    harness.fake.fail_next("sendMessage", status=500)
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).failed == 1
    assert harness.fake.messages_to(runner.id) == []
    harness.clock.advance(timedelta(seconds=10))
    assert (await harness.tick()).sent == 1
    await harness.reply(runner, "Strength time")


async def test_a_dropped_connection_is_retried_after_a_backoff(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboarded(harness, runner)
    harness.fake.drop_next("sendMessage")
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).failed == 1
    assert [c.status for c in harness.fake.calls_to("sendMessage")] == [0]
    harness.clock.advance(timedelta(seconds=10))
    assert (await harness.tick()).sent == 1
    await harness.reply(runner, "Strength time")


async def test_a_blocked_user_goes_inactive_and_unblocking_brings_the_next_reminder(
    harness: Harness, runner: FakeUser,
) -> None:
    assert harness.app is not None
    seen = membership_seen(harness.app)
    await onboarded(harness, runner)
    harness.fake.block_chat(runner.id)
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).gone == 1
    assert not await is_active(harness, runner)
    harness.clock.set(TUESDAY_REMINDER + timedelta(hours=1))
    harness.fake.restart_chat(runner.id)
    await asyncio.wait_for(seen.wait(), 5)
    assert await is_active(harness, runner)
    harness.clock.set(THURSDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    card = await harness.reply(runner, "Strength time")
    assert "Thu" in (card.text or "")


async def test_blocking_is_noticed_from_the_membership_update_before_any_send(
    harness: Harness, runner: FakeUser,
) -> None:
    assert harness.app is not None
    seen = membership_seen(harness.app)
    await onboarded(harness, runner)
    harness.fake.block_chat(runner.id, notify=True)
    await asyncio.wait_for(seen.wait(), 5)
    assert not await is_active(harness, runner)
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).handled == 0
    assert harness.fake.calls_to("sendMessage") == []


async def test_chat_not_found_makes_the_user_inactive_until_start(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboarded(harness, runner)
    harness.fake.fail_next("sendMessage", status=400, description="Bad Request: chat not found")
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).gone == 1
    assert not await is_active(harness, runner)
    await harness.says(runner, "/start")
    await harness.reply(runner, "Welcome back")
    assert await is_active(harness, runner)
    harness.clock.set(THURSDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    await harness.reply(runner, "Strength time")



async def test_an_unlogged_session_is_nudged_next_morning_and_can_be_skipped_from_it(
    harness: Harness, runner: FakeUser,
) -> None:
    assert harness.app is not None
    services, deliverer = harness.services(), deliverer_of(harness)
    deliverer.nudger = Nudger(services.units, TelegramSender(harness.app.bot), harness.clock,
                              grace=services.settings.grace, hour=8)
    await onboarded(harness, runner)
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    harness.clock.set(datetime(2026, 11, 25, 7, 0, tzinfo=UTC))  # Wed 08:00 in Berlin
    assert (await harness.tick()).nudged == 1
    nudge = await harness.reply(runner, "isn't logged yet")
    assert [text for text, _ in harness.fake.buttons(nudge)] == ["Log it now", "Skip it"]
    query_id = harness.fake.press(runner, nudge.message_id,
                                  harness.fake.buttons(nudge)[1][1])
    answer = await harness.fake.wait_until(lambda: harness.fake.callback_answers.get(query_id))
    assert answer.get("text") == "Skipped"
    harness.clock.advance(timedelta(hours=1))
    assert (await harness.tick()).nudged == 0


async def test_a_reminder_whose_answer_was_lost_is_counted_and_repeated_once(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboarded(harness, runner)
    harness.fake.drop_next("sendMessage", after_handling=True)  # delivered, answer lost
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).failed == 1
    harness.clock.advance(timedelta(seconds=10))
    assert (await harness.tick()).sent == 1
    cards = [m for m in harness.fake.messages_to(runner.id) if "Strength time" in m.text]
    assert len(cards) == 2  # the one duplicate a lost answer may cost
    counts = await harness.services().units.run(status_counts, harness.clock.now())
    assert counts.outcome_unknown == 1
    assert "sends of unknown outcome:" in render_status(counts)


async def test_a_read_timeout_and_a_closed_connection_are_sends_of_unknown_outcome() -> None:
    request = httpx.Request("POST", "http://127.0.0.1/botX/sendMessage")
    for cause in (httpx.ReadTimeout("slow", request=request),
                  httpx.RemoteProtocolError("Server disconnected", request=request)):
        error = TimedOut() if isinstance(cause, httpx.TimeoutException) else NetworkError("x")
        error.__cause__ = cause
        with pytest.raises(Transient) as raised:
            await TelegramSender(cast(Bot, FailingBot(error))).reminder(a_view())
        assert raised.value.reason == "outcome_unknown"
    refused = NetworkError("httpx.ConnectError: refused")
    refused.__cause__ = httpx.ConnectError("refused", request=request)
    with pytest.raises(Transient) as raised:
        await TelegramSender(cast(Bot, FailingBot(refused))).reminder(a_view())
    assert raised.value.reason == "network"

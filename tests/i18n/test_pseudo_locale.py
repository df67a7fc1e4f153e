"""A pseudo-locale changes every text: a runner set to it meets no English word.

`tools.messages.pseudo` makes a catalog where every marked text is bracketed ⸢…⸥ with its
letters swapped for look-alikes. It is installed as the language "xx", stored as the
runner's language, and the real bot is driven through a week: /start and onboarding, a
reminder card, a report, the summary, /progress, /settings, /plan, /help and the weekly
review. Every text the fake Bot API received for that runner (messages, edits, captions,
buttons, answers to presses) must have no English word left outside the brackets.
"""

import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import i18n
from fakes.telegram_api import BotMessage, FakeUser
from scheduler.reviews import Reviewer
from services.language import choose_language
from tests.bot.conftest import START, Harness, running_bot
from tests.bot.test_flows import TUESDAY_REMINDER
from tests.bot.test_review import SUNDAY_EVENING
from tests.conftest import fresh_sqlite
from tools import messages

PSEUDO = "xx"
BRACKETED = re.compile(r"⸢[^⸢⸥]*⸥")  # innermost first: a text placed inside another
# Commands, time zones (Europe/Berlin), file names are not words.
WORD = re.compile(r"(?<![\w/@.])[A-Za-z]{3,}(?![\w/])")
ALLOWED = {"kg", "lb", "Strava", "CSV", "Hevy", "Strong", "coachbot", "Telegram", "UTC"}
ALLOWED |= set(i18n.NAMES.values())  # each language is named in its own words
# Weekdays and months come from Babel's locale data, not the catalog (English for "xx").
ALLOWED |= {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar", "Apr",
            "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}


@pytest.fixture
async def harness(sqlite_url: str, migrated_sqlite: Path) -> AsyncIterator[Harness]:
    async with running_bot(fresh_sqlite(migrated_sqlite, sqlite_url)) as h:
        yield h


@pytest.fixture
def runner() -> FakeUser:
    return FakeUser(id=5001, first_name="Ana")


@pytest.fixture
def pseudo_locale() -> Iterator[str]:
    i18n.install(PSEUDO, messages.pseudo(messages.extract()))
    try:
        yield PSEUDO
    finally:
        i18n.uninstall(PSEUDO)


def english_left(text: str) -> list[str]:
    """The words of `text` outside every ⸢…⸥ (brackets nest: innermost removed first)."""
    while True:
        shorter = BRACKETED.sub(" ", text)
        if shorter == text:
            break
        text = shorter
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def texts_sent(harness: Harness, chat_id: int) -> Iterator[str]:
    """Every text the bot sent to the chat: messages, edits, captions, buttons, answers."""
    for call in harness.fake.calls:
        params: dict[str, Any] = call.params
        if call.method.lower() == "answercallbackquery":
            if params.get("text"):
                yield str(params["text"])
            continue
        if str(params.get("chat_id")) != str(chat_id):
            continue
        for key in ("text", "caption"):
            if params.get(key):
                yield str(params[key])
        markup = params.get("reply_markup")
        markup = json.loads(markup) if isinstance(markup, str) else markup or {}
        for row in markup.get("inline_keyboard", []) + markup.get("keyboard", []):
            for button in row:
                yield str(button.get("text") if isinstance(button, dict) else button)


async def press(h: Harness, user: FakeUser, data: str) -> BotMessage:
    """Press the button with this callback data on the newest message that shows it."""
    shown = await h.fake.wait_for_message(
        user.id, lambda m: data in [d for _, d in h.fake.buttons(m)])
    h.seen[user.id] = len(h.fake.messages_to(user.id))
    h.fake.press(user, shown.message_id, data)
    return shown


async def next_message(h: Harness, user: FakeUser) -> BotMessage:
    return await h.fake.wait_for_message(user.id, after=h.seen.get(user.id, 0))


async def weekly_review(h: Harness, user: FakeUser, at: datetime) -> None:
    """The weekly review due at `at`, sent and arrived (the reviewer's pass, as it runs)."""
    await h.settled()
    assert h.app is not None
    reviewer = h.app.bot_data["reviewer"]
    assert isinstance(reviewer, Reviewer)
    h.clock.set(at - timedelta(minutes=1))
    assert await reviewer.tick() == 0  # as in tests/bot/test_review.py: due, then sent
    h.clock.set(at)
    h.seen[user.id] = len(h.fake.messages_to(user.id))
    assert await reviewer.tick() == 1
    await next_message(h, user)
    await h.settled()


async def test_a_runner_in_the_pseudo_locale_meets_no_english_word(
        harness: Harness, runner: FakeUser, pseudo_locale: str) -> None:
    services = harness.services()
    await services.units.run(choose_language, START, runner.id, runner.id, pseudo_locale)
    await harness.says(runner, "/start")
    for data in ("ob:h:1", "ob:h:3", "ob:h:done", "ob:t:1830"):
        await press(harness, runner, data)
    await harness.says(runner, "Europe/Berlin")
    await press(harness, runner, "eq:gym")
    await harness.settled()
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    card = await harness.fake.wait_for_message(
        runner.id, lambda m: any(d.startswith("rm:") for _, d in harness.fake.buttons(m)))
    await harness.says(runner, "goblet 3x8 @ 12kg", reply_to=card.message_id)
    await next_message(harness, runner)
    await harness.says(runner, "all done", reply_to=card.message_id)
    await next_message(harness, runner)
    for command in ("/progress", "/settings", "/plan", "/help", "/language", "/history"):
        await harness.says(runner, command)
        await next_message(harness, runner)
    await weekly_review(harness, runner, SUNDAY_EVENING)
    left = {text: words for text in texts_sent(harness, runner.id)
            if (words := english_left(text))}
    assert not left, "English left:\n" + "\n".join(
        f"{words}: {text[:120]!r}" for text, words in list(left.items())[:40])


def test_the_check_finds_english_outside_the_brackets_only() -> None:
    assert english_left("⸢Yóúr wéék (Europe/Berlin):⸥") == []
    assert english_left("⸢Wélçómé báçk!\n⸢Yóúr wéék:⸥⸥ 12 kg, /plan") == []
    assert english_left("Done") == ["Done"]
    assert english_left("America/New_York") == []
    assert english_left("⸢Nóté⸥ Strength time") == ["Strength", "time"]

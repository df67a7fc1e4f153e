# ruff: noqa: RUF001 (the runner and the bot speak Russian)
"""A runner whose Telegram is in Russian goes through a week and meets no English word.

The real bot against the fake Bot API over HTTP: /start from a Telegram set to Russian,
onboarding answered in words, the reminder card, a report typed in Russian, "всё сделал",
the summary, /progress with its chart's caption, /plan, /help, /races and the weekly
review. Every text the runner received (messages, captions, buttons, answers to presses) is
checked for Latin words; `WEEK_RU=path` writes the whole week to a file.
"""

import os
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness, running_bot
from tests.bot.test_flows_ru import TUESDAY_REMINDER
from tests.conftest import fresh_sqlite
from tests.i18n.test_pseudo_locale import next_message, press, texts_sent, weekly_review

SUNDAY_EVENING = TUESDAY_REMINDER.replace(day=29, hour=16, minute=0)  # 19:00 in Moscow
# Latin words a Russian runner may meet: names of things, not English. "Europe/Moscow" and
# commands are skipped by WORD itself.
ALLOWED = {"Strava", "CSV", "Hevy", "Strong", "coachbot", "Telegram", "UTC", "English"}
WORD = re.compile(r"(?<![\w/@.])[A-Za-z]{3,}(?![\w/])")


@pytest.fixture
async def harness(sqlite_url: str, migrated_sqlite: Path) -> AsyncIterator[Harness]:
    async with running_bot(fresh_sqlite(migrated_sqlite, sqlite_url)) as h:
        yield h


@pytest.fixture
def runner() -> FakeUser:
    return FakeUser(id=7001, first_name="Оля", language_code="ru")


async def a_week_in_russian(h: Harness, user: FakeUser) -> None:
    await h.says(user, "/start")
    await next_message(h, user)
    await h.says(user, "вт и чт")
    await press(h, user, "ob:h:done")
    await next_message(h, user)
    await h.says(user, "в 7 вечера")
    await next_message(h, user)
    await h.says(user, "в Москве")
    await press(h, user, "eq:gym")
    await h.settled()
    h.clock.set(TUESDAY_REMINDER)
    assert (await h.tick()).sent == 1
    card = await h.fake.wait_for_message(
        user.id, lambda m: any(d.startswith("rm:") for _, d in h.fake.buttons(m)))
    h.seen[user.id] = len(h.fake.messages_to(user.id))
    await h.says(user, "гоблет 3х8 12кг\nвыпады по 8 на каждую ногу", reply_to=card.message_id)
    await next_message(h, user)
    h.seen[user.id] = len(h.fake.messages_to(user.id))
    await h.says(user, "всё сделал", reply_to=card.message_id)
    await next_message(h, user)
    for command in ("/progress", "/plan", "/help", "/races"):
        h.seen[user.id] = len(h.fake.messages_to(user.id))
        await h.says(user, command)
        await next_message(h, user)
    await weekly_review(h, user, SUNDAY_EVENING)


async def test_a_russian_telegram_hears_a_whole_week_in_russian(
        harness: Harness, runner: FakeUser) -> None:
    await a_week_in_russian(harness, runner)
    texts = list(texts_sent(harness, runner.id))
    if path := os.environ.get("WEEK_RU"):
        Path(path).write_text("\n\n".join(texts) + "\n", encoding="utf-8")  # noqa: ASYNC240
    english = {text: words for text in texts
               if (words := [w for w in WORD.findall(text) if w not in ALLOWED])}
    assert not english, "English met:\n" + "\n".join(
        f"{words}: {text[:150]!r}" for text, words in list(english.items())[:40])
    joined = "\n".join(texts)
    assert "Гоблет-присед" in joined
    assert "кг" in joined
    assert any("Итоги недели" in t or "неделя" in t.lower() for t in texts)

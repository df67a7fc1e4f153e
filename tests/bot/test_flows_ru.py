# ruff: noqa: RUF001 (the runner types Russian)
"""A runner who types Russian, end to end: onboarding answers and reports are read whatever
language the bot speaks (real bot, fake Telegram over HTTP, real SQLite file)."""

from datetime import UTC, datetime

from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness

TUESDAY_REMINDER = datetime(2026, 11, 24, 16, 30, tzinfo=UTC)  # 19:00 run + 30 min, Moscow


async def onboard_in_russian(h: Harness, user: FakeUser) -> str:
    """Days, time and place typed in Russian; the summary's text."""
    await h.says(user, "/start")
    await h.reply(user, "Which days do you run hard")
    await h.says(user, "вт и чт")
    await h.buttons_show(user, "✅ Thu")
    await h.press(user, "Done")
    await h.reply(user, "When does your hard run usually end")
    await h.says(user, "в 7 вечера")
    await h.reply(user, "time zone")
    await h.says(user, "в Москве")
    return (await h.reply(user, "All set")).text or ""


async def test_onboarding_typed_in_russian(harness: Harness, runner: FakeUser) -> None:
    summary = await onboard_in_russian(harness, runner)
    assert "Tue and Thu" in summary
    assert "Reminder at 19:30 (Europe/Moscow)" in summary


async def test_a_report_typed_in_russian_is_stored(harness: Harness, runner: FakeUser) -> None:
    await onboard_in_russian(harness, runner)
    await harness.reply(runner, "What do you train with?")
    harness.clock.set(TUESDAY_REMINDER)
    harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
    assert (await harness.tick()).sent == 1
    card = await harness.reply(runner, "Strength time")
    await harness.says(runner, "становая на одной ноге 8 8 8\nгоблет 3х8 12кг\n"
                               "выпады по 8 на каждую ногу, 3 подхода",
                       reply_to=card.message_id)
    saved = (await harness.reply(runner, "Saved:")).text or ""
    assert "Goblet squat: 8 8 8 @ 12 kg" in saved
    await harness.says(runner, "икры пропускаю\nзашагивания 3х8")
    done = (await harness.reply(runner, "Session done")).text or ""
    assert "Goblet squat: 3×5 @ 14 kg (load up)" in done

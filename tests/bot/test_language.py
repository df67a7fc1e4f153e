"""The runner's language: taken from Telegram at /start, switched with /language, stored,
and used for every update after (read with the update's store: no extra statement)."""

from fakes.telegram_api import FakeUser
from services.language import current_language
from tests.bot.conftest import Harness


async def stored(harness: Harness, user_id: int) -> str | None:
    services = harness.services()
    return await services.units.read(current_language, services.clock.now(), user_id)


async def test_start_keeps_the_language_of_the_runners_telegram(harness: Harness) -> None:
    russian = FakeUser(id=6001, language_code="ru-RU")
    await harness.says(russian, "/start")
    await harness.reply(russian)
    await harness.settled()
    assert await stored(harness, russian.id) == "ru"
    other = FakeUser(id=6002, language_code="de")
    await harness.says(other, "/start")
    await harness.reply(other)
    await harness.settled()
    assert await stored(harness, other.id) == "en"  # a language the bot doesn't speak


async def test_language_switches_stores_and_answers_in_the_new_language(
        harness: Harness, runner: FakeUser) -> None:
    await harness.says(runner, "/start")
    await harness.reply(runner)
    await harness.says(runner, "/language")
    screen = await harness.buttons_show(runner, "✅ English")
    assert [text for text, _ in harness.fake.buttons(screen)] == ["✅ English", "Русский"]
    await harness.press(runner, "Русский", screen.message_id)
    switched = await harness.fake.wait_for_message(
        runner.id, lambda m: m.message_id == screen.message_id and "✅ Русский" in [
            text for text, _ in harness.fake.buttons(m)])
    assert "English" not in (switched.text or "")
    await harness.settled()
    assert await stored(harness, runner.id) == "ru"
    await harness.says(runner, "/start")  # /start keeps a language chosen before
    await harness.reply(runner)
    await harness.settled()
    assert await stored(harness, runner.id) == "ru"
    await harness.says(runner, "/help")  # their Telegram says English; they chose Russian
    await harness.reply(runner, "Вот что я понимаю")


async def test_a_russian_telegram_hears_russian_from_the_first_message(
        harness: Harness) -> None:
    russian = FakeUser(id=6003, language_code="ru")
    await harness.says(russian, "/start")
    await harness.reply(russian, "Привет, я твой тренер")
    await harness.reply(russian, "тяжёлые пробежки")
    await harness.says(russian, "/language")
    await harness.buttons_show(russian, "✅ Русский")


async def test_the_command_menu_is_published_in_each_language(harness: Harness) -> None:
    await harness.fake.wait_for_call("setMyCommands", lambda c: c.params.get(
        "language_code") == "ru")
    await harness.fake.wait_for_call("setMyShortDescription", lambda c: c.params.get(
        "language_code") == "ru")
    menus = {key.split("|")[1]: {c["command"] for c in commands}
             for key, commands in harness.fake.commands.items()}
    assert menus[""] == menus["ru"]
    assert "language" in menus["ru"]

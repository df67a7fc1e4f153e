"""At start the bot publishes its "/" menu and descriptions; they match what it understands."""

import logging

import pytest

from bot import menu
from bot.app import COMMANDS
from bot.commands import HELP
from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness


async def test_the_command_menu_and_descriptions_are_published_at_start(
    harness: Harness,
) -> None:
    await harness.fake.wait_for_call("setMyCommands")
    published = next(iter(harness.fake.commands.values()))
    assert [(c["command"], c["description"]) for c in published] == list(menu.MENU)
    await harness.fake.wait_for_call("setMyShortDescription")
    description = await harness.fake.wait_for_call("setMyDescription")
    assert description.params["description"] == menu.DESCRIPTION


def test_the_menu_lists_every_command_but_start_and_help_mentions_each() -> None:
    listed = {name for name, _ in menu.MENU}
    assert listed == set(COMMANDS) - {"start"}
    for name in listed - {"help"}:
        assert f"/{name}" in HELP, name


def test_descriptions_fit_telegrams_limits() -> None:
    assert len(menu.DESCRIPTION) <= 512
    assert len(menu.SHORT_DESCRIPTION) <= 120
    assert all(len(text) <= 256 and 1 <= len(name) <= 32 for name, text in menu.MENU)


async def test_a_failure_to_publish_is_logged_and_the_bot_keeps_serving(
    harness: Harness, runner: FakeUser, caplog: pytest.LogCaptureFixture,
) -> None:
    assert harness.app is not None
    harness.fake.fail_next("setMyCommands", status=400, description="Bad Request: nope")
    with caplog.at_level(logging.WARNING, logger="bot.menu"):
        await menu.publish(harness.app.bot)
    assert "could not publish the command menu: BadRequest" in caplog.text
    await harness.says(runner, "/help")
    await harness.reply(runner, "Here's what I understand")

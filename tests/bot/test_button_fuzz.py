"""Every button pattern the bot emits, pressed by the wrong people with the wrong data.

The patterns are read from the source (each `callback_data=` in bot/), so a new button is
pressed here without anyone listing it. Each is pressed, end to end through the fake Bot
API, by a stranger in the owner's chat, by the owner with garbage or stale ids, by a user
who never onboarded, and by a runner whose data was deleted. Nothing may reach the error
handler, a stranger gets an alert and nothing else, and no one's rows change.
"""

import ast
import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.guards import NOT_YOURS
from bot.routes import BUTTONS, SORRY
from fakes.telegram_api import FakeChat, FakeUser
from storage.db import create_engine
from tests.bot.conftest import Harness, running_bot
from tests.bot.test_flows import onboard, reminder

BOT = Path(__file__).resolve().parents[2] / "bot"
TABLES = ("users", "drafts", "targets", "sessions", "entries", "plan_moves", "reviews",
          "questions", "notes", "races", "readiness")
STALE = ("2147483648", "-1", "²", "")  # never a valid id, index, day, time or page
Template = tuple[str | None, ...]  # literal parts; None where the code fills in a value
Snapshot = dict[str, list[tuple[object, ...]]]


def emitted_templates() -> set[Template]:
    """Each `callback_data=` the bot's code builds, as literal parts and holes."""
    found: set[Template] = set()
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.keyword) and node.arg == "callback_data":
                found.add(_template(node.value))
    return found


def _template(value: ast.expr) -> Template:
    if isinstance(value, ast.Constant):
        return (str(value.value),)
    assert isinstance(value, ast.JoinedStr), ast.dump(value)
    return tuple(str(part.value) if isinstance(part, ast.Constant) else None
                 for part in value.values)


def matcher(template: Template) -> re.Pattern[str]:
    return re.compile("".join(re.escape(p) if p is not None else "(.*)" for p in template)
                      + "$")


def filled(template: Template, values: list[str]) -> str:
    holes = iter(values)
    return "".join(part if part is not None else next(holes) for part in template)


def holes(template: Template) -> int:
    return sum(part is None for part in template)


def samples(template: Template, harvested: set[str]) -> list[str]:
    """What the bot really sent for this pattern, or a plausible filling ("1")."""
    real = sorted(d for d in harvested if matcher(template).match(d))
    return real[:3] or [filled(template, ["1"] * holes(template))]


def garbled(template: Template, harvested: set[str]) -> Iterator[str]:
    """Each hole in turn replaced by a value no button of ours carries."""
    for sample in samples(template, harvested)[:1]:
        match = matcher(template).match(sample)
        assert match is not None
        real = list(match.groups())
        for hole in range(len(real)):
            for stale in STALE:
                yield filled(template, [*real[:hole], stale, *real[hole + 1:]])


async def snapshot(database_url: str) -> Snapshot:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return {table: [tuple(row) for row in await conn.execute(
                text(f"SELECT * FROM {table} ORDER BY 1"))] for table in TABLES}
    finally:
        await engine.dispose()


class Presser:
    """Presses buttons one by one and waits for each answer."""

    def __init__(self, h: Harness) -> None:
        self.h = h

    async def press(self, user: FakeUser, message_id: int, data: str,
                    chat: FakeChat | None = None) -> dict[str, object]:
        self.h.clock.advance(timedelta(seconds=2))  # a person tapping, not a flood
        query_id = self.h.fake.press_raw(user, message_id, data, chat=chat)
        answer = await self.h.fake.wait_until(lambda: self.h.fake.callback_answers.get(query_id))
        assert isinstance(answer, dict), data
        return answer


def harvest(h: Harness, *users: FakeUser) -> set[str]:
    return {data for user in users for m in h.fake.messages_to(user.id)
            for _, data in h.fake.buttons(m) if data}


async def walk(h: Harness, owner: FakeUser, runners: int = 2) -> int:
    """The owner sees every screen with buttons; returns the card's message id."""
    await h.says(owner, "/race 2027-05-02 half")
    await h.reply(owner, "")
    for command in ("/races", "/settings", "/equipment", "/deleteme"):
        await h.says(owner, command)
        await h.reply(owner, "")
    await h.press(owner, "Weekly review")
    await h.reply(owner, "")
    card = await reminder(h, owner, runners)
    await h.press(owner, "Pain", card)
    await h.reply(owner, "Where does it hurt")
    await h.press(owner, "Log my sets", card)
    await h.reply(owner, "1/5")
    await h.says(owner, "8 8 7")
    await h.reply(owner, "2/5")
    await h.says(owner, "/progress")
    await h.fake.wait_for_message(owner.id, lambda m: m.photo is not None)
    return card


async def others_screens(h: Harness, other: FakeUser) -> None:
    """Another runner's race, session and question buttons (their card came with the
    owner's)."""
    await h.says(other, "/race 2027-06-06 10k")
    await h.reply(other, "")
    await h.says(other, "/races")
    await h.reply(other, "")
    card = await h.fake.wait_for_message(other.id, lambda m: "Strength" in m.text)
    await h.press(other, "Pain", card.message_id)
    await h.reply(other, "Where does it hurt")
    await h.press(other, "Log my sets", card.message_id)
    await h.reply(other, "1/5")
    await h.says(other, "goblet 8x3", reply_to=card.message_id)  # 8 sets of 3, or 3×8?
    await h.fake.wait_for_message(other.id, lambda m: any(
        data.startswith("uq:") for _, data in h.fake.buttons(m)))


@pytest.fixture
async def harness(db_url: str) -> AsyncIterator[Harness]:
    """The bot on SQLite and on PostgreSQL, whose 32-bit ids refuse a too-large one loudly."""
    async with running_bot(db_url) as h:
        yield h


@pytest.fixture
def errors(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.ERROR)
    return caplog


def failures(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def sorry_sent(h: Harness) -> list[object]:
    return [c.params.get("chat_id") for c in h.fake.calls_to("sendMessage")
            if SORRY in str(c.params.get("text"))]


def test_every_button_the_bot_emits_is_routed_to_a_handler() -> None:
    templates = emitted_templates()
    assert len(templates) > 20
    for template in templates:
        data = filled(template, ["1"] * holes(template))
        assert data.split(":")[0] in BUTTONS, f"no handler for {data!r}"


async def test_a_strangers_press_on_any_button_gets_an_alert_and_nobody_hears_a_thing(
    harness: Harness, runner: FakeUser, errors: pytest.LogCaptureFixture,
) -> None:
    stranger = FakeUser(id=6002, first_name="Ben")
    await onboard(harness, runner)
    await onboard(harness, stranger)
    card = await walk(harness, runner)
    datas = harvest(harness, runner)
    pressed = sorted({d for t in emitted_templates() for d in samples(t, datas)})
    before, sent = await snapshot(harness.database_url), len(harness.fake.calls)
    owners_chat = FakeChat(id=runner.id, type="private", title="")
    presser = Presser(harness)
    for data in pressed:
        answer = await presser.press(stranger, card, data, chat=owners_chat)
        assert (answer.get("text"), answer.get("show_alert")) == (NOT_YOURS, True), data
    said = {c.method for c in harness.fake.calls[sent:]} - {"getUpdates", "answerCallbackQuery"}
    assert said == set()
    assert await snapshot(harness.database_url) == before
    assert failures(errors) == []


async def test_the_owners_garbled_stale_or_someone_elses_presses_are_answered_and_change_nothing(
    harness: Harness, runner: FakeUser, errors: pytest.LogCaptureFixture,
) -> None:
    other = FakeUser(id=6002, first_name="Ben")
    await onboard(harness, runner)
    await onboard(harness, other)
    card = await walk(harness, runner)
    await others_screens(harness, other)
    datas = harvest(harness, runner)
    theirs = harvest(harness, other) - datas  # the buttons that carry the other's ids
    assert {d.split(":")[0] for d in theirs} >= {"rm", "rd", "lg", "rc", "uq"}
    presser = Presser(harness)
    before = await snapshot(harness.database_url)
    for data in sorted({d for t in emitted_templates() for d in garbled(t, datas)} | theirs):
        assert (await presser.press(runner, card, data)).get("text"), data
    assert await snapshot(harness.database_url) == before
    await harness.press(runner, "Skip today", card)  # the session closes
    await harness.reply(runner, "Skipped")
    await harness.says(runner, "/races")
    races = await harness.reply(runner, "")
    await harness.press(runner, "Remove", races.message_id)  # the race is gone
    await harness.reply(runner, "")
    before = await snapshot(harness.database_url)
    for data in sorted(d for d in datas if d.startswith(("rm:", "rd:", "lg:", "rc:", "uq:"))):
        await presser.press(runner, card, data)
    assert await snapshot(harness.database_url) == before
    assert failures(errors) == []
    assert sorry_sent(harness) == []


async def test_a_user_who_never_onboarded_or_was_deleted_can_press_anything_safely(
    harness: Harness, runner: FakeUser, errors: pytest.LogCaptureFixture,
) -> None:
    newcomer = FakeUser(id=6003, first_name="Cy")
    await onboard(harness, runner)
    card = await walk(harness, runner, runners=1)
    datas = harvest(harness, runner)
    await harness.says(newcomer, "/help")
    shown = (await harness.reply(newcomer, "")).message_id
    pressed = sorted({d for t in emitted_templates()
                      for d in [*samples(t, datas), *garbled(t, datas)]})
    presser = Presser(harness)
    before = await snapshot(harness.database_url)
    for data in pressed:
        await presser.press(newcomer, shown, data)
    assert await snapshot(harness.database_url) == before
    await harness.press(runner, "Delete everything")
    await harness.reply(runner, "everything I stored about you is gone")
    for data in sorted(datas):
        await presser.press(runner, card, data)
    assert failures(errors) == []
    assert sorry_sent(harness) == []


async def test_a_strangers_press_on_someones_equipment_button_gets_an_alert_and_the_owner_hears_nothing(  # noqa: E501
    harness: Harness, runner: FakeUser, errors: pytest.LogCaptureFixture,
) -> None:
    stranger = FakeUser(id=6004, first_name="Dee")  # never onboarded: the reported crash
    await onboard(harness, runner)
    await harness.says(runner, "/settings")
    settings = await harness.reply(runner, "What would you like to change?")
    heard = len(harness.fake.messages_to(runner.id))
    owners_chat = FakeChat(id=runner.id, type="private", title="")
    answer = await Presser(harness).press(stranger, settings.message_id, "eq:menu",
                                          chat=owners_chat)
    assert (answer.get("text"), answer.get("show_alert")) == (NOT_YOURS, True)
    await harness.says(runner, "/help")
    await harness.reply(runner, "Here's what I understand")
    assert len(harness.fake.messages_to(runner.id)) == heard + 1  # only the /help answer
    assert harness.fake.messages_to(stranger.id) == []
    assert failures(errors) == []

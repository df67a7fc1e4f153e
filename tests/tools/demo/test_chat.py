"""The demo's chat page over the shared fake Bot API, driven by python-telegram-bot and HTTP."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto

from fakes.telegram_api import FakeTelegram
from tools.demo.chat import VISITOR, DemoChat
from tools.demo.clock import DemoClock
from tools.demo.run import TOKEN
from tools.demo.web import DemoServer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
OTHER_PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64
CHAT_ID = VISITOR.id


@pytest.fixture
async def server() -> AsyncIterator[DemoServer]:
    async def no_clock(action: str) -> str:
        return action

    clock = DemoClock()
    fake = FakeTelegram(TOKEN, "coach_demo_bot", now=lambda: clock.now().timestamp())
    await fake.start()
    demo = DemoServer(DemoChat(fake), no_clock, clock.now)
    await demo.start()
    yield demo
    await demo.stop()
    await fake.stop()


@pytest.fixture
async def bot(server: DemoServer) -> AsyncIterator[Bot]:
    url = server.chat.fake.url
    async with Bot(TOKEN, base_url=f"{url}/bot", base_file_url=f"{url}/file/bot") as bot:
        yield bot


async def page_state(server: DemoServer) -> dict[str, object]:
    async with aiohttp.ClientSession() as http, http.get(f"{server.url}/demo/state") as res:
        state: dict[str, object] = await res.json()
        return state


def test_the_demo_clock_runs_and_only_jumps_ahead() -> None:
    start = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    clock = DemoClock(start)
    assert clock.now() >= start
    later = clock.jump_to(start + timedelta(days=1))
    assert later >= start + timedelta(days=1)
    assert clock.jump_to(start) >= later
    assert clock.advance(timedelta(days=7)) >= later + timedelta(days=7)


async def test_the_page_and_the_fake_listen_on_loopback_only(server: DemoServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert server.chat.fake.url.startswith("http://127.0.0.1:")


async def test_a_chart_and_an_export_the_bot_sends_reach_the_page(
    server: DemoServer, bot: Bot,
) -> None:
    server.chat.say("/progress")
    photo = await bot.send_photo(CHAT_ID, PNG, caption="Goblet squat, this month")
    doc = await bot.send_document(CHAT_ID, b"date,exercise\n", filename="coachbot.csv")
    assert photo.caption == "Goblet squat, this month"
    assert doc.document is not None
    assert doc.document.file_name == "coachbot.csv"
    state = await page_state(server)
    messages = state["messages"]
    assert isinstance(messages, list)
    _said, chart, export = messages
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server.url}/demo/files/{chart['photo']}") as res:
            assert res.content_type == "image/png"
            assert await res.read() == PNG
        async with http.get(f"{server.url}/demo/files/{export['document']['id']}") as res:
            assert await res.read() == b"date,exercise\n"
        async with http.get(f"{server.url}/demo/files/bot-999") as res:
            assert res.status == 404


async def test_a_chart_switched_by_its_buttons_shows_the_new_picture(
    server: DemoServer, bot: Bot,
) -> None:
    """/progress's exercise buttons edit the photo in place (editMessageMedia)."""
    server.chat.say("/progress")
    photo = await bot.send_photo(CHAT_ID, PNG, caption="Goblet squat")
    await bot.edit_message_media(InputMediaPhoto(OTHER_PNG, caption="Step-up"),
                                 CHAT_ID, photo.message_id)
    state = await page_state(server)
    messages = state["messages"]
    assert isinstance(messages, list)
    chart = messages[-1]
    assert chart["text"] == "Step-up"
    assert chart["edited"]
    async with aiohttp.ClientSession() as http, \
            http.get(f"{server.url}/demo/files/{chart['photo']}") as res:
        assert await res.read() == OTHER_PNG


async def test_a_tapped_button_becomes_a_callback_and_the_edit_replaces_the_message(
    server: DemoServer, bot: Bot,
) -> None:
    server.chat.say("/start")
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Tue", callback_data="ob:h:1")]])
    sent = await bot.send_message(CHAT_ID, "Which days?", reply_markup=keyboard)
    assert server.chat.press(sent.message_id, "ob:h:1")
    assert not server.chat.press(sent.message_id, "forged")
    assert not server.chat.press(999, "ob:h:1")
    _start, update = await bot.get_updates(timeout=0)
    assert update.callback_query is not None
    assert update.callback_query.data == "ob:h:1"
    assert await update.callback_query.answer("Saved")
    ticked = InlineKeyboardMarkup([[InlineKeyboardButton("✅ Tue", callback_data="ob:h:1")]])
    await bot.edit_message_text("Which days?", CHAT_ID, sent.message_id, reply_markup=ticked)
    state = await page_state(server)
    toast, messages = state["toast"], state["messages"]
    assert isinstance(toast, dict)
    assert toast["text"] == "Saved"
    assert isinstance(messages, list)
    shown = messages[-1]
    assert shown["edited"]
    assert shown["buttons"][0][0]["text"] == "✅ Tue"


async def test_a_visitors_reply_edit_and_file_arrive_as_telegram_updates(
    server: DemoServer, bot: Bot,
) -> None:
    server.chat.say("/start")
    card = await bot.send_message(CHAT_ID, "<b>Strength time</b>", parse_mode="HTML")
    said = server.chat.say("goblet 3x8", reply_to=card.message_id)
    assert server.chat.edit(said, "goblet 3x7")
    assert not server.chat.edit(card.message_id, "not mine")
    server.chat.send_document("log.csv", "text/csv", b"a,b\n")
    _start, message, edited, upload = await bot.get_updates(timeout=0)
    assert message.message is not None
    assert message.message.reply_to_message is not None
    assert message.message.reply_to_message.message_id == card.message_id
    assert edited.edited_message is not None
    assert edited.edited_message.text == "goblet 3x7"
    assert upload.message is not None
    assert upload.message.document is not None
    file = await bot.get_file(upload.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"a,b\n"
    state = await page_state(server)
    messages = state["messages"]
    assert isinstance(messages, list)
    shown_card = next(m for m in messages if m["id"] == card.message_id)
    assert shown_card["html"]
    assert shown_card["text"] == "<b>Strength time</b>"


async def test_the_command_menu_and_a_slash_command_look_like_telegrams(
    server: DemoServer, bot: Bot,
) -> None:
    await bot.set_my_commands([("plan", "Your week")])
    server.chat.say("/plan")
    (update,) = await bot.get_updates(timeout=0)
    assert update.message is not None
    assert update.message.text == "/plan"
    assert update.message.entities[0].type == "bot_command"
    state = await page_state(server)
    assert state["commands"] == [{"command": "plan", "description": "Your week"}]

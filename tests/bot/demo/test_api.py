"""The stand-in Bot API and chat page, driven by python-telegram-bot and plain HTTP."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup

from bot.demo.api import TOKEN
from bot.demo.chat import CHAT_ID, DemoChat
from bot.demo.clock import DemoClock
from bot.demo.web import DemoServer

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
async def server() -> AsyncIterator[DemoServer]:
    async def no_clock(action: str) -> str:
        return action

    demo = DemoServer(DemoChat(DemoClock().now), no_clock)
    await demo.start()
    yield demo
    await demo.stop()


@pytest.fixture
async def bot(server: DemoServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=f"{server.url}/bot",
                   base_file_url=f"{server.url}/file/bot") as bot:
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


async def test_the_server_listens_on_loopback_only(server: DemoServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")


async def test_a_chart_and_an_export_the_bot_sends_reach_the_page(
    server: DemoServer, bot: Bot,
) -> None:
    photo = await bot.send_photo(CHAT_ID, PNG, caption="Goblet squat, this month")
    doc = await bot.send_document(CHAT_ID, b"date,exercise\n", filename="coachbot.csv")
    assert photo.caption == "Goblet squat, this month"
    assert doc.document is not None
    assert doc.document.file_name == "coachbot.csv"
    state = await page_state(server)
    messages = state["messages"]
    assert isinstance(messages, list)
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server.url}/demo/files/{messages[0]['photo']}") as res:
            assert await res.read() == PNG
        async with http.get(f"{server.url}/demo/files/{messages[1]['document']['id']}") as res:
            assert await res.read() == b"date,exercise\n"


async def test_a_tapped_button_becomes_a_callback_and_the_edit_replaces_the_message(
    server: DemoServer, bot: Bot,
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Tue", callback_data="ob:h:1")]])
    sent = await bot.send_message(CHAT_ID, "Which days?", reply_markup=keyboard)
    assert server.chat.press(sent.message_id, "ob:h:1")
    assert not server.chat.press(sent.message_id, "forged")
    (update,) = await bot.get_updates(timeout=0)
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
    (shown,) = messages
    assert shown["edited"]
    assert shown["buttons"][0][0]["text"] == "✅ Tue"


async def test_a_visitors_reply_edit_and_file_arrive_as_telegram_updates(
    server: DemoServer, bot: Bot,
) -> None:
    card = await bot.send_message(CHAT_ID, "<b>Strength time</b>", parse_mode="HTML")
    said = server.chat.say("goblet 3x8", reply_to=card.message_id)
    server.chat.edit(said.id, "goblet 3x7")
    server.chat.send_document("log.csv", "text/csv", b"a,b\n")
    message, edited, upload = await bot.get_updates(timeout=0)
    assert message.message is not None
    assert message.message.reply_to_message is not None
    assert message.message.reply_to_message.message_id == card.message_id
    assert edited.edited_message is not None
    assert edited.edited_message.text == "goblet 3x7"
    assert upload.message is not None
    assert upload.message.document is not None
    file = await bot.get_file(upload.message.document.file_id)
    assert bytes(await file.download_as_bytearray()) == b"a,b\n"


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

"""Self-test of the fake Telegram server, driven by a real python-telegram-bot Application."""

import asyncio
import datetime as dtm
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, EndPointNotFound, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from fakes.telegram_api import FakeChat, FakeTelegram, FakeUser, running_fake

RUNNER = FakeUser(id=4242, first_name="Ann", username="ann")
KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Yes", callback_data="yes"),
            InlineKeyboardButton("No", callback_data="no"),
        ]
    ]
)


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply with an inline keyboard."""
    assert update.effective_message is not None
    await update.effective_message.reply_text("Ready to train?", reply_markup=KEYBOARD)


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the query and edit the message."""
    query = update.callback_query
    assert query is not None
    await query.answer("noted")
    await query.edit_message_text(f"You chose {query.data}")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo text, and name other content."""
    message = update.effective_message
    assert message is not None
    if message.location:
        await message.reply_text(f"at {message.location.latitude:.2f}")
    elif message.sticker:
        await message.reply_text("nice sticker")
    else:
        edited = "edited " if update.edited_message else ""
        await message.reply_text(f"{edited}echo: {message.text}")


def build_app(fake: FakeTelegram) -> Application[Any, Any, Any, Any, Any, Any]:
    """A PTB application wired to the fake server."""
    app = (
        ApplicationBuilder()
        .token(fake.token)
        .base_url(f"{fake.url}/bot")
        .base_file_url(f"{fake.url}/file/bot")
        .build()
    )
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(CallbackQueryHandler(on_press))
    app.add_handler(MessageHandler(~filters.COMMAND, on_text))
    return app


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with running_fake() as server:
        yield server


@pytest.fixture
async def polling(fake: FakeTelegram) -> AsyncIterator[FakeTelegram]:
    """The fake with a PTB application long-polling it."""
    app = build_app(fake)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=1))
        try:
            yield fake
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    """A bare Bot (no polling) talking to the fake."""
    async with Bot(fake.token, base_url=f"{fake.url}/bot") as client:
        yield client


async def test_conversation_round_trip(polling: FakeTelegram) -> None:
    fake = polling
    fake.send_text(RUNNER, "/start")
    reply = await fake.wait_for_message(RUNNER.id)
    assert reply.text == "Ready to train?"
    assert fake.buttons(reply) == [("Yes", "yes"), ("No", "no")]

    query_id = fake.press_button(RUNNER, "Yes")
    edited = await fake.wait_for_message(RUNNER.id, lambda m: m.edits == 1)
    assert edited.message_id == reply.message_id
    assert edited.text == "You chose yes"
    assert edited.reply_markup is None  # editing without markup drops the keyboard
    answer = await fake.wait_for_call("answerCallbackQuery")
    assert answer.params == {"callback_query_id": query_id, "text": "noted"}

    fake.send_text(RUNNER, "12345")
    echo = await fake.wait_for_message(RUNNER.id, after=1)
    assert echo.text == "echo: 12345"
    assert [m.message_id for m in fake.messages_to(RUNNER.id)] == [2, 4]


async def test_params_are_decoded(polling: FakeTelegram) -> None:
    polling.send_text(RUNNER, "/start")
    call = await polling.wait_for_call("sendMessage")
    assert call.params["chat_id"] == RUNNER.id
    assert call.params["text"] == "Ready to train?"
    assert call.params["reply_markup"]["inline_keyboard"][0][0] == {
        "text": "Yes",
        "callback_data": "yes",
    }
    assert "reply_parameters" not in call.params  # reply_text only quotes in groups


async def test_replies_are_linked(fake: FakeTelegram, bot: Bot) -> None:
    asked = fake.send_text(RUNNER, "how many?")
    sent = await bot.send_message(RUNNER.id, "eight", reply_to_message_id=asked["message_id"])
    assert sent.reply_to_message is not None
    assert sent.reply_to_message.text == "how many?"
    assert fake.calls[-1].params["reply_parameters"] == {"message_id": asked["message_id"]}
    assert fake.last_message(RUNNER.id).reply_to == asked["message_id"]


async def test_user_content_and_edits(polling: FakeTelegram) -> None:
    fake = polling
    original = fake.send_text(RUNNER, "3x8")
    await fake.wait_for_message(RUNNER.id, lambda m: m.text == "echo: 3x8")
    fake.edit_text(RUNNER, original["message_id"], "3x9")
    await fake.wait_for_message(RUNNER.id, lambda m: m.text == "edited echo: 3x9")
    fake.send_location(RUNNER, 52.52, 13.40)
    await fake.wait_for_message(RUNNER.id, lambda m: m.text == "at 52.52")
    fake.send_sticker(RUNNER)
    await fake.wait_for_message(RUNNER.id, lambda m: m.text == "nice sticker")
    await fake.wait_idle()
    assert fake.calls_to("getUpdates")[-1].params["offset"] == fake.updates[-1]["update_id"] + 1


async def test_press_checks_buttons(polling: FakeTelegram) -> None:
    fake = polling
    fake.send_text(RUNNER, "/start")
    reply = await fake.wait_for_message(RUNNER.id)
    with pytest.raises(AssertionError, match="no button 'maybe'"):
        fake.press(RUNNER, reply.message_id, "maybe")
    fake.press_raw(RUNNER, reply.message_id, "maybe")
    edited = await fake.wait_for_message(RUNNER.id, lambda m: m.edits == 1)
    assert edited.text == "You chose maybe"


async def test_wait_for_message_times_out_with_dump(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(RUNNER.id, "hello")
    with pytest.raises(AssertionError, match="'hello'"):
        await fake.wait_for_message(RUNNER.id, lambda m: m.text == "bye", timeout=0.05)


async def test_retry_after(fake: FakeTelegram, bot: Bot, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without PTB_TIMEDELTA, PTB 22 warns (PTBDeprecationWarning) while *building* RetryAfter.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    fake.fail_next("sendMessage", status=429, retry_after=1)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(RUNNER.id, "hi")
    assert caught.value.retry_after == dtm.timedelta(seconds=1)
    await bot.send_message(RUNNER.id, "hi")
    assert [c.status for c in fake.calls_to("sendMessage")] == [429, 200]


async def test_blocked_chat(fake: FakeTelegram, bot: Bot) -> None:
    fake.block_chat(RUNNER.id)
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(RUNNER.id, "hi")
    fake.unblock_chat(RUNNER.id)
    await bot.send_message(RUNNER.id, "hi")


async def test_telegram_rejections(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(RUNNER.id, "same", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_text("same", RUNNER.id, sent.message_id, reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(RUNNER.id, "<b>bold", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(RUNNER.id, "  ")
    with pytest.raises(BadRequest, match=r"(?i)message to be replied not found"):
        await bot.send_message(RUNNER.id, "x", reply_to_message_id=999)
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    assert fake.calls[-1].status == 404


async def test_html_is_rendered(fake: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(RUNNER.id, "<b>3×8</b> &lt;easy&gt;", parse_mode="HTML")
    shown = fake.last_message(RUNNER.id)
    assert (shown.text, shown.raw_text) == ("3×8 <easy>", "<b>3×8</b> &lt;easy&gt;")


async def test_wrong_token(fake: FakeTelegram) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=f"{fake.url}/bot"):
            pass


async def test_long_poll_wakes_and_offset_acknowledges(fake: FakeTelegram, bot: Bot) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await fake.wait_for_call("getUpdates")
    fake.send_text(RUNNER, "hi")
    updates = await poll
    assert time.monotonic() - started < 2
    assert [u.message.text for u in updates if u.message] == ["hi"]
    assert await bot.get_updates(timeout=0) != ()
    assert await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0) == ()


async def test_slow_answers(fake: FakeTelegram, bot: Bot) -> None:
    fake.delay = 0.2
    started = time.monotonic()
    await bot.send_message(RUNNER.id, "slow")
    assert time.monotonic() - started >= 0.2


async def test_commands_and_chat(fake: FakeTelegram, bot: Bot) -> None:
    await bot.set_my_commands([("start", "Start"), ("plan", "Your plan")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "plan"]
    fake.send_text(RUNNER, "hi")
    chat = await bot.get_chat(RUNNER.id)
    assert (chat.id, chat.type, chat.username) == (RUNNER.id, "private", "ann")


async def test_group_command_is_quoted(polling: FakeTelegram) -> None:
    group = FakeChat(id=-1001, title="Track club")
    asked = polling.send_text(RUNNER, "/start@coach_test_bot", chat=group)
    assert asked["entities"] == [{"type": "bot_command", "offset": 0, "length": 21}]
    reply = await polling.wait_for_message(group.id)
    assert reply.reply_to == asked["message_id"]
    await polling.wait_idle(quiet=0.05)


async def test_every_update_kind_parses(fake: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(RUNNER.id, "pick", reply_markup=KEYBOARD)
    first = fake.send_text(RUNNER, "hi")
    fake.send_text(RUNNER, "fwd", forward=True, reply_to=sent.message_id)
    fake.edit_text(RUNNER, first["message_id"], "hi again")
    fake.send_location(RUNNER, 1.0, 2.0)
    fake.send_photo(RUNNER, caption="form check")
    fake.send_voice(RUNNER)
    fake.send_sticker(RUNNER)
    fake.press(RUNNER, sent.message_id, "no")
    await bot.delete_message(RUNNER.id, sent.message_id)
    fake.press_raw(RUNNER, sent.message_id, "yes")
    fake.block_chat(RUNNER.id, notify=True)
    updates = await bot.get_updates(timeout=0)
    assert len(updates) == len(fake.updates) == 10
    forwarded = updates[1].message
    assert forwarded is not None
    assert forwarded.forward_origin is not None
    assert forwarded.reply_to_message is not None
    assert updates[2].edited_message is not None
    stale = updates[8].callback_query
    assert stale is not None
    assert stale.message is not None
    assert not stale.message.is_accessible
    member = updates[9].my_chat_member
    assert member is not None
    assert member.new_chat_member.status == "kicked"

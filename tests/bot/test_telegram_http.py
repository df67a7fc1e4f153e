"""DirectRequest: Bot API calls sent past the httpx client's layers, answered and failing
as PTB's own HTTPXRequest would."""

import io
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut

from bot.telegram_http import DirectRequest
from fakes.telegram_api import FakeTelegram, running_fake


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with running_fake() as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=f"{fake.url}/bot",
                   request=DirectRequest(connection_pool_size=4)) as client:
        yield client


async def test_a_form_encoded_call_arrives_whole_and_its_answer_is_read(
        bot: Bot, fake: FakeTelegram) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Done ✓", callback_data="d:1")]])
    sent = await bot.send_message(42, "Saved: 8 8 8 @ 12 kg & more", reply_markup=keyboard)
    assert sent.text == "Saved: 8 8 8 @ 12 kg & more"
    call = fake.calls_to("sendMessage")[-1]
    assert call.params["chat_id"] == 42
    assert call.params["reply_markup"] == keyboard.to_dict()
    assert fake.last_message(42).text == sent.text


async def test_an_upload_goes_the_usual_multipart_way(bot: Bot, fake: FakeTelegram) -> None:
    await bot.send_document(42, io.BytesIO(b"date,reps\n"), filename="log.csv")
    assert fake.last_message(42).document == b"date,reps\n"


async def test_an_error_answer_is_telegrams(bot: Bot, fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(42, "hi")


async def test_a_cut_connection_is_a_network_error_and_a_slow_answer_timed_out(
        bot: Bot, fake: FakeTelegram) -> None:
    fake.drop_next("sendMessage")
    with pytest.raises(NetworkError, match="httpx"):
        await bot.send_message(42, "hi")
    fake.delay = 1.0
    with pytest.raises(TimedOut):
        await bot.send_message(42, "hi", read_timeout=0.05)

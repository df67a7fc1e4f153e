"""DirectRequest and KeepAliveRequest: Bot API calls sent past the httpx client's layers (or
past httpx altogether), answered and failing as PTB's own HTTPXRequest would."""

import asyncio
import io
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.sender import sent
from bot.telegram_http import DirectRequest, KeepAliveRequest
from fakes.telegram_api import FakeTelegram, FakeUser, running_fake

CUT = {DirectRequest: "httpx", KeepAliveRequest: "IncompleteReadError"}


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    async with running_fake() as server:
        yield server


@pytest.fixture(params=[DirectRequest, KeepAliveRequest])
def kind(request: pytest.FixtureRequest) -> type[DirectRequest]:
    kind: type[DirectRequest] = request.param
    return kind


@pytest.fixture
async def bot(fake: FakeTelegram, kind: type[DirectRequest]) -> AsyncIterator[Bot]:
    async with Bot(fake.token, base_url=f"{fake.url}/bot",
                   request=kind(connection_pool_size=4)) as client:
        yield client


async def test_a_form_encoded_call_arrives_whole_and_its_answer_is_read(
        bot: Bot, fake: FakeTelegram) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Done ✓", callback_data="d:1")]])
    sent_message = await bot.send_message(42, "Saved: 8 8 8 @ 12 kg & more",
                                          reply_markup=keyboard)
    assert sent_message.text == "Saved: 8 8 8 @ 12 kg & more"
    call = fake.calls_to("sendMessage")[-1]
    assert call.params["chat_id"] == 42
    assert call.params["reply_markup"] == keyboard.to_dict()
    assert fake.last_message(42).text == sent_message.text


async def test_a_replys_answer_is_read_without_what_it_echoes_but_updates_keep_it(
        bot: Bot, fake: FakeTelegram) -> None:
    """What a sent reply's answer echoes (the quoted message, the keyboard, the bot as
    sender) is never read, so it is not built; a runner's reply, as an update, still names
    what it answers."""
    runner = FakeUser(id=42)
    asked = await bot.send_message(42, "How did the goblet squat go?")
    typed = fake.send_text(runner, "3x8", reply_to=asked.message_id)
    (update,) = await bot.get_updates()
    assert update.message is not None
    assert update.message.reply_to_message is not None
    assert update.message.reply_to_message.message_id == asked.message_id
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Undo", callback_data="u:1")]])
    reply = await bot.send_message(42, "Saved", reply_to_message_id=typed["message_id"],
                                   reply_markup=keyboard)
    assert (reply.text, reply.chat.id, reply.message_id) == ("Saved", 42,
                                                             fake.last_message(42).message_id)
    assert (reply.reply_to_message, reply.reply_markup, reply.from_user) == (None, None, None)
    assert fake.last_message(42).reply_markup == keyboard.to_dict()
    assert fake.last_message(42).reply_to == typed["message_id"]


async def test_an_upload_goes_the_usual_multipart_way(bot: Bot, fake: FakeTelegram) -> None:
    await bot.send_document(42, io.BytesIO(b"date,reps\n"), filename="log.csv")
    assert fake.last_message(42).document == b"date,reps\n"


async def test_an_error_answer_is_telegrams(bot: Bot, fake: FakeTelegram) -> None:
    fake.fail_next("sendMessage", status=502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(42, "hi")
    assert (await bot.send_message(42, "again")).text == "again"  # the pool goes on


async def test_a_cut_connection_is_a_network_error_and_a_slow_answer_timed_out(
        bot: Bot, fake: FakeTelegram, kind: type[DirectRequest]) -> None:
    fake.drop_next("sendMessage")
    with pytest.raises(NetworkError, match=CUT[kind]) as cut:
        await bot.send_message(42, "hi")
    assert sent(cut.value)  # written, no answer: Telegram may have carried it out
    fake.delay = 1.0
    with pytest.raises(TimedOut) as slow:
        await bot.send_message(42, "hi", read_timeout=0.05)
    assert sent(slow.value)
    fake.delay = 0.0
    assert (await bot.send_message(42, "after")).text == "after"


async def test_calls_one_after_another_share_one_connection(
        fake: FakeTelegram, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[object] = []
    original = asyncio.open_connection

    async def counted(*args: Any, **kwargs: Any) -> Any:
        opened.append(args)
        return await original(*args, **kwargs)

    monkeypatch.setattr(asyncio, "open_connection", counted)
    async with Bot(fake.token, base_url=f"{fake.url}/bot",
                   request=KeepAliveRequest(connection_pool_size=4)) as client:
        for n in range(3):  # after getMe at the start
            await client.send_message(42, f"hi {n}")
    assert len(opened) == 1


class Served:
    """A server answering every request with `answer` as written (a stand-in for what an
    HTTP server may send that the fake does not), its connections closed on `close`."""

    def __init__(self, answer: bytes, silent: bool = False) -> None:
        self.answer, self.silent = answer, silent
        self.closes = b"Connection: close" in answer or answer.startswith(b"HTTP/1.0")
        self.writers: list[asyncio.StreamWriter] = []
        self.connected = asyncio.Event()
        self.server: asyncio.Server | None = None

    async def start(self) -> str:
        self.server = await asyncio.start_server(self.reply, "127.0.0.1", 0)
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}/botTOKEN/getMe"

    async def reply(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.writers.append(writer)
        self.connected.set()
        if self.silent:  # left open, unanswered, till `close`
            return
        while not reader.at_eof():  # the connection's calls, until the answer closes it
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            length = next(int(line.split(b":")[1]) for line in head.split(b"\r\n")
                          if line.lower().startswith(b"content-length"))
            await reader.readexactly(length)
            writer.write(self.answer)
            await writer.drain()
            if self.closes:
                break
        writer.close()

    async def close(self) -> None:
        for writer in self.writers:
            writer.close()
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()


async def _call(url: str, request: KeepAliveRequest) -> tuple[int, bytes]:
    data = RequestData([RequestParameter("chat_id", 42, None)])
    return await request.do_request(url, "POST", data)


@pytest.mark.parametrize("answer", [
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
    b"4\r\n{\"ok\r\n8\r\n\": true}\r\n0\r\n\r\n",
    b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n{\"ok\": true}",
    b"HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\n{\"ok\": true}",
    b"HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Length: 12\r\n\r\n{\"ok\": true}",
])
async def test_chunked_and_closing_answers_are_read_whole(answer: bytes) -> None:
    served = Served(answer)
    url = await served.start()
    request = KeepAliveRequest(connection_pool_size=2)
    await request.initialize()
    try:
        for _ in range(2):  # after a closing answer, a new connection
            assert await _call(url, request) == (200, b'{"ok": true}')
    finally:
        await request.shutdown()
        await served.close()


async def test_nobody_listening_is_not_sent() -> None:
    served = Served(b"")
    url = await served.start()
    await served.close()
    request = KeepAliveRequest(connection_pool_size=1)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as refused:
            await _call(url, request)
    finally:
        await request.shutdown()
    assert not sent(refused.value)


async def test_a_full_pool_times_out_before_anything_is_sent() -> None:
    served = Served(b"", silent=True)  # never answers
    url = await served.start()
    request = KeepAliveRequest(connection_pool_size=1, pool_timeout=0.05, read_timeout=5.0)
    await request.initialize()
    waiting = asyncio.create_task(_call(url, request))
    try:
        await served.connected.wait()  # the one connection is taken
        with pytest.raises(TimedOut, match="Pool timeout") as full:
            await _call(url, request)
        assert not sent(full.value)
    finally:
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)
        await request.shutdown()
        await served.close()


def test_a_proxy_in_the_environment_keeps_every_call_on_httpx(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    assert KeepAliveRequest(connection_pool_size=1).proxied
    monkeypatch.delenv("HTTPS_PROXY")
    for name in ("https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert not KeepAliveRequest(connection_pool_size=1).proxied

"""The HTTP clients of the Bot API calls: PTB's httpx one minus the client's own layers,
and one past httpx altogether.

Every Bot API call but a file upload is a form-encoded POST that needs none of what
`httpx.AsyncClient.request` does around sending it (merging URLs, cookies, auth flows,
redirects, event hooks): those layers cost about a fifth of a millisecond of CPU per call,
three calls per typed report (getUpdates, the reply, the next prompt). `DirectRequest`
hands such a call to the client's transport for its URL (its connection pool, a proxy's
if one is configured), with the same timeouts and errors as PTB's `HTTPXRequest`; uploads
go the usual way. `KeepAliveRequest` (what the bot runs) writes such a call on asyncio's
streams instead: the transport's own layers (httpcore, h11, anyio) cost about half a
millisecond more per call than the streams do.
"""

import asyncio
import logging
import ssl
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit
from urllib.request import getproxies

import httpx
from telegram._utils.types import JSONDict
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest, RequestData
from telegram.request._baserequest import BaseRequest

HTTPX_LOG = logging.getLogger("httpx")
FORM = "application/x-www-form-urlencoded"
BOT_CONNECTIONS = 256  # PTB's default pool for the calls other than getUpdates
# What a sent message's answer echoes of the call, and no caller reads (see parse_json_payload)
ECHOED = ("reply_to_message", "reply_markup", "from", "entities", "link_preview_options")
POOL_TIMEOUT = ("Pool timeout: All connections in the connection pool are occupied. Request "
                "was *not* sent to Telegram. Consider adjusting the connection pool size or "
                "the pool timeout.")  # PTB's own words for it


class DirectRequest(HTTPXRequest):
    """PTB's HTTPXRequest whose form-encoded calls skip the httpx client's layers."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        client = self._client
        if (request_data is not None and request_data.contains_files) or client.is_closed:
            return await super().do_request(url, method, request_data, read_timeout,
                                            write_timeout, connect_timeout, pool_timeout)
        timeout = self.timeouts(read_timeout, write_timeout, connect_timeout, pool_timeout)
        body = request_data.url_encoded_parameters().encode() if request_data else b""
        target = httpx.URL(url)
        request = httpx.Request(
            method, target, content=body,
            headers={"User-Agent": self.USER_AGENT, "Content-Type": FORM},
            extensions={"timeout": timeout.as_dict()})
        try:
            response = await client._transport_for_url(target).handle_async_request(request)
            try:
                content = await response.aread()
            finally:
                await response.aclose()
        except httpx.PoolTimeout as err:
            raise TimedOut(message=POOL_TIMEOUT) from err
        except httpx.TimeoutException as err:
            raise TimedOut from err
        except httpx.HTTPError as err:  # the base of httpx's errors: last
            raise NetworkError(f"httpx.{err.__class__.__name__}: {err}") from err
        if HTTPX_LOG.isEnabledFor(logging.INFO):  # the line httpx's client would log
            HTTPX_LOG.info('HTTP Request: %s %s "%s %d %s"', request.method, request.url,
                           response.http_version, response.status_code,
                           response.reason_phrase)
        return response.status_code, content

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        """PTB's parse, less what a sent or edited message's answer repeats of the call and
        nothing here reads: the message a reply quotes (PTB would build it as a second
        Message, about as dear as the first), the keyboard, the bot as sender, the entities.
        The bot reads an answer's id (its text, in tests). Updates (a list) keep everything: a
        runner's reply names what it answers."""
        data = BaseRequest.parse_json_payload(payload)
        result = data.get("result")
        if isinstance(result, dict) and "message_id" in result:
            for echoed in ECHOED:
                result.pop(echoed, None)
        return data

    def timeouts(self, read: Any, write: Any, connect: Any, pool: Any) -> httpx.Timeout:
        """A call's timeouts: the ones it names, the client's defaults for the rest."""
        default = self._client.timeout
        return httpx.Timeout(connect=default.connect if _unset(connect) else connect,
                             read=default.read if _unset(read) else read,
                             write=default.write if _unset(write) else write,
                             pool=default.pool if _unset(pool) else pool)


def _unset(value: Any) -> bool:
    return isinstance(value, type(BaseRequest.DEFAULT_NONE))


class NotSent(ConnectionError):
    """The call never left: no connection to Telegram, or none in time."""


class NoAnswer(ConnectionError):
    """The call was written (wholly or in part) and no whole answer came: Telegram may have
    carried it out."""


Origin = tuple[str, str, int]  # scheme, host, port
_Stream = tuple[asyncio.StreamReader, asyncio.StreamWriter]
HEAD_END = b"\r\n\r\n"


class KeepAliveRequest(DirectRequest):
    """`DirectRequest` whose form-encoded calls are HTTP/1.1 written and read on asyncio's
    own streams, over a keep-alive pool of at most `connection_pool_size` connections.

    A Bot API call is a small POST answered with a small JSON body: httpx, httpcore, h11 and
    anyio around it cost about half a millisecond of CPU per call (three per typed report),
    the streams a tenth of that. Timeouts, pool limit and errors are `HTTPXRequest`'s (a
    pooled connection is used again unless the server closed it). Uploads, and every call
    when the environment names a proxy (HTTPS_PROXY, ALL_PROXY, as httpx reads them), go
    through httpx as before. A failure is raised from `NotSent` (nothing reached Telegram)
    or `NoAnswer` (the call may have been carried out): bot/sender.py tells them apart.
    """

    def __init__(self, connection_pool_size: int = BOT_CONNECTIONS, **kwargs: Any) -> None:
        super().__init__(connection_pool_size=connection_pool_size, **kwargs)
        self._slots = asyncio.Semaphore(connection_pool_size)
        self._idle: dict[Origin, list[_Stream]] = {}
        self.proxied = any(key in getproxies() for key in ("http", "https", "all"))
        self._tls: ssl.SSLContext | None = None

    async def shutdown(self) -> None:
        for streams in self._idle.values():
            for _, writer in streams:
                writer.close()
        self._idle.clear()
        await super().shutdown()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        parts = urlsplit(url)
        if ((request_data is not None and request_data.contains_files) or self.proxied
                or self._client.is_closed or parts.scheme not in ("http", "https")
                or not parts.hostname):
            return await super().do_request(url, method, request_data, read_timeout,
                                            write_timeout, connect_timeout, pool_timeout)
        timeout = self.timeouts(read_timeout, write_timeout, connect_timeout, pool_timeout)
        read, write, connect, pool = timeout.read, timeout.write, timeout.connect, timeout.pool
        body = request_data.url_encoded_parameters().encode() if request_data else b""
        origin = (parts.scheme, parts.hostname,
                  parts.port or (443 if parts.scheme == "https" else 80))
        target = parts.path or "/"
        if parts.query:
            target += f"?{parts.query}"
        head = (f"{method} {target} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
                f"User-Agent: {self.USER_AGENT}\r\nContent-Type: {FORM}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1")
        try:
            async with asyncio.timeout(pool):
                await self._slots.acquire()
        except TimeoutError as err:
            raise TimedOut(message=POOL_TIMEOUT) from _cause(NotSent, err)
        try:
            status, content = await self._call(origin, head + body, read, write, connect)
        finally:
            self._slots.release()
        if HTTPX_LOG.isEnabledFor(logging.INFO):  # httpx's line, where operators look for it
            HTTPX_LOG.info('HTTP Request: %s %s "HTTP/1.1 %d %s"', method, url, status,
                           _phrase(status))
        return status, content

    async def _call(self, origin: Origin, request: bytes, read: float | None,
                    write: float | None, connect: float | None) -> tuple[int, bytes]:
        stream = self._pooled(origin)
        if stream is None:
            stream = await self._open(origin, connect)
        reader, writer = stream
        kept = False
        try:
            try:
                async with asyncio.timeout(write):
                    writer.write(request)
                    await writer.drain()
                async with asyncio.timeout(read):
                    status, content, reusable = await _answer(reader)
            except TimeoutError as err:
                raise TimedOut from _cause(NoAnswer, err)
            except (OSError, EOFError, ValueError, asyncio.LimitOverrunError) as err:
                raise NetworkError(f"{type(err).__name__}: {err}") from _cause(NoAnswer, err)
            if reusable:
                self._idle.setdefault(origin, []).append(stream)
                kept = True
            return status, content
        finally:
            if not kept:
                writer.close()

    def _pooled(self, origin: Origin) -> _Stream | None:
        """An idle connection to `origin` the server has not closed, if any."""
        streams = self._idle.get(origin, [])
        while streams:
            reader, writer = streams.pop()
            if not (reader.at_eof() or writer.is_closing()):
                return reader, writer
            writer.close()
        return None

    async def _open(self, origin: Origin, connect: float | None) -> _Stream:
        scheme, host, port = origin
        tls = None
        if scheme == "https":
            if self._tls is None:
                self._tls = httpx.create_ssl_context()  # httpx's trust: certifi, SSL_CERT_*
            tls = self._tls
        try:
            async with asyncio.timeout(connect):
                return await asyncio.open_connection(host, port, ssl=tls)
        except TimeoutError as err:
            raise TimedOut from _cause(NotSent, err)
        except OSError as err:
            raise NetworkError(f"{type(err).__name__}: {err}") from _cause(NotSent, err)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _cause(kind: type[ConnectionError], err: BaseException) -> ConnectionError:
    """`kind` (sent or not), caused by `err`: what bot/sender.py reads off a failure."""
    wrapped = kind(f"{type(err).__name__}: {err}")
    wrapped.__cause__ = err
    return wrapped


async def _answer(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    """Read one HTTP/1.1 answer: status, body (Content-Length, chunked, or up to the end)
    and whether the connection may carry another call."""
    lines = (await reader.readuntil(HEAD_END)).decode("latin-1").split("\r\n")
    version, _, rest = lines[0].partition(" ")
    status = int(rest[:3])
    while 100 <= status < 200:  # an interim answer (none is asked for): the real one follows
        lines = (await reader.readuntil(HEAD_END)).decode("latin-1").split("\r\n")
        version, _, rest = lines[0].partition(" ")
        status = int(rest[:3])
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers[name.strip().lower()] = value.strip().lower()
    keep = (headers.get("connection") != "close"
            and (version == "HTTP/1.1" or headers.get("connection") == "keep-alive"))
    if status in (204, 304):
        return status, b"", keep
    if "chunked" in headers.get("transfer-encoding", ""):
        return status, await _chunks(reader), keep
    length = headers.get("content-length")
    if length is None:  # the body runs to the end of the connection
        return status, await reader.read(), False
    return status, await reader.readexactly(int(length)), keep


async def _chunks(reader: asyncio.StreamReader) -> bytes:
    body = bytearray()
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
        if size == 0:
            while (await reader.readuntil(b"\r\n")) != b"\r\n":  # trailers, then the end
                pass
            return bytes(body)
        body += await reader.readexactly(size)
        await reader.readexactly(2)

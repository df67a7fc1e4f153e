"""The webhook's HTTP server: small, strict, and hard to tie up (asyncio streams only).

- The `X-Telegram-Bot-Api-Secret-Token` header is compared in constant time
  (`hmac.compare_digest`) as soon as the headers are in, before any of the body is read.
- Headers must arrive within HEADER_TIMEOUT and fit MAX_HEADER_BYTES; the body must arrive
  within BODY_TIMEOUT and fit MAX_BODY_BYTES. Bodies are never logged.
- At most `max_connections` connections are open. When a new one arrives at the cap, the
  oldest connection that has not yet shown the secret is closed to make room (a slow-loris
  crowd evicts itself, a genuine update gets in); when every open connection has shown the
  secret, the newcomer is refused.
- One request per connection (`Connection: close`). `GET /healthz` answers without a secret.
- Other paths can be served by `routes` (path -> handler of method, target and body), such as
  Strava's callback and events (bot/strava_web.py): no secret, bodies up to ROUTE_BODY_BYTES,
  never "proven" (a slow-loris on them is evicted like any unproven connection). With no
  secret the server serves only the routes and the health probe (polling mode).
- Warnings are rate-limited (`ThrottledLog`): running out of resources is one line per
  period, not a line per failed connection.
"""

import asyncio
import contextlib
import hmac
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from http import HTTPStatus

from bot.throttled_log import ThrottledLog

log = logging.getLogger(__name__)
SECRET_HEADER = "x-telegram-bot-api-secret-token"
MAX_BODY_BYTES = 1 << 20  # an update is a few kB; nothing legitimate comes near this
MAX_HEADER_BYTES = 16 * 1024
HEADER_TIMEOUT = 10.0
BODY_TIMEOUT = 20.0
MAX_CONNECTIONS = 256
DRAIN_BYTES = 2 * MAX_BODY_BYTES  # read and dropped before an early answer, so it arrives
HEALTH_PATH = "/healthz"
TEXT = "text/plain"

ROUTE_BODY_BYTES = 64 * 1024

Accept = Callable[[bytes], Awaitable[int]]
# (method, target, body) -> (status, body, content type)
Route = Callable[[str, str, bytes], Awaitable[tuple[int, bytes, str]]]


class Refused(Exception):
    """Answer with this status and close."""

    def __init__(self, status: HTTPStatus, drain: int = 0) -> None:
        super().__init__(status)
        self.status, self.drain = status, drain


class WebhookServer:
    """Accepts Telegram's POSTs on one path and hands each body to `accept`."""

    def __init__(self, listen: str, port: int, path: str, secret: str, accept: Accept, *,
                 health: Callable[[], bool] = lambda: True,
                 max_connections: int = MAX_CONNECTIONS,
                 header_timeout: float = HEADER_TIMEOUT,
                 body_timeout: float = BODY_TIMEOUT,
                 routes: Mapping[str, Route] | None = None) -> None:
        self.listen, self.port, self.path = listen, port, "/" + path.strip("/")
        self.secret, self.accept, self.health = secret.encode(), accept, health
        self.max_connections = max_connections
        self.header_timeout, self.body_timeout = header_timeout, body_timeout
        self.routes = dict(routes or {})
        self.evicted = self.refused = self.peak = 0
        self.complain = ThrottledLog(log)
        self._open: dict[asyncio.StreamWriter, None] = {}
        self._unproven: OrderedDict[asyncio.StreamWriter, None] = OrderedDict()
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._serve, self.listen, self.port, limit=MAX_HEADER_BYTES, backlog=512)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def stop(self) -> None:
        if self._server is None:
            return
        self._server.close()
        for writer in list(self._open):
            writer.transport.abort()
        await self._server.wait_closed()
        self._server = None

    @property
    def connections(self) -> int:
        return len(self._open)

    def _admit(self, writer: asyncio.StreamWriter) -> bool:
        if len(self._open) >= self.max_connections:
            if not self._unproven:
                self.refused += 1
                return False
            oldest, _ = self._unproven.popitem(last=False)
            oldest.transport.abort()
            self._open.pop(oldest, None)
            self.evicted += 1
        self._open[writer] = None
        self._unproven[writer] = None
        self.peak = max(self.peak, len(self._open))
        return True

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self._admit(writer):
            writer.transport.abort()
            return
        try:
            status, body, kind = await self._exchange(reader, writer)
            await self._respond(writer, status, body, kind)
        except (ConnectionError, asyncio.IncompleteReadError, TimeoutError):
            pass  # the client went away or was too slow: nothing to answer
        except Exception as exc:
            self.complain.warning("webhook: a request failed: %s", type(exc).__name__)
        finally:
            self._open.pop(writer, None)
            self._unproven.pop(writer, None)
            await close(writer)

    async def _exchange(self, reader: asyncio.StreamReader,
                        writer: asyncio.StreamWriter) -> tuple[HTTPStatus, bytes, str]:
        try:
            async with asyncio.timeout(self.header_timeout):
                method, target, headers = await read_head(reader)
            route = self.routes.get(target.split("?", 1)[0].rstrip("/"))
            if route is not None:
                return await self._route(route, reader, method, target, headers)
            length = self._check(method, target, headers)
            if length is None:
                return HTTPStatus.OK, b"ok\n", TEXT
            self._unproven.pop(writer, None)  # it showed the secret: never evicted
            async with asyncio.timeout(self.body_timeout):
                if length > MAX_BODY_BYTES:
                    raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, drain=length)
                body = await reader.readexactly(length)
            return HTTPStatus(await self.accept(body)), b"", TEXT
        except Refused as refused:
            await drain(reader, min(refused.drain, DRAIN_BYTES), self.body_timeout)
            return refused.status, b"", TEXT

    async def _route(self, route: Route, reader: asyncio.StreamReader, method: str,
                     target: str, headers: dict[str, str]) -> tuple[HTTPStatus, bytes, str]:
        declared = headers.get("content-length", "0")
        if not declared.isdigit() or int(declared) > ROUTE_BODY_BYTES:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, drain=ROUTE_BODY_BYTES)
        async with asyncio.timeout(self.body_timeout):
            body = await reader.readexactly(int(declared))
        status, answer, kind = await route(method, target, body)
        return HTTPStatus(status), answer, kind

    def _check(self, method: str, target: str, headers: dict[str, str]) -> int | None:
        """The body length to read, or None for a health probe; Refused otherwise."""
        path = target.split("?", 1)[0]
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            if self.health():
                return None
            raise Refused(HTTPStatus.SERVICE_UNAVAILABLE)
        declared = headers.get("content-length", "")
        small = min(int(declared), 64 * 1024) if declared.isdigit() else 0
        if not self.secret or path.rstrip("/") != self.path.rstrip("/"):
            raise Refused(HTTPStatus.NOT_FOUND, small)
        if method != "POST":
            raise Refused(HTTPStatus.METHOD_NOT_ALLOWED, small)
        content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if content_type != "application/json":
            raise Refused(HTTPStatus.FORBIDDEN, small)
        given = headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            log.info("webhook: refused a request without the right secret token")
            raise Refused(HTTPStatus.FORBIDDEN, small)
        if not declared.isdigit():
            raise Refused(HTTPStatus.LENGTH_REQUIRED)
        return int(declared)

    async def _respond(self, writer: asyncio.StreamWriter, status: HTTPStatus,
                       body: bytes, kind: str = "text/plain") -> None:
        head = (f"HTTP/1.1 {status.value} {status.phrase}\r\nContent-Length: {len(body)}\r\n"
                f"Content-Type: {kind}\r\nConnection: close\r\n\r\n")
        writer.write(head.encode() + body)
        async with asyncio.timeout(self.body_timeout):
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()


async def read_head(reader: asyncio.StreamReader) -> tuple[str, str, dict[str, str]]:
    """The request line and headers (names lower-cased; the first of repeated ones kept)."""
    try:
        raw = await reader.readuntil(b"\r\n\r\n")
    except asyncio.LimitOverrunError:
        raise Refused(HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE) from None
    lines = raw.decode("latin-1").split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
        raise Refused(HTTPStatus.BAD_REQUEST)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, colon, value = line.partition(":")
        if colon:
            headers.setdefault(name.strip().lower(), value.strip())
    if "transfer-encoding" in headers:
        raise Refused(HTTPStatus.LENGTH_REQUIRED)
    return parts[0], parts[1], headers


async def drain(reader: asyncio.StreamReader, size: int, timeout: float) -> None:  # noqa: ASYNC109
    """Read and drop up to `size` bytes, so an early answer is not lost to a reset."""
    with contextlib.suppress(TimeoutError, ConnectionError, asyncio.IncompleteReadError):
        async with asyncio.timeout(timeout):
            while size > 0:
                chunk = await reader.read(min(size, 64 * 1024))
                if not chunk:
                    return
                size -= len(chunk)


async def close(writer: asyncio.StreamWriter) -> None:
    """Close after what was written has gone out; give up after a second."""
    writer.close()
    try:
        async with asyncio.timeout(1.0):
            await writer.wait_closed()
    except (TimeoutError, ConnectionError):
        writer.transport.abort()

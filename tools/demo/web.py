"""The demo's web server on 127.0.0.1: the chat page and its JSON endpoints.

The page long-polls ``/demo/state?after=<version>`` and posts the visitor's actions; the bot
talks to the shared fake Bot API (fakes/telegram_api.py) on a port of its own.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime
from importlib import resources
from typing import Any

from aiohttp import web

from tools.demo.chat import JSON, DemoChat

ClockAction = Callable[[str], Awaitable[str]]
Now = Callable[[], datetime]
STATIC = {"index.html": "text/html", "demo.css": "text/css", "demo.js": "text/javascript"}
MAX_UPLOAD = 2 * 1024 * 1024
POLL_SECONDS = 25.0


class DemoServer:
    """Serves the page and the visitor's actions from one local port."""

    def __init__(self, chat: DemoChat, on_clock: ClockAction, now: Now) -> None:
        self.chat = chat
        self.on_clock = on_clock
        self.now = now
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def start(self, port: int = 0) -> str:
        """Listen on 127.0.0.1 (port 0: any free one); returns the base URL."""
        app = web.Application(client_max_size=MAX_UPLOAD)
        app.add_routes([
            web.get("/", self.page), web.get("/static/{name}", self.static),
            web.get("/demo/state", self.state), web.get("/demo/files/{file_id}", self.file),
            web.post("/demo/send", self.send), web.post("/demo/edit", self.edit),
            web.post("/demo/press", self.press), web.post("/demo/location", self.location),
            web.post("/demo/upload", self.upload), web.post("/demo/clock", self.clock),
        ])
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        host, bound = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{bound}"
        return self.url

    async def stop(self) -> None:
        """Close the server (pending long polls end)."""
        self.chat.fake.bump()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def page(self, _request: web.Request) -> web.Response:
        return await self._asset("index.html")

    async def static(self, request: web.Request) -> web.Response:
        return await self._asset(request.match_info["name"])

    async def _asset(self, name: str) -> web.Response:
        if name not in STATIC:
            raise web.HTTPNotFound()
        body = resources.files("tools.demo").joinpath("static", name).read_bytes()
        return web.Response(body=body, content_type=STATIC[name], charset="utf-8",
                            headers={"Cache-Control": "no-store"})

    async def state(self, request: web.Request) -> web.Response:
        """The chat as the page draws it, once it changed after ``after``."""
        after = _int(request.query.get("after"), -1)
        await self.chat.wait_change(after, POLL_SECONDS)
        return web.json_response(self.chat.state(self.now().isoformat()))

    async def file(self, request: web.Request) -> web.Response:
        stored = self.chat.file(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        disposition = "inline" if stored.content_type.startswith("image/") else "attachment"
        return web.Response(body=stored.data, content_type=stored.content_type, headers={
            "Content-Disposition": f'{disposition}; filename="{_safe(stored.name)}"'})

    async def send(self, request: web.Request) -> web.Response:
        body = await _body(request)
        text = str(body.get("text") or "").strip()
        if not text:
            raise web.HTTPBadRequest(text="empty message")
        reply_to = body.get("reply_to")
        self.chat.say(text[:4096], reply_to if isinstance(reply_to, int) else None)
        return _ok()

    async def edit(self, request: web.Request) -> web.Response:
        body = await _body(request)
        text = str(body.get("text") or "").strip()
        if not text or not self.chat.edit(_int(body.get("message_id"), 0), text[:4096]):
            raise web.HTTPBadRequest(text="only your own text messages can be edited")
        return _ok()

    async def press(self, request: web.Request) -> web.Response:
        body = await _body(request)
        if not self.chat.press(_int(body.get("message_id"), 0), str(body.get("data"))):
            raise web.HTTPBadRequest(text="no such button")
        return _ok()

    async def location(self, request: web.Request) -> web.Response:
        body = await _body(request)
        try:
            latitude, longitude = float(body["latitude"]), float(body["longitude"])
        except (KeyError, TypeError, ValueError) as exc:
            raise web.HTTPBadRequest(text="latitude and longitude, please") from exc
        self.chat.share_location(latitude, longitude)
        return _ok()

    async def upload(self, request: web.Request) -> web.Response:
        field = (await request.post()).get("file")
        if not isinstance(field, web.FileField):
            raise web.HTTPBadRequest(text="send the file as the form field 'file'")
        self.chat.send_document(field.filename, field.content_type, field.file.read())
        return _ok()

    async def clock(self, request: web.Request) -> web.Response:
        """Move the demo clock: next-reminder, next-morning or week; or a run on Strava."""
        action = str((await _body(request)).get("action"))
        note = await self.on_clock(action)
        self.chat.fake.bump()
        return web.json_response({"ok": True, "note": note, "now": self.now().isoformat()})


async def _body(request: web.Request) -> JSON:
    try:
        body: Any = await request.json()
    except ValueError as exc:
        raise web.HTTPBadRequest(text="a JSON body, please") from exc
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="a JSON object, please")
    return body


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _safe(name: str) -> str:
    return "".join(c for c in name if c.isalnum() or c in "._- ")[:100] or "file"


def _ok() -> web.Response:
    return web.json_response({"ok": True})

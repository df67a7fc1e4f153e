"""The stand-in Bot API: the methods coachbot calls, answered from a DemoChat.

Requests are decoded the way python-telegram-bot encodes them (form fields whose non-string
values are JSON, multipart when a file is uploaded). Only the one visitor's chat exists.
"""

import asyncio
import json
import re
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.demo.chat import BOT, CHAT, JSON, DemoChat, Message

TOKEN = "1000001:DEMO-not-a-real-token"
Method = Callable[[JSON], Awaitable[Any]]
TEXT_FIELDS = frozenset({"text", "caption", "parse_mode", "callback_query_id", "description",
                         "short_description", "photo", "document", "file_id", "action"})
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>")
MAX_TEXT = 4096


class ApiError(Exception):
    """An error answer of the Bot API."""

    def __init__(self, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _decode(key: str, value: str) -> Any:
    if key in TEXT_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def read_params(request: web.Request, chat: DemoChat) -> JSON:
    """All parameters of a request; uploaded files are stored and replaced by their id."""
    params: JSON = {k: _decode(k, v) for k, v in request.query.items()}
    if request.content_type == "application/json":
        body = await request.json()
        params.update(body if isinstance(body, dict) else {})
        return params
    if request.can_read_body:
        for key, value in (await request.post()).items():
            if isinstance(value, web.FileField):
                data = value.file.read()
                params[key] = chat.store_file(value.filename, value.content_type, data).file_id
            else:
                params[key] = _decode(key, value if isinstance(value, str) else value.decode())
    for key, value in list(params.items()):
        if isinstance(value, str) and value.startswith("attach://"):
            params[key] = params.get(value.removeprefix("attach://"), value)
    return params


def shown_length(text: str, parse_mode: str | None) -> int:
    """Length Telegram counts: HTML tags do not count."""
    return len(HTML_TAG.sub("", text) if (parse_mode or "").lower() == "html" else text)


class BotApi:
    """Bot API methods over one chat."""

    def __init__(self, chat: DemoChat) -> None:
        self.chat = chat
        self.offset = 0
        self.methods: dict[str, Method] = {
            "getme": self.get_me, "getupdates": self.get_updates,
            "sendmessage": self.send_message, "sendphoto": self.send_photo,
            "senddocument": self.send_document, "editmessagetext": self.edit_text,
            "editmessagecaption": self.edit_text,
            "editmessagereplymarkup": self.edit_markup, "deletemessage": self.delete,
            "answercallbackquery": self.answer_query, "sendchataction": self.chat_action,
            "setmycommands": self.set_commands, "getmycommands": self.get_commands,
            "getfile": self.get_file, "getchat": self.get_chat,
            "setmydescription": self.set_description,
        }

    async def call(self, method: str, params: JSON) -> Any:
        """Run a method; unknown ones that only configure the bot just succeed."""
        handler = self.methods.get(method.lower())
        if handler is None:
            return True  # setMyDescription, deleteWebhook, setChatMenuButton, close, ...
        return await handler(params)

    async def get_me(self, _params: JSON) -> JSON:
        return {**BOT, "can_join_groups": False, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    async def get_updates(self, params: JSON) -> list[JSON]:
        """Acknowledge by offset, then long-poll for new updates."""
        offset = params.get("offset")
        if isinstance(offset, int) and offset > 0:
            self.chat.pending = [u for u in self.chat.pending if u["update_id"] >= offset]
        timeout = float(params.get("timeout") or 0)
        if not self.chat.pending and timeout > 0:
            await self.chat.wait_change(self.chat.version, timeout)
        return list(self.chat.pending[:100])

    def _check_chat(self, params: JSON) -> None:
        if params.get("chat_id") != CHAT["id"]:
            raise ApiError("Bad Request: chat not found")

    def _reply_to(self, params: JSON) -> int | None:
        reply = params.get("reply_parameters")
        wanted = reply.get("message_id") if isinstance(reply, dict) else None
        wanted = wanted or params.get("reply_to_message_id")
        return wanted if isinstance(wanted, int) and self.chat.find(wanted) else None

    def _keyboard(self, markup: Any) -> JSON | None:
        """Reply keyboards stay below the composer; inline ones go with the message."""
        if not isinstance(markup, dict):
            return None
        if "keyboard" in markup:
            self.chat.keyboard = markup
        elif markup.get("remove_keyboard"):
            self.chat.keyboard = None
        return markup if "inline_keyboard" in markup else None

    def _text(self, params: JSON, key: str = "text") -> str:
        text = params.get(key)
        if not isinstance(text, str) or not text.strip():
            raise ApiError("Bad Request: message text is empty")
        if shown_length(text, params.get("parse_mode")) > MAX_TEXT:
            raise ApiError("Bad Request: message is too long")
        return text

    def _send(self, params: JSON, **content: Any) -> JSON:
        self._check_chat(params)
        message = self.chat.new_message(
            from_bot=True, parse_mode=params.get("parse_mode"), reply_to=self._reply_to(params),
            markup=self._keyboard(params.get("reply_markup")), **content)
        self.chat.typing = False
        return self.chat.api_message(message)

    async def send_message(self, params: JSON) -> JSON:
        return self._send(params, text=self._text(params))

    async def send_photo(self, params: JSON) -> JSON:
        return self._send(params, text=str(params.get("caption") or ""),
                          photo=self._file(params, "photo"))

    async def send_document(self, params: JSON) -> JSON:
        return self._send(params, text=str(params.get("caption") or ""),
                          document=self._file(params, "document"))

    def _file(self, params: JSON, key: str) -> str:
        file_id = params.get(key)
        if not isinstance(file_id, str) or file_id not in self.chat.files:
            raise ApiError(f"Bad Request: wrong file identifier/HTTP URL specified ({key})")
        return file_id

    def _editable(self, params: JSON) -> Message:
        self._check_chat(params)
        message = self.chat.find(int(params.get("message_id") or 0))
        if message is None or message.deleted or not message.from_bot:
            raise ApiError("Bad Request: message to edit not found")
        return message

    def _apply(self, message: Message, text: str, params: JSON) -> JSON:
        markup = params.get("reply_markup")
        markup = markup if isinstance(markup, dict) and "inline_keyboard" in markup else None
        if text == message.text and markup == message.markup:
            raise ApiError("Bad Request: message is not modified: specified new message "
                           "content and reply markup are exactly the same as a current "
                           "content and reply markup of the message")
        message.text, message.markup, message.edited = text, markup, True
        message.parse_mode = params.get("parse_mode", message.parse_mode)
        self.chat.bump()
        return self.chat.api_message(message)

    async def edit_text(self, params: JSON) -> JSON:
        message = self._editable(params)
        key = "caption" if message.photo or message.document else "text"
        return self._apply(message, self._text(params, key), params)

    async def edit_markup(self, params: JSON) -> JSON:
        message = self._editable(params)
        return self._apply(message, message.text, params)

    async def delete(self, params: JSON) -> bool:
        self._editable(params).deleted = True
        self.chat.bump()
        return True

    async def answer_query(self, params: JSON) -> bool:
        text = params.get("text")
        if isinstance(text, str) and text:
            self.chat.toast = {"n": self.chat.version + 1, "text": text}
        self.chat.bump()
        return True

    async def chat_action(self, params: JSON) -> bool:
        self._check_chat(params)
        self.chat.typing = True
        self.chat.bump()
        asyncio.get_running_loop().call_later(5.0, self._stop_typing)
        return True

    def _stop_typing(self) -> None:
        if self.chat.typing:
            self.chat.typing = False
            self.chat.bump()

    async def set_commands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise ApiError('Bad Request: field "commands" must be an Array')
        self.chat.commands = commands
        self.chat.bump()
        return True

    async def set_description(self, params: JSON) -> bool:
        self.chat.description = str(params.get("description") or "")
        self.chat.bump()
        return True

    async def get_commands(self, _params: JSON) -> list[JSON]:
        return self.chat.commands

    async def get_file(self, params: JSON) -> JSON:
        stored = self.chat.files.get(str(params.get("file_id")))
        if stored is None:
            raise ApiError("Bad Request: invalid file_id")
        return {"file_id": stored.file_id, "file_unique_id": stored.file_id,
                "file_size": len(stored.data), "file_path": f"documents/{stored.file_id}"}

    async def get_chat(self, params: JSON) -> JSON:
        self._check_chat(params)
        return {**CHAT, "accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {k: False for k in (
                    "unlimited_gifts", "limited_gifts", "unique_gifts",
                    "premium_subscription", "gifts_from_channels")}}

    # --- HTTP ---

    def routes(self) -> list[web.RouteDef]:
        """/bot<token>/<method> and /file/bot<token>/<path>."""
        return [web.route("*", "/bot{token}/{method}", self.handle),
                web.get("/file/bot{token}/{path:.+}", self.download)]

    async def handle(self, request: web.Request) -> web.Response:
        """Telegram's JSON envelope around a method call."""
        try:
            if request.match_info["token"] != TOKEN:
                raise ApiError("Unauthorized", 401)
            params = await read_params(request, self.chat)
            result = await self.call(request.match_info["method"], params)
            return web.json_response({"ok": True, "result": result})
        except ApiError as error:
            body = {"ok": False, "error_code": error.status, "description": error.description}
            return web.json_response(body, status=error.status)

    async def download(self, request: web.Request) -> web.Response:
        """A file the bot asked for with getFile."""
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        stored = self.chat.files.get(file_id)
        if request.match_info["token"] != TOKEN or stored is None:
            raise web.HTTPNotFound()
        return web.Response(body=stored.data, content_type=stored.content_type)

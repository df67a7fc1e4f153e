"""A local fake of the Telegram Bot API, served over real HTTP for end-to-end bot tests.

Point python-telegram-bot at it with ``base_url(f"{fake.url}/bot")`` and
``base_file_url(f"{fake.url}/file/bot")``; act as users with ``send_text``/``press`` and
observe the bot through ``calls``, ``messages_to`` and the ``wait_for_*`` helpers.

Requests are decoded the way PTB encodes them: form fields (urlencoded, or multipart when
files are uploaded) whose non-string values are JSON-encoded; JSON bodies are accepted too.
"""

import asyncio
import contextlib
import itertools
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web

from fakes.rate_limits import RateLimits, counted

JSON = dict[str, Any]
T = TypeVar("T")
Handler = Callable[[JSON], Awaitable[Any]]

DEFAULT_TOKEN = "123456:TEST-TOKEN"
MAX_TEXT = 4096
TYPING_SECONDS = 5.0  # how long a client shows "typing…" after sendChatAction
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    429: "Too Many Requests: retry after {retry_after}",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
# Form fields whose value is a plain string even when it looks like JSON ("123", "true").
STRING_FIELDS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "action", "url", "query",
        "secret_token", "ip_address", "language_code", "inline_message_id", "description",
        "short_description", "name", "title", "emoji", "message_effect_id",
        "business_connection_id", "photo", "sticker", "voice", "document", "file_id",
    }
)  # fmt: skip
# Fields that hold JSON objects even inside a JSON body, where some clients send them as text.
JSON_FIELDS = frozenset(
    {"reply_markup", "reply_parameters", "allowed_updates", "commands", "scope", "entities"}
)
COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
HTML_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(\s[^<>]*)?>")
HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
HTML_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
        "a", "code", "pre", "blockquote", "tg-emoji",
    }
)  # fmt: skip
HTML_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status plus description."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def body(self) -> JSON:
        """The JSON body Telegram answers with."""
        out: JSON = {"ok": False, "error_code": self.status, "description": self.description}
        if self.retry_after is not None:
            out["parameters"] = {"retry_after": self.retry_after}
        return out


def bad_request(reason: str) -> ApiError:
    """A 400 answer with Telegram's 'Bad Request: ' prefix."""
    return ApiError(400, f"Bad Request: {reason}")


@dataclass
class FakeUser:
    """A Telegram user; their private chat with the bot has the same id."""

    id: int
    first_name: str = "Runner"
    username: str | None = None
    language_code: str = "en"

    def to_json(self) -> JSON:
        """The User object."""
        out: JSON = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            out["username"] = self.username
        out["language_code"] = self.language_code
        return out

    def chat_json(self) -> JSON:
        """The private Chat object."""
        out: JSON = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.username:
            out["username"] = self.username
        return out


@dataclass
class FakeChat:
    """A group (or supergroup/channel) chat."""

    id: int
    type: str = "group"
    title: str = "Group"

    def chat_json(self) -> JSON:
        """The Chat object."""
        return {"id": self.id, "type": self.type, "title": self.title}


@dataclass
class ApiCall:
    """One HTTP request the bot made; ``status``/``response`` are filled when answered."""

    method: str
    params: JSON
    time: float
    status: int | None = None
    response: JSON | None = None


@dataclass
class BotMessage:
    """A message the bot sent, as currently shown (edits applied)."""

    message_id: int
    chat_id: int
    text: str
    reply_markup: JSON | None = None
    edits: int = 0
    parse_mode: str | None = None
    raw_text: str = ""
    date: int = 0
    edit_date: int | None = None
    reply_to: int | None = None
    deleted: bool = False
    seq: int = 0
    photo: bytes | None = None  # sendPhoto / editMessageMedia: the uploaded image
    document: bytes | None = None  # sendDocument: the uploaded file
    filename: str | None = None

    @property
    def inline_keyboard(self) -> list[list[JSON]]:
        """Rows of inline buttons, empty when the message has none."""
        if self.reply_markup is None:
            return []
        rows: list[list[JSON]] = self.reply_markup.get("inline_keyboard", [])
        return rows


# --- request decoding and text rendering ----------------------------------------------------


def decode_value(key: str, value: str) -> Any:
    """Undo PTB's form encoding: non-string values are JSON; known text fields stay text."""
    if key in STRING_FIELDS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


async def read_params(request: web.Request) -> JSON:
    """All parameters of a Bot API request, from the query string and the body."""
    params: JSON = {k: decode_value(k, v) for k, v in request.query.items()}
    if request.content_type == "application/json":
        body = await request.json()
        if isinstance(body, dict):
            params.update({k: _json_field(k, v) for k, v in body.items()})
        return params
    if request.can_read_body:
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = {"filename": value.filename, "content_type": value.content_type,
                               "data": value.file.read()}
            else:
                text = value if isinstance(value, str) else bytes(value).decode()
                params[key] = decode_value(key, text)
    return params


def _json_field(key: str, value: Any) -> Any:
    """Parse object-valued fields that arrived as JSON text inside a JSON body."""
    if key in JSON_FIELDS and isinstance(value, str):
        return json.loads(value)
    return value


def parse_error(reason: str) -> ApiError:
    """Telegram's answer to malformed markup."""
    return bad_request(f"can't parse entities: {reason}")


def _html_plain(chunk: str) -> str:
    """Text between tags: reject stray '<', decode the supported entities."""
    if "<" in chunk:
        raise parse_error(f'Unsupported start tag "{chunk[chunk.index("<") :][:12]}"')
    return HTML_ENTITY.sub(_html_entity, chunk)


def _html_entity(match: re.Match[str]) -> str:
    """One decoded HTML entity."""
    name = match.group(1)
    if name.startswith("#x"):
        return chr(int(name[2:], 16))
    if name.startswith("#"):
        return chr(int(name[1:]))
    return HTML_NAMED[name]


def _html_tag(stack: list[str], closing: bool, name: str) -> None:
    """Track tag nesting like Telegram's parser, which rejects unknown and unbalanced tags."""
    if name not in HTML_TAGS:
        raise parse_error(f'Unsupported start tag "{name}"')
    if not closing:
        stack.append(name)
    elif not stack or stack[-1] != name:
        raise parse_error(f'Unmatched end tag "{name}"')
    else:
        stack.pop()


def html_to_text(raw: str) -> str:
    """The plain text Telegram shows for an HTML-formatted message."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for match in HTML_TAG.finditer(raw):
        out.append(_html_plain(raw[pos : match.start()]))
        _html_tag(stack, match.group(1) == "/", match.group(2).lower())
        pos = match.end()
    out.append(_html_plain(raw[pos:]))
    if stack:
        raise parse_error(f'Can\'t find end tag corresponding to start tag "{stack[-1]}"')
    return "".join(out)


def render_text(raw: Any, parse_mode: str | None) -> str:
    """Validate message text and return what the user would see."""
    if not isinstance(raw, str):
        raise bad_request("message text is empty")
    text = html_to_text(raw) if (parse_mode or "").lower() == "html" else raw
    if not text.strip():
        raise bad_request("message text is empty")
    if len(text) > MAX_TEXT:
        raise bad_request("message is too long")
    return text


def render_caption(raw: Any, parse_mode: str | None) -> str:
    """A photo's or document's caption as shown: it may be left out, unlike a text."""
    return "" if raw in (None, "") else render_text(raw, parse_mode)


def check_markup(markup: Any) -> JSON | None:
    """Validate a reply_markup the way Telegram does for the common mistakes."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            _check_button(button)
    return markup


def _check_button(button: JSON) -> None:
    """One inline button: needs text and a sane callback_data."""
    if not button.get("text"):
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed")
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= 64:
        raise bad_request("BUTTON_DATA_INVALID")


def command_entities(text: str) -> list[JSON]:
    """A bot_command entity when the text starts with a command, as Telegram marks it."""
    match = COMMAND.match(text)
    if match is None:
        return []
    length = len(match.group(0).encode("utf-16-le")) // 2
    return [{"type": "bot_command", "offset": 0, "length": length}]


def buttons_of(markup: JSON | None) -> list[tuple[str, str]]:
    """(text, callback_data) of inline buttons, row by row; '' for non-callback buttons."""
    rows = (markup or {}).get("inline_keyboard", [])
    return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]


def _reply_message_id(params: JSON) -> tuple[int | None, bool]:
    """The message replied to and whether a missing one is acceptable."""
    reply = params.get("reply_parameters")
    if isinstance(reply, dict):
        return reply.get("message_id"), bool(reply.get("allow_sending_without_reply"))
    return params.get("reply_to_message_id"), bool(params.get("allow_sending_without_reply"))


# --- the server ---------------------------------------------------------------------------


class FakeTelegram:
    """In-memory Telegram: users, chats, an update queue and a recorded Bot API."""

    def __init__(self, token: str = DEFAULT_TOKEN, bot_username: str = "coach_test_bot", *,
                 bot_name: str = "Coach Test", now: Callable[[], float] = time.time) -> None:
        """Set up empty state; call ``start()`` to serve. ``now`` gives Telegram's dates
        (Unix seconds; the demo passes its own clock)."""
        self.token = token
        self.bot_username = bot_username
        self.bot_name = bot_name
        self._clock = now
        self.description = ""  # setMyDescription, the default (no language_code)
        self.descriptions: dict[str, str] = {}  # per language_code ("" the default)
        self.answers: list[JSON] = []  # answerCallbackQuery parameters, in order
        self._typing: dict[int, float] = {}  # chat -> monotonic time of its last chat action
        self.bot_id = int(token.split(":", 1)[0])
        self.url = ""
        self.delay = 0.0
        self.latency = 0.0  # seconds of round trip for every call but getUpdates, half each way
        self.rate_limits: RateLimits | None = None  # limit_rates() turns Telegram's limits on
        self.calls: list[ApiCall] = []
        self.updates: list[JSON] = []
        self.commands: dict[str, list[JSON]] = {}
        self.callback_answers: dict[str, JSON] = {}
        self.webhook_url = ""
        self._pending: list[JSON] = []
        self._allowed: list[str] = []
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(4_382_000_000_000_000_001)
        self._poll_generation = 0
        self._chats: dict[int, JSON] = {}
        self._next_ids: dict[int, itertools.count[int]] = {}
        self._user_messages: dict[tuple[int, int], JSON] = {}
        self._bot_messages: dict[int, list[BotMessage]] = {}
        self._keyboards: dict[int, JSON] = {}
        self._queries: set[str] = set()
        self._faults: dict[str, list[ApiError]] = {}
        self._drops: dict[str, int] = {}
        self._drops_after: dict[str, int] = {}
        self._blocked: set[int] = set()
        self.files: dict[str, bytes] = {}  # file_id -> bytes (documents users send)
        self._seq = 0
        self._last_activity = time.monotonic()
        self._changed = asyncio.Event()
        self._closing = False
        self._runner: web.AppRunner | None = None
        self._methods = {name.lower(): handler for name, handler in self._method_table().items()}

    # --- lifecycle ---

    async def start(self, port: int = 0) -> None:
        """Serve on 127.0.0.1 at `port` (0: a free one); sets ``url``."""
        self._closing = False
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_route("GET", "/file/bot{token}/{path:.+}", self._download)
        app.router.add_route("POST", "/control/reports", self._control_reports)
        app.router.add_route("POST", "/control/limit_rates", self._control_limit_rates)
        app.router.add_route("GET", "/control/calls", self._control_calls)
        app.router.add_route("*", "/{tail:.*}", self._not_found)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", port).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    async def stop(self) -> None:
        """Release pending long polls and shut the server down."""
        self._closing = True
        self._bump()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # --- acting as users ---

    def send_text(
        self,
        user: FakeUser,
        text: str,
        *,
        reply_to: int | None = None,
        chat: FakeChat | None = None,
        forward: bool = False,
    ) -> JSON:
        """The user sends a text message; returns the stored Message JSON."""
        msg = self._user_message(user, chat, text=text)
        entities = command_entities(text)
        if entities:
            msg["entities"] = entities
        if reply_to is not None:
            msg["reply_to_message"] = self.message_json(msg["chat"]["id"], reply_to)
        if forward:
            origin = {"type": "user", "sender_user": user.to_json(), "date": msg["date"] - 60}
            msg["forward_origin"] = origin
        self._push("message", msg)
        return msg

    def edit_text(
        self, user: FakeUser, message_id: int, new_text: str, *, chat: FakeChat | None = None
    ) -> JSON:
        """The user edits one of their text messages (an edited_message update)."""
        chat_id = chat.id if chat else user.id
        msg = self._user_messages.get((chat_id, message_id))
        assert msg is not None, f"user message {message_id} not found in chat {chat_id}"
        msg.update(text=new_text, edit_date=self._now())
        msg.pop("entities", None)
        if entities := command_entities(new_text):
            msg["entities"] = entities
        self._push("edited_message", msg)
        return msg

    def send_location(self, user: FakeUser, latitude: float, longitude: float) -> JSON:
        """The user shares a location (e.g. via a request_location button)."""
        return self._send_content(user, location={"latitude": latitude, "longitude": longitude})

    def send_sticker(self, user: FakeUser) -> JSON:
        """The user sends a sticker."""
        sticker = {
            "file_id": "CAACAgIAAxkBAAIBsticker", "file_unique_id": "AgADsticker",
            "type": "regular", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "emoji": "\U0001f44d",
        }  # fmt: skip
        return self._send_content(user, sticker=sticker)

    def send_photo(self, user: FakeUser, caption: str | None = None) -> JSON:
        """The user sends a photo, optionally captioned."""
        sizes = [
            {"file_id": f"AgACphoto{w}", "file_unique_id": f"AQADp{w}", "width": w, "height": w}
            for w in (90, 320, 800)
        ]
        extra: JSON = {"caption": caption} if caption else {}
        return self._send_content(user, photo=sizes, **extra)

    def send_document(
        self, user: FakeUser, filename: str, data: bytes, *, mime: str = "text/csv",
        caption: str | None = None, file_size: int | None = None,
    ) -> JSON:
        """The user sends a file; the bot can getFile and download it (``file_size`` may lie,
        as a client's claim would)."""
        file_id = f"BQACdoc{len(self.files) + 1}"
        self.files[file_id] = data
        document = {
            "file_id": file_id, "file_unique_id": f"AgADdoc{len(self.files)}",
            "file_name": filename, "mime_type": mime,
            "file_size": len(data) if file_size is None else file_size,
        }  # fmt: skip
        extra: JSON = {"caption": caption} if caption else {}
        return self._send_content(user, document=document, **extra)

    def send_voice(self, user: FakeUser, duration: int = 3) -> JSON:
        """The user sends a voice note."""
        voice = {"file_id": "AwACvoice", "file_unique_id": "AgADvoice", "duration": duration}
        return self._send_content(user, voice=voice)

    def press(
        self, user: FakeUser, message_id: int, data: str, *, chat: FakeChat | None = None
    ) -> str:
        """Press an inline button of a bot message; asserts the button exists. Returns query id."""
        chat_id = chat.id if chat else user.id
        msg = self._bot_message(chat_id, message_id)
        assert msg is not None, f"no bot message {message_id} in chat {chat_id}"
        assert not msg.deleted, f"bot message {message_id} in chat {chat_id} was deleted"
        datas = [d for _, d in buttons_of(msg.reply_markup)]
        assert data in datas, f"message {message_id} has no button {data!r}; it has {datas}"
        return self.press_raw(user, message_id, data, chat=chat)

    def press_raw(
        self, user: FakeUser, message_id: int, data: str, *, chat: FakeChat | None = None
    ) -> str:
        """Send a callback_query without checking the button exists (forged/stale presses)."""
        self._register(user, chat)
        chat_id = chat.id if chat else user.id
        query_id = str(next(self._query_ids))
        self._queries.add(query_id)
        query = {
            "id": query_id,
            "from": user.to_json(),
            "message": self._shown_message(chat_id, message_id),
            "chat_instance": f"{abs(chat_id)}0042",
            "data": data,
        }
        self._push("callback_query", query)
        return query_id

    def press_button(
        self, user: FakeUser, text_contains: str, message_id: int | None = None
    ) -> str:
        """Press the inline button whose text contains the string, on the newest bot message
        in the user's private chat that has one (or on ``message_id``)."""
        for msg in reversed(self._bot_messages.get(user.id, [])):
            if msg.deleted or message_id not in (None, msg.message_id):
                continue
            for text, data in buttons_of(msg.reply_markup):
                if text_contains in text and data:
                    return self.press(user, msg.message_id, data)
        raise AssertionError(f"no button containing {text_contains!r}\n{self.dump(user.id)}")

    def block_chat(self, chat_id: int, *, notify: bool = False) -> None:
        """The user blocks the bot: sends to the chat fail with 403 (optionally a
        my_chat_member update tells the bot)."""
        self._blocked.add(chat_id)
        if notify:
            self._push("my_chat_member", self._member_change(chat_id, "member", "kicked"))

    def unblock_chat(self, chat_id: int) -> None:
        """The user unblocks the bot."""
        self._blocked.discard(chat_id)

    def restart_chat(self, chat_id: int) -> None:
        """The user unblocks the bot and Telegram tells it: a my_chat_member "member" update."""
        self.unblock_chat(chat_id)
        change = self._member_change(chat_id, "kicked", "member")
        change["old_chat_member"]["until_date"] = 0  # a "kicked" member always has one
        self._push("my_chat_member", change)

    # --- observing the bot ---

    def messages_to(self, chat_id: int) -> list[BotMessage]:
        """Bot messages in a chat, oldest first, edits applied; deleted ones stay (flagged)."""
        return list(self._bot_messages.get(chat_id, []))

    def last_message(self, chat_id: int) -> BotMessage:
        """The newest non-deleted bot message in the chat."""
        alive = [m for m in self._bot_messages.get(chat_id, []) if not m.deleted]
        assert alive, f"the bot sent nothing to chat {chat_id}"
        return alive[-1]

    def buttons(self, msg: BotMessage) -> list[tuple[str, str]]:
        """(text, callback_data) of the message's inline buttons, flattened."""
        return buttons_of(msg.reply_markup)

    def reply_keyboard(self, chat_id: int) -> JSON | None:
        """The reply keyboard currently shown in the chat, if any."""
        return self._keyboards.get(chat_id)

    def calls_to(self, method: str) -> list[ApiCall]:
        """Recorded calls of one method (case-insensitive)."""
        return [c for c in self.calls if c.method.lower() == method.lower()]

    def dump(self, chat_id: int, last: int = 8) -> str:
        """The chat's recent bot messages, readable, for assertion messages."""
        lines = []
        for m in self._bot_messages.get(chat_id, [])[-last:]:
            flags = f" edits={m.edits}" + (" DELETED" if m.deleted else "")
            lines.append(f"  #{m.message_id}{flags}: {m.text!r} buttons={self.buttons(m)}")
        return "\n".join(lines) or "  (no bot messages)"

    def bump(self) -> None:
        """Wake every waiter, as a change would (the demo moves its clock)."""
        self._bump()

    @property
    def version(self) -> int:
        """Grows with every change of state (a message, an edit, a call answered)."""
        return self._seq

    async def wait_change(self, after: int, seconds: float) -> None:
        """Return once ``version`` > after, or after ``seconds``."""
        await self._wait(lambda: self._seq > after or None, seconds)

    def user_messages(self, chat_id: int) -> list[JSON]:
        """The users' messages in a chat, oldest first, as Telegram holds them now."""
        return [m for (chat, _), m in sorted(self._user_messages.items()) if chat == chat_id]

    def typing(self, chat_id: int) -> bool:
        """Whether a client would show "typing…" in the chat now."""
        since = self._typing.get(chat_id)
        return since is not None and time.monotonic() - since < TYPING_SECONDS

    def has_message(self, chat_id: int, message_id: int) -> bool:
        """Whether the chat holds this message (a user's, or a bot's not deleted)."""
        bot = self._bot_message(chat_id, message_id)
        return (chat_id, message_id) in self._user_messages or (bot is not None
                                                                and not bot.deleted)

    async def wait_until(
        self,
        condition: Callable[[], T | None],
        *,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> T:
        """Wait (woken by every state change) until condition() is not None/False."""
        found = await self._wait(condition, timeout)
        if found is None:
            raise AssertionError(f"condition not met within {timeout}s")
        return found

    async def wait_for_message(
        self,
        chat_id: int,
        predicate: Callable[[BotMessage], bool] = lambda m: True,
        *,
        after: int = 0,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> BotMessage:
        """The first live bot message in the chat matching predicate, among those at index
        >= after in messages_to() or changed (edited) after this call began."""
        start = self._seq

        def find() -> BotMessage | None:
            for i, m in enumerate(self._bot_messages.get(chat_id, [])):
                if (i >= after or m.seq > start) and not m.deleted and predicate(m):
                    return m
            return None

        found = await self._wait(find, timeout)
        if found is None:
            raise AssertionError(
                f"no matching bot message in chat {chat_id} within {timeout}s (after={after});"
                f" recent messages:\n{self.dump(chat_id)}"
            )
        return found

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[ApiCall], bool] = lambda c: True,
        *,
        after: int = 0,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> ApiCall:
        """The first call of method (index >= after in ``calls``) matching predicate."""

        def find() -> ApiCall | None:
            for c in self.calls[after:]:
                if c.method.lower() == method.lower() and predicate(c):
                    return c
            return None

        found = await self._wait(find, timeout)
        if found is None:
            seen = [c.method for c in self.calls[after:]][-15:]
            raise AssertionError(f"no matching {method} call within {timeout}s; saw {seen}")
        return found

    async def wait_idle(
        self,
        *,
        quiet: float = 0.0,
        timeout: float = 5.0,  # noqa: ASYNC109
    ) -> None:
        """Wait until every queued update was acknowledged by a later getUpdates offset.

        That proves PTB's updater put them in its update queue; handlers may still be
        running. With ``quiet`` > 0, also wait until no non-getUpdates call came for that
        many seconds (a heuristic for "handlers finished").
        """
        if await self._wait(lambda: not self._pending or None, timeout) is None:
            ids = [u["update_id"] for u in self._pending]
            raise AssertionError(f"updates {ids} not acknowledged within {timeout}s")
        deadline = time.monotonic() + timeout
        while (left := quiet - (time.monotonic() - self._last_activity)) > 0:
            assert time.monotonic() < deadline, f"bot still busy after {timeout}s"
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), left)

    # --- fault injection ---

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of method with an error (before doing anything)."""
        text = description or DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
        error = ApiError(status, text.format(retry_after=retry_after), retry_after)
        self._faults.setdefault(method.lower(), []).extend([error] * times)

    def limit_rates(self, limits: RateLimits | None = None) -> RateLimits:
        """Enforce Telegram's flood limits from now on (fakes/rate_limits.py)."""
        self.rate_limits = limits or RateLimits()
        return self.rate_limits

    def drop_next(self, method: str, *, times: int = 1, after_handling: bool = False) -> None:
        """Cut the connection of the next ``times`` calls of method without any answer.

        With ``after_handling`` the call is carried out first (a message is delivered), and
        only its answer is lost: the client cannot tell that it went through.
        """
        key = method.lower()
        drops = self._drops_after if after_handling else self._drops
        drops[key] = drops.get(key, 0) + times

    # --- internals: state ---

    def _bump(self) -> None:
        """Wake every waiter: something changed."""
        self._seq += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait(self, find: Callable[[], T | None], seconds: float) -> T | None:
        """Re-check find() on every state change until it returns something, or time out."""
        try:
            async with asyncio.timeout(seconds):
                while (found := find()) is None or found is False:
                    await self._changed.wait()
                return found
        except TimeoutError:
            return None

    def _now(self) -> int:
        """Unix time, as Telegram dates are."""
        return int(self._clock())

    def _push(self, kind: str, payload: JSON) -> int:
        """Queue an update for getUpdates."""
        update: JSON = {"update_id": next(self._update_ids), kind: payload}
        self._pending.append(update)
        self.updates.append(update)
        self._bump()
        return int(update["update_id"])

    def _register(self, user: FakeUser, chat: FakeChat | None) -> JSON:
        """Remember the chat a user acts in; returns its Chat JSON."""
        chat_json = chat.chat_json() if chat else user.chat_json()
        self._chats[chat_json["id"]] = chat_json
        return chat_json

    def _new_id(self, chat_id: int) -> int:
        """Next message id in a chat (shared by user and bot messages)."""
        return next(self._next_ids.setdefault(chat_id, itertools.count(1)))

    def _user_message(self, user: FakeUser, chat: FakeChat | None, **content: Any) -> JSON:
        """Store a new user message with the given content fields."""
        chat_json = self._register(user, chat)
        msg_id = self._new_id(chat_json["id"])
        msg = {
            "message_id": msg_id,
            "from": user.to_json(),
            "chat": chat_json,
            "date": self._now(),
        }
        msg.update(content)
        self._user_messages[(chat_json["id"], msg_id)] = msg
        return msg

    def _send_content(self, user: FakeUser, **content: Any) -> JSON:
        """A non-text user message in the private chat."""
        msg = self._user_message(user, None, **content)
        self._push("message", msg)
        return msg

    def _bot_message(self, chat_id: int, message_id: int) -> BotMessage | None:
        """A bot message by id (deleted ones included)."""
        for msg in self._bot_messages.get(chat_id, []):
            if msg.message_id == message_id:
                return msg
        return None

    def bot_user(self) -> JSON:
        """The bot's User object."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.bot_name,
            "username": self.bot_username,
        }

    def bot_json(self, msg: BotMessage, *, nested: bool = True) -> JSON:
        """The Message JSON of a bot message as Telegram returns it now."""
        out: JSON = {
            "message_id": msg.message_id,
            "from": self.bot_user(),
            "chat": self._chats[msg.chat_id],
            "date": msg.date,
            "text": msg.text,
        }
        if msg.photo is not None or msg.document is not None:
            out.pop("text")
            out.update(self._media_json(msg))
        if msg.edit_date is not None:
            out["edit_date"] = msg.edit_date
        if msg.reply_markup and "inline_keyboard" in msg.reply_markup:
            out["reply_markup"] = msg.reply_markup
        if nested and msg.reply_to is not None:
            out["reply_to_message"] = self.message_json(msg.chat_id, msg.reply_to)
        return out

    def message_json(self, chat_id: int, message_id: int) -> JSON:
        """Any stored message (user's or bot's) as JSON, without nested replies."""
        user_msg = self._user_messages.get((chat_id, message_id))
        if user_msg is not None:
            return {k: v for k, v in user_msg.items() if k != "reply_to_message"}
        bot_msg = self._bot_message(chat_id, message_id)
        assert bot_msg is not None, f"message {message_id} not found in chat {chat_id}"
        return self.bot_json(bot_msg, nested=False)

    def _shown_message(self, chat_id: int, message_id: int) -> JSON:
        """What a callback query carries: the message, or an InaccessibleMessage."""
        msg = self._bot_message(chat_id, message_id)
        if msg is None or msg.deleted:
            return {"message_id": message_id, "chat": self._chats[chat_id], "date": 0}
        return self.bot_json(msg)

    def _member_change(self, chat_id: int, old: str, new: str) -> JSON:
        """A ChatMemberUpdated about the bot in a private chat."""
        chat = self._chats.get(chat_id) or {"id": chat_id, "type": "private", "first_name": "U"}
        user = {"id": chat_id, "is_bot": False, "first_name": chat.get("first_name", "U")}
        new_member: JSON = {"status": new, "user": self.bot_user()}
        if new == "kicked":
            new_member["until_date"] = 0
        return {
            "chat": chat,
            "from": user,
            "date": self._now(),
            "old_chat_member": {"status": old, "user": self.bot_user()},
            "new_chat_member": new_member,
        }

    # --- control over HTTP: the fake in its own process (fakes/process.py) ---

    async def reports(self, users: Sequence[int], text: str, *, together: bool,
                      gap: float = 0.0, timeout: float = 60.0) -> list[float]:  # noqa: ASYNC109
        """Each user sends `text`; seconds from each message's arrival to the first reply
        (a sent or edited message) in its chat. `together`: all at the same instant;
        otherwise one at a time, the next `gap` seconds after the previous one's reply."""
        latencies: list[float] = []
        if together:
            after, queued = len(self.calls), time.monotonic()
            for user in users:
                self.send_text(FakeUser(id=user), text)
            for user in users:
                latencies.append(await self._reply_time(user, after, timeout) - queued)
            return latencies
        for user in users:
            after, queued = len(self.calls), time.monotonic()
            self.send_text(FakeUser(id=user), text)
            latencies.append(await self._reply_time(user, after, timeout) - queued)
            if gap:
                await asyncio.sleep(gap)
        return latencies

    async def _reply_time(self, chat_id: int, after: int, timeout: float) -> float:  # noqa: ASYNC109
        """When the first message or edit after call `after` reached the chat."""
        def find() -> float | None:
            for call in self.calls[after:]:
                if (call.params.get("chat_id") == chat_id and call.status == 200
                        and call.method in ("sendMessage", "editMessageText")):
                    return call.time
            return None

        found = await self._wait(find, timeout)
        if found is None:
            raise ApiError(504, f"no reply in chat {chat_id} within {timeout} s")
        return found

    async def _control_reports(self, request: web.Request) -> web.Response:
        """POST /control/reports {users, text, together, gap, timeout}: `reports`, answered
        with {latencies, refused} (refused: 429 answers so far)."""
        body = await request.json()
        try:
            latencies = await self.reports(
                [int(u) for u in body["users"]], str(body["text"]),
                together=bool(body.get("together")), gap=float(body.get("gap") or 0.0),
                timeout=float(body.get("timeout") or 60.0))
        except ApiError as error:
            return web.json_response(error.body(), status=error.status)
        refused = self.rate_limits.refused if self.rate_limits else 0
        return web.json_response({"latencies": latencies, "refused": refused})

    async def _control_limit_rates(self, request: web.Request) -> web.Response:
        """POST /control/limit_rates: Telegram's flood limits from now on."""
        self.limit_rates()
        return web.json_response({"ok": True})

    async def _control_calls(self, request: web.Request) -> web.Response:
        """GET /control/calls?after=N: the calls from index N on (method, chat_id, status,
        CLOCK_MONOTONIC time: system-wide on Linux, so it compares across processes)."""
        after = int(request.query.get("after") or 0)
        calls = [{"method": c.method, "chat_id": c.params.get("chat_id"), "status": c.status,
                  "time": c.time} for c in self.calls[after:]]
        return web.json_response({"calls": calls, "next": after + len(calls)})

    # --- internals: HTTP ---

    async def _not_found(self, request: web.Request) -> web.Response:
        """Anything outside /bot<token>/<method> (file downloads included)."""
        return web.json_response(ApiError(404, "Not Found").body(), status=404)

    async def _handle(self, request: web.Request) -> web.Response:
        """Record the call, dispatch it, answer with Telegram's JSON envelope."""
        method = request.match_info["method"]
        travel = self.latency / 2 if method.lower() != "getupdates" else 0.0
        if travel:
            await asyncio.sleep(travel)  # the request on its way: Telegram sees it later
        call = ApiCall(method, await read_params(request), time.monotonic())
        self.calls.append(call)
        if method.lower() != "getupdates":
            self._last_activity = call.time
        self._bump()
        if self._drops.get(method.lower()):
            return self._drop(request, call)
        try:
            body: JSON = {"ok": True, "result": await self._dispatch(request, call)}
            status = 200
        except ApiError as error:
            body, status = error.body(), error.status
        call.status, call.response = status, body
        if self._drops_after.get(method.lower()):
            self._drops_after[method.lower()] -= 1
            return self._drop(request, call, counted=False)
        self._bump()
        if travel:
            await asyncio.sleep(travel)  # the answer on its way back
        return web.json_response(body, status=status)

    def _drop(self, request: web.Request, call: ApiCall, *, counted: bool = True) -> web.Response:
        """A dropped connection: the client sees the socket close before any answer."""
        if counted:
            self._drops[call.method.lower()] -= 1
            call.status = 0
        if request.transport is not None:
            request.transport.abort()
        self._bump()
        return web.Response(status=204)

    async def _dispatch(self, request: web.Request, call: ApiCall) -> Any:
        """Check token, method and injected faults, then run the method."""
        if request.match_info["token"] != self.token:
            raise ApiError(401, "Unauthorized")
        handler = self._methods.get(call.method.lower())
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        chat_id = call.params.get("chat_id")
        if self.rate_limits is not None and counted(call.method, chat_id):
            edit = call.method.lower().startswith("edit")
            wait = self.rate_limits.check(chat_id, call.time, edit=edit)
            if wait is not None:
                raise ApiError(429, DEFAULT_DESCRIPTIONS[429].format(retry_after=wait), wait)
        faults = self._faults.get(call.method.lower())
        if faults:
            raise faults.pop(0)
        return await handler(call.params)

    def _method_table(self) -> dict[str, Handler]:
        """Bot API method name -> implementation."""
        return {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "answerCallbackQuery": self._answer_callback_query,
            "deleteMessage": self._delete_message,
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "editMessageMedia": self._edit_message_media,
            "getFile": self._get_file,
            "setMyDescription": self._set_my_description,
            "setMyShortDescription": self._ok,
            "setChatMenuButton": self._ok,
            "close": self._ok,
            "logOut": self._ok,
        }

    # --- Bot API methods ---

    async def _ok(self, params: JSON) -> bool:
        """Methods that only need to succeed."""
        return True

    async def _get_me(self, params: JSON) -> JSON:
        """getMe."""
        me = self.bot_user()
        me.update(
            can_join_groups=True,
            can_read_all_group_messages=False,
            supports_inline_queries=False,
            can_connect_to_business=False,
            has_main_web_app=False,
        )
        return me

    async def _get_updates(self, params: JSON) -> list[JSON]:
        """getUpdates: acknowledge by offset, then long-poll up to ``timeout`` seconds."""
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active;"
                           " use deleteWebhook to delete the webhook first")  # fmt: skip
        self._acknowledge(params.get("offset"))
        if isinstance(params.get("allowed_updates"), list):
            self._allowed = params["allowed_updates"]
        self._poll_generation += 1
        generation = self._poll_generation
        self._bump()
        limit = max(1, min(100, int(params.get("limit") or 100)))
        await self._wait(lambda: self._poll_done(generation), float(params.get("timeout") or 0))
        if generation != self._poll_generation and not self._closing:
            raise ApiError(409, "Conflict: terminated by other getUpdates request; make sure"
                           " that only one bot instance is running")  # fmt: skip
        return self._deliverable()[:limit]

    def _poll_done(self, generation: int) -> bool | None:
        """A long poll ends on updates, shutdown, or a newer getUpdates superseding it."""
        superseded = generation != self._poll_generation
        return bool(self._deliverable()) or self._closing or superseded or None

    def _acknowledge(self, offset: Any) -> None:
        """Forget updates confirmed by offset (negative: keep only the last -offset)."""
        if not isinstance(offset, int) or offset == 0:
            return
        before = len(self._pending)
        if offset < 0:
            self._pending = self._pending[offset:]
        else:
            self._pending = [u for u in self._pending if u["update_id"] >= offset]
        if len(self._pending) != before:
            self._bump()

    def _deliverable(self) -> list[JSON]:
        """Pending updates of allowed types; others are dropped, as Telegram does."""
        if self._allowed:
            self._pending = [u for u in self._pending if set(u) & set(self._allowed)]
        return list(self._pending)

    async def _set_webhook(self, params: JSON) -> bool:
        """setWebhook (only remembered: getUpdates then conflicts)."""
        self.webhook_url = str(params.get("url") or "")
        return True

    async def _delete_webhook(self, params: JSON) -> bool:
        """deleteWebhook, optionally dropping pending updates."""
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return True

    async def _get_webhook_info(self, params: JSON) -> JSON:
        """getWebhookInfo."""
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }

    @staticmethod
    def commands_key(params: JSON) -> str:
        """Commands are stored per scope and language."""
        scope = params.get("scope") or {"type": "default"}
        return f"{json.dumps(scope, sort_keys=True)}|{params.get('language_code') or ''}"

    async def _set_my_commands(self, params: JSON) -> bool:
        """setMyCommands."""
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("field \"commands\" must be an Array")  # fmt: skip
        self.commands[self.commands_key(params)] = commands
        return True

    async def _get_my_commands(self, params: JSON) -> list[JSON]:
        """getMyCommands."""
        return self.commands.get(self.commands_key(params), [])

    async def _delete_my_commands(self, params: JSON) -> bool:
        """deleteMyCommands."""
        self.commands.pop(self.commands_key(params), None)
        return True

    def _target_chat(self, params: JSON) -> int:
        """The chat a method acts on; unknown positive ids become private chats."""
        chat_id = params.get("chat_id")
        if not isinstance(chat_id, int):
            raise bad_request("chat not found")
        if chat_id not in self._chats:
            if chat_id < 0:
                raise bad_request("chat not found")
            self._chats[chat_id] = {"id": chat_id, "type": "private", "first_name": "User"}
        if chat_id in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return chat_id

    def _check_reply(self, chat_id: int, params: JSON) -> int | None:
        """The replied-to message id, if it exists (Telegram rejects missing ones)."""
        reply_id, lenient = _reply_message_id(params)
        if reply_id is None:
            return None
        if (chat_id, reply_id) in self._user_messages or self._bot_message(chat_id, reply_id):
            return int(reply_id)
        if lenient:
            return None
        raise bad_request("message to be replied not found")

    def _track_keyboard(self, chat_id: int, markup: JSON | None) -> None:
        """Reply keyboards stay shown until removed or replaced."""
        if markup and "keyboard" in markup:
            self._keyboards[chat_id] = markup
        elif markup and markup.get("remove_keyboard"):
            self._keyboards.pop(chat_id, None)

    async def _send_message(self, params: JSON) -> JSON:
        """sendMessage."""
        chat_id = self._target_chat(params)
        parse_mode = params.get("parse_mode")
        text = render_text(params.get("text"), parse_mode)
        markup = check_markup(params.get("reply_markup"))
        reply_to = self._check_reply(chat_id, params)
        if self.delay:
            await asyncio.sleep(self.delay)
        msg = BotMessage(
            message_id=self._new_id(chat_id), chat_id=chat_id, text=text, reply_markup=markup,
            parse_mode=parse_mode, raw_text=params["text"], date=self._now(),
            reply_to=reply_to, seq=self._seq + 1,
        )  # fmt: skip
        self._bot_messages.setdefault(chat_id, []).append(msg)
        self._typing.pop(chat_id, None)
        self._track_keyboard(chat_id, markup)
        return self.bot_json(msg)

    def _editable(self, params: JSON) -> BotMessage:
        """The bot message an edit targets."""
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not supported by the fake")
        chat_id = self._target_chat(params)
        msg = self._bot_message(chat_id, int(params.get("message_id") or 0))
        if msg is None or msg.deleted:
            raise bad_request("message to edit not found")
        return msg

    def _apply_edit(self, msg: BotMessage, text: str, raw: str, params: JSON) -> JSON:
        """Apply an edit; omitting reply_markup removes the inline keyboard, like Telegram."""
        markup = check_markup(params.get("reply_markup"))
        if markup is not None and "inline_keyboard" not in markup:
            raise bad_request("inline keyboard expected")
        if text == msg.text and markup == msg.reply_markup:
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        msg.text, msg.raw_text, msg.reply_markup = text, raw, markup
        msg.parse_mode = params.get("parse_mode", msg.parse_mode)
        msg.edits += 1
        msg.edit_date = self._now()
        msg.seq = self._seq + 1
        return self.bot_json(msg)

    async def _edit_message_text(self, params: JSON) -> JSON:
        """editMessageText."""
        msg = self._editable(params)
        text = render_text(params.get("text"), params.get("parse_mode"))
        return self._apply_edit(msg, text, params["text"], params)

    async def _edit_message_reply_markup(self, params: JSON) -> JSON:
        """editMessageReplyMarkup."""
        msg = self._editable(params)
        return self._apply_edit(msg, msg.text, msg.raw_text, params)

    async def _answer_callback_query(self, params: JSON) -> bool:
        """answerCallbackQuery: each query can be answered once."""
        query_id = str(params.get("callback_query_id"))
        if query_id not in self._queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self._queries.discard(query_id)
        self.callback_answers[query_id] = params
        self.answers.append(params)
        return True

    async def _delete_message(self, params: JSON) -> bool:
        """deleteMessage (bot messages only)."""
        chat_id = self._target_chat(params)
        msg = self._bot_message(chat_id, int(params.get("message_id") or 0))
        if msg is None or msg.deleted:
            raise bad_request("message to delete not found")
        msg.deleted = True
        msg.seq = self._seq + 1
        return True

    async def _send_chat_action(self, params: JSON) -> bool:
        """sendChatAction: "typing…" shows until the next message or TYPING_SECONDS."""
        self._typing[self._target_chat(params)] = time.monotonic()
        asyncio.get_running_loop().call_later(TYPING_SECONDS, self._bump)
        return True

    async def _set_my_description(self, params: JSON) -> bool:
        """setMyDescription."""
        text = str(params.get("description") or "")
        code = str(params.get("language_code") or "")
        self.descriptions[code] = text
        if not code:
            self.description = text
        return True

    async def _get_chat(self, params: JSON) -> JSON:
        """getChat: a ChatFullInfo."""
        chat = dict(self._chats.get(params.get("chat_id") or 0) or {})
        if not chat:
            raise bad_request("chat not found")
        gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
        chat.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={g: False for g in (*gifts, "gifts_from_channels")},
        )
        return chat


    # --- files: photos and documents the bot sends, documents users send ---

    def _media_json(self, msg: BotMessage) -> JSON:
        """The photo or document fields of a bot message, with its caption."""
        out: JSON = {"caption": msg.text} if msg.text else {}
        ident = f"bot{msg.chat_id}_{msg.message_id}"
        if msg.photo is not None:
            out["photo"] = [{"file_id": f"AgAC{ident}", "file_unique_id": f"AQAD{ident}",
                             "width": 1080, "height": 1080, "file_size": len(msg.photo)}]
        elif msg.document is not None:
            out["document"] = {"file_id": f"BQAC{ident}", "file_unique_id": f"AgAD{ident}",
                               "file_name": msg.filename or "file",
                               "file_size": len(msg.document)}
        return out

    @staticmethod
    def _upload(params: JSON, field: str) -> JSON:
        """An uploaded file of a request (multipart), or a Bad Request."""
        value = params.get(field)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
        if not isinstance(value, dict) or not isinstance(value.get("data"), bytes):
            raise bad_request(f"there is no {field} in the request")
        if not value["data"]:
            raise bad_request("file must be non-empty")
        return value

    def _media_message(self, params: JSON, **media: Any) -> JSON:
        chat_id = self._target_chat(params)
        caption = render_caption(params.get("caption"), params.get("parse_mode"))
        markup = check_markup(params.get("reply_markup"))
        msg = BotMessage(message_id=self._new_id(chat_id), chat_id=chat_id, text=caption,
                         reply_markup=markup, raw_text=params.get("caption") or "",
                         date=self._now(), seq=self._seq + 1, **media)
        self._bot_messages.setdefault(chat_id, []).append(msg)
        self._typing.pop(chat_id, None)
        return self.bot_json(msg)

    async def _send_photo(self, params: JSON) -> JSON:
        """sendPhoto (uploaded bytes only)."""
        return self._media_message(params, photo=self._upload(params, "photo")["data"])

    async def _send_document(self, params: JSON) -> JSON:
        """sendDocument (uploaded bytes only)."""
        upload = self._upload(params, "document")
        return self._media_message(params, document=upload["data"],
                                   filename=upload.get("filename"))

    async def _edit_message_media(self, params: JSON) -> JSON:
        """editMessageMedia: a new photo (and caption) in a message that shows one."""
        msg = self._editable(params)
        media = params.get("media")
        if not isinstance(media, dict) or media.get("type") != "photo":
            raise bad_request("can't parse InputMedia")
        if msg.photo is None:
            raise bad_request("there is no media in the message to edit")
        msg.photo = self._upload(params | {"new_photo": media.get("media")}, "new_photo")["data"]
        msg.text = render_caption(media.get("caption"), media.get("parse_mode"))
        msg.raw_text, msg.parse_mode = media.get("caption") or "", media.get("parse_mode")
        msg.reply_markup = check_markup(params.get("reply_markup"))
        msg.edits += 1
        msg.edit_date = self._now()
        msg.seq = self._seq + 1
        return self.bot_json(msg)

    async def _get_file(self, params: JSON) -> JSON:
        """getFile: a path under /file/bot<token>/ for a document a user sent."""
        file_id = str(params.get("file_id") or "")
        if file_id not in self.files:
            raise bad_request("invalid file_id")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}",
                "file_size": len(self.files[file_id]), "file_path": f"documents/{file_id}"}

    async def _download(self, request: web.Request) -> web.Response:
        """A file download, as api.telegram.org/file/bot<token>/<path> serves it."""
        if request.match_info["token"] != self.token:
            return web.json_response(ApiError(401, "Unauthorized").body(), status=401)
        file_id = request.match_info["path"].removeprefix("documents/")
        if file_id not in self.files:
            return web.json_response(ApiError(404, "Not Found").body(), status=404)
        return web.Response(body=self.files[file_id])


@contextlib.asynccontextmanager
async def running_fake(
    token: str = DEFAULT_TOKEN, bot_username: str = "coach_test_bot"
) -> AsyncIterator[FakeTelegram]:
    """A started FakeTelegram, stopped on exit."""
    fake = FakeTelegram(token, bot_username)
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


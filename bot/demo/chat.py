"""The stand-in Telegram's state: one visitor's private chat with the bot, and its updates.

Messages are kept as Telegram would show them (edits applied, deletions flagged); the
visitor's actions become updates for getUpdates, and every change wakes the page's long poll.
"""

import asyncio
import contextlib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

JSON = dict[str, Any]
BOT_ID = 1_000_001
CHAT_ID = 4_242
BOT: JSON = {"id": BOT_ID, "is_bot": True, "first_name": "Coach (demo)",
             "username": "coach_demo_bot"}
VISITOR: JSON = {"id": CHAT_ID, "is_bot": False, "first_name": "You", "language_code": "en"}
CHAT: JSON = {"id": CHAT_ID, "type": "private", "first_name": "You"}
COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


@dataclass
class StoredFile:
    """A photo or document either side sent: bytes kept in memory for the page."""

    file_id: str
    name: str
    content_type: str
    data: bytes


@dataclass
class Message:
    """One message in the chat, as shown now."""

    id: int
    from_bot: bool
    date: int
    text: str = ""
    parse_mode: str | None = None
    reply_to: int | None = None
    markup: JSON | None = None
    photo: str | None = None
    document: str | None = None
    location: JSON | None = None
    edited: bool = False
    deleted: bool = False

    def api(self, files: dict[str, StoredFile], *, nested: JSON | None = None) -> JSON:
        """The Telegram Message object."""
        out: JSON = {"message_id": self.id, "from": BOT if self.from_bot else VISITOR,
                     "chat": CHAT, "date": self.date}
        body = "caption" if self.photo or self.document else "text"
        if self.text:
            out[body] = self.text
        if not self.from_bot and self.text and (match := COMMAND.match(self.text)):
            out["entities"] = [{"type": "bot_command", "offset": 0,
                                "length": len(match.group(0).encode("utf-16-le")) // 2}]
        if self.photo:
            out["photo"] = [{"file_id": self.photo, "file_unique_id": self.photo,
                             "width": 800, "height": 600}]
        if self.document:
            doc = files[self.document]
            out["document"] = {"file_id": doc.file_id, "file_unique_id": doc.file_id,
                               "file_name": doc.name, "mime_type": doc.content_type,
                               "file_size": len(doc.data)}
        if self.location:
            out["location"] = self.location
        if self.markup and "inline_keyboard" in self.markup:
            out["reply_markup"] = self.markup
        if nested is not None:
            out["reply_to_message"] = nested
        return out

    def page(self, files: dict[str, StoredFile]) -> JSON:
        """What the chat page needs to draw the bubble."""
        doc = files.get(self.document or "")
        return {
            "id": self.id, "from_bot": self.from_bot, "date": self.date, "text": self.text,
            "html": (self.parse_mode or "").lower() == "html", "reply_to": self.reply_to,
            "buttons": (self.markup or {}).get("inline_keyboard", []),
            "photo": self.photo, "location": self.location, "edited": self.edited,
            "document": {"id": doc.file_id, "name": doc.name, "size": len(doc.data)}
            if doc else None,
        }


@dataclass
class DemoChat:
    """The chat, its update queue and what the bot published (commands, keyboards)."""

    now: Callable[[], datetime]
    messages: list[Message] = field(default_factory=list)
    files: dict[str, StoredFile] = field(default_factory=dict)
    commands: list[JSON] = field(default_factory=list)
    keyboard: JSON | None = None
    description: str = ""
    toast: JSON | None = None
    typing: bool = False
    version: int = 0
    pending: list[JSON] = field(default_factory=list)
    _ids: "itertools.count[int]" = field(default_factory=lambda: itertools.count(1))
    _update_ids: "itertools.count[int]" = field(default_factory=lambda: itertools.count(1))
    _file_ids: "itertools.count[int]" = field(default_factory=lambda: itertools.count(1))
    _query_ids: "itertools.count[int]" = field(default_factory=lambda: itertools.count(7001))
    _changed: asyncio.Event = field(default_factory=asyncio.Event)

    # --- change notification ---

    def bump(self) -> None:
        """Something changed: wake the page's long poll and any getUpdates."""
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_change(self, after: int, seconds: float) -> None:
        """Return once version > after, or after `seconds`."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                while self.version <= after:
                    await self._changed.wait()

    def date(self) -> int:
        """Telegram dates follow the demo clock."""
        return int(self.now().timestamp())

    # --- messages ---

    def find(self, message_id: int) -> Message | None:
        """A message by id (deleted ones included)."""
        return next((m for m in self.messages if m.id == message_id), None)

    def add(self, message: Message) -> Message:
        """Append a message and tell the page."""
        self.messages.append(message)
        self.bump()
        return message

    def new_message(self, *, from_bot: bool, **content: Any) -> Message:
        """A message with the next id and the current (demo) date."""
        return self.add(Message(next(self._ids), from_bot, self.date(), **content))

    def store_file(self, name: str, content_type: str, data: bytes) -> StoredFile:
        """Keep a file; its id serves for getFile and the page's download link."""
        stored = StoredFile(f"demo-file-{next(self._file_ids)}", name, content_type, data)
        self.files[stored.file_id] = stored
        return stored

    def api_message(self, message: Message) -> JSON:
        """A message with the message it replies to nested, as Telegram sends it."""
        quoted = self.find(message.reply_to) if message.reply_to else None
        nested = quoted.api(self.files) if quoted and not quoted.deleted else None
        return message.api(self.files, nested=nested)

    # --- the visitor's actions, as updates ---

    def push(self, kind: str, payload: JSON) -> None:
        """Queue an update for the bot's getUpdates."""
        self.pending.append({"update_id": next(self._update_ids), kind: payload})
        self.bump()

    def say(self, text: str, reply_to: int | None = None) -> Message:
        """The visitor sends a text message."""
        quoted = reply_to if reply_to is not None and self.find(reply_to) else None
        message = self.new_message(from_bot=False, text=text, reply_to=quoted)
        self.push("message", self.api_message(message))
        return message

    def edit(self, message_id: int, text: str) -> Message | None:
        """The visitor edits one of their text messages."""
        message = self.find(message_id)
        if message is None or message.from_bot or message.location or message.document:
            return None
        message.text, message.edited = text, True
        payload = self.api_message(message)
        payload["edit_date"] = self.date()
        self.push("edited_message", payload)
        return message

    def share_location(self, latitude: float, longitude: float) -> Message:
        """The visitor shares a location (the reply keyboard's location button)."""
        location = {"latitude": latitude, "longitude": longitude}
        message = self.new_message(from_bot=False, location=location)
        self.push("message", self.api_message(message))
        return message

    def send_document(self, name: str, content_type: str, data: bytes) -> Message:
        """The visitor sends a file."""
        stored = self.store_file(name, content_type, data)
        message = self.new_message(from_bot=False, document=stored.file_id)
        self.push("message", self.api_message(message))
        return message

    def press(self, message_id: int, data: str) -> bool:
        """The visitor taps an inline button; False if the message has no such button."""
        message = self.find(message_id)
        if message is None or message.deleted or not message.markup:
            return False
        rows = message.markup.get("inline_keyboard", [])
        if data not in [b.get("callback_data") for row in rows for b in row]:
            return False
        query = {"id": str(next(self._query_ids)), "from": VISITOR, "data": data,
                 "message": self.api_message(message), "chat_instance": "4242"}
        self.push("callback_query", query)
        return True

    def state(self) -> JSON:
        """Everything the page draws."""
        return {
            "version": self.version,
            "now": self.now().isoformat(),
            "bot": BOT,
            "messages": [m.page(self.files) for m in self.messages if not m.deleted],
            "commands": self.commands,
            "description": self.description,
            "keyboard": self.keyboard,
            "toast": self.toast,
            "typing": self.typing,
        }

"""The visitor's chat with the bot, as the demo page draws it: a view over the shared fake
Bot API (fakes/telegram_api.py), which the real bot talks to over HTTP.

The page's actions (say, edit, press, share a location, send a file) become updates in the
fake, exactly as the end-to-end tests send them; the page's state is built from what the
fake holds (both sides' messages, keyboards, commands, answers to button presses).
"""

import mimetypes
from dataclasses import dataclass
from typing import Any

from fakes.telegram_api import BotMessage, FakeTelegram, FakeUser

JSON = dict[str, Any]
VISITOR = FakeUser(id=4_242, first_name="You")
BOT_FILE = "bot-"  # file ids the page uses for the bot's photos and documents: bot-<message id>


@dataclass(frozen=True)
class ShownFile:
    """A file the page can show or download."""

    name: str
    content_type: str
    data: bytes


class DemoChat:
    """One visitor's private chat, read from and acted on through the fake."""

    def __init__(self, fake: FakeTelegram, visitor: FakeUser = VISITOR) -> None:
        self.fake, self.visitor = fake, visitor
        self.chat_id = visitor.id

    # --- the visitor's actions ---

    def say(self, text: str, reply_to: int | None = None) -> int:
        """The visitor sends a text (a reply only to a message still in the chat); returns
        its message id."""
        quoted = reply_to if reply_to is not None and self._exists(reply_to) else None
        return int(self.fake.send_text(self.visitor, text, reply_to=quoted)["message_id"])

    def edit(self, message_id: int, text: str) -> bool:
        """The visitor edits one of their text messages; False if it is not one."""
        own = next((m for m in self.fake.user_messages(self.chat_id)
                    if m["message_id"] == message_id), None)
        if own is None or "text" not in own:
            return False
        self.fake.edit_text(self.visitor, message_id, text)
        return True

    def press(self, message_id: int, data: str) -> bool:
        """The visitor taps an inline button; False if the message has no such button."""
        message = self._bot(message_id)
        if message is None or message.deleted:
            return False
        if data not in [d for _, d in self.fake.buttons(message)]:
            return False
        self.fake.press(self.visitor, message_id, data)
        return True

    def share_location(self, latitude: float, longitude: float) -> None:
        self.fake.send_location(self.visitor, latitude, longitude)

    def send_document(self, name: str, content_type: str, data: bytes) -> None:
        self.fake.send_document(self.visitor, name, data, mime=content_type)

    # --- what the page draws ---

    async def wait_change(self, after: int, seconds: float) -> None:
        await self.fake.wait_change(after, seconds)

    def state(self, now_iso: str) -> JSON:
        """Everything the page draws."""
        answers = [a for a in self.fake.answers if a.get("text")]
        toast = {"n": len(answers), "text": str(answers[-1]["text"])} if answers else None
        return {
            "version": self.fake.version,
            "now": now_iso,
            "bot": self.fake.bot_user(),
            "messages": self._messages(),
            "commands": self.fake.commands.get(FakeTelegram.commands_key({}), []),
            "description": self.fake.description,
            "keyboard": self.fake.reply_keyboard(self.chat_id),
            "toast": toast,
            "typing": self.fake.typing(self.chat_id),
        }

    def file(self, file_id: str) -> ShownFile | None:
        """A photo or document either side sent, by the id the page was given."""
        if file_id.startswith(BOT_FILE):
            number = file_id.removeprefix(BOT_FILE)
            message = self._bot(int(number)) if number.isdigit() else None
            if message is None or message.deleted:
                return None
            if message.photo is not None:
                return ShownFile("chart.png", "image/png", message.photo)
            if message.document is not None:
                name = message.filename or "file"
                return ShownFile(name, _content_type(name), message.document)
            return None
        for sent in self.fake.user_messages(self.chat_id):
            doc = sent.get("document")
            if doc and doc["file_id"] == file_id and file_id in self.fake.files:
                return ShownFile(doc["file_name"], doc["mime_type"], self.fake.files[file_id])
        return None

    def _messages(self) -> list[JSON]:
        shown = [(m["message_id"], _user_bubble(m))
                 for m in self.fake.user_messages(self.chat_id)]
        shown += [(m.message_id, _bot_bubble(m)) for m in self.fake.messages_to(self.chat_id)
                  if not m.deleted]
        return [bubble for _, bubble in sorted(shown, key=lambda pair: pair[0])]

    def _bot(self, message_id: int) -> BotMessage | None:
        return next((m for m in self.fake.messages_to(self.chat_id)
                     if m.message_id == message_id), None)

    def _exists(self, message_id: int) -> bool:
        return self.fake.has_message(self.chat_id, message_id)


def _user_bubble(message: JSON) -> JSON:
    doc = message.get("document")
    reply = message.get("reply_to_message")
    return {
        "id": message["message_id"], "from_bot": False, "date": message["date"],
        "text": message.get("text") or message.get("caption") or "", "html": False,
        "reply_to": reply["message_id"] if reply else None, "buttons": [],
        "photo": None, "location": message.get("location"),
        "edited": "edit_date" in message,
        "document": {"id": doc["file_id"], "name": doc["file_name"], "size": doc["file_size"]}
        if doc else None,
    }


def _bot_bubble(message: BotMessage) -> JSON:
    html = (message.parse_mode or "").lower() == "html"
    document = None
    if message.document is not None:
        document = {"id": f"{BOT_FILE}{message.message_id}",
                    "name": message.filename or "file", "size": len(message.document)}
    return {
        "id": message.message_id, "from_bot": True, "date": message.date,
        "text": message.raw_text if html else message.text, "html": html,
        "reply_to": message.reply_to, "buttons": message.inline_keyboard,
        "photo": f"{BOT_FILE}{message.message_id}" if message.photo is not None else None,
        "location": None, "edited": message.edits > 0, "document": document,
    }


def _content_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"

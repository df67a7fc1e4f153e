"""Superseded keyboards: a newer card or step question takes the buttons off the one before.

Per chat, the newest message of each kind that still shows buttons is remembered (a session
card, a step-by-step question), with the session it is for. When a newer one of the same
kind goes out, the older one loses its keyboard (editMessageReplyMarkup), best effort: a
message that is gone or already bare is fine. A card whose session closes (finished or
skipped) loses its buttons then, in the runner's own conversation, so a reminder fan-out
only pays an edit for the cards runners left open. The memory is this process's and
bounded; after a restart an older keyboard may stay until pressed, and its buttons then
answer that they have expired.
"""

import logging
from collections import OrderedDict
from enum import Enum
from typing import Any

from telegram import Bot
from telegram.error import TelegramError

log = logging.getLogger(__name__)
CHATS_KEPT = 100_000


class Kind(Enum):
    CARD = "card"  # a reminder, a missed-session note, a nudge, the /log card
    STEP = "step"  # the step-by-step question for one exercise


class LiveKeyboards:
    """The newest message with buttons, per chat and kind (least recently used forgotten)."""

    def __init__(self, size: int = CHATS_KEPT) -> None:
        self.size = size
        self._shown: OrderedDict[tuple[int, Kind], tuple[int, int | None]] = OrderedDict()

    def replace(self, chat_id: int, kind: Kind, message_id: int | None,
                session_id: int | None = None) -> int | None:
        """Remember the new message (None: nothing of this kind is shown now); return the
        one it replaces, if any."""
        key = (chat_id, kind)
        old, _ = self._shown.pop(key, None) or (None, None)
        if message_id is not None:
            self._shown[key] = (message_id, session_id)
            if len(self._shown) > self.size:
                self._shown.popitem(last=False)
        return None if old == message_id else old

    def closed(self, chat_id: int, kind: Kind, session_id: int) -> int | None:
        """The session closed: forget its message of this kind and return it, if shown."""
        key = (chat_id, kind)
        shown = self._shown.get(key)
        if shown is None or shown[1] != session_id:
            return None
        del self._shown[key]
        return shown[0]


async def supersede(bot: Bot, keyboards: LiveKeyboards | None, chat_id: int, kind: Kind,
                    message_id: int | None, session_id: int | None = None,
                    **send: Any) -> None:
    """`message_id` is now the chat's newest of its kind: the older one loses its buttons."""
    old = None if keyboards is None else keyboards.replace(chat_id, kind, message_id,
                                                           session_id)
    if old is not None:
        await clear(bot, chat_id, old, **send)


async def session_closed(bot: Bot, keyboards: LiveKeyboards, chat_id: int,
                         session_id: int) -> None:
    """The session's card and step question, if still shown, lose their buttons."""
    for kind in Kind:
        shown = keyboards.closed(chat_id, kind, session_id)
        if shown is not None:
            await clear(bot, chat_id, shown)


async def clear(bot: Bot, chat_id: int, message_id: int, **send: Any) -> None:
    """Remove a message's buttons; never fails (a gone or bare message is fine)."""
    try:
        await bot.edit_message_reply_markup(chat_id, message_id, reply_markup=None, **send)
    except TelegramError as exc:
        log.debug("old buttons not removed: %s", type(exc).__name__)

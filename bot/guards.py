"""Gates every update passes before the flows: private chats only, sane buttons pressed by
the chat's own user, no floods; and `refusing`, which turns a button handler's refusals into
a short answer.

They run in handler groups before the flows (see `bot.app.add_handlers`) and stop an update
with `ApplicationHandlerStop` when it must go no further. Nothing here touches the database.
The flood verdict is reached when an update arrives (`FloodGate.arrived`, called by
`bot.ingest` as updates are stored, before they queue for their user or a concurrency
slot); a message past the limit is dropped there, a warning or a refused button tap is
acted on when the update's turn comes.
"""

import logging
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Protocol

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.context import CoachContext
from coach.clock import Clock
from coach.session_life import SessionClosed
from i18n import N_, _
from services.schedule import NotOnboarded

log = logging.getLogger(__name__)

GROUP_NOTE = N_(
    "I coach one runner at a time, in a private chat, so I'll stay quiet here. "
    "Tap my name and press Start to set up your plan."
)
GROUP_BUTTON = N_("I only work in a private chat with you.")
EXPIRED = N_("That button has expired.")
NOT_YOURS = N_("These buttons belong to someone else's chat.")
EASY = N_("Easy there, one message at a time. I skipped a few; send them again slowly.")
EASY_BUTTON = N_("Easy there, one tap at a time.")
MAX_CALLBACK_BYTES = 64  # Telegram's limit; anything longer was not made by this bot
SET_UP_FIRST = N_("Let's set up your plan first: send /start.")
GONE = N_("That button has expired or isn't yours.")
MAX_ID = 2**31 - 1  # row ids are 32-bit integers in the database
TOLD_CHATS_KEPT = 10_000
BUCKETS_KEPT = 50_000


class BoundedSet:
    """Remembers the most recent ids (least recently added are forgotten first)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def add(self, item: int) -> bool:
        """Add; return False when it was already there."""
        if item in self._ids:
            return False
        self._ids[item] = None
        if len(self._ids) > self.size:
            self._ids.popitem(last=False)
        return True


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"
    DROP = "drop"


@dataclass
class _Bucket:
    tokens: float
    at: datetime
    warned: bool = False


class FloodLimit:
    """A token bucket per user: `burst` updates at once, refilled at `rate` per second."""

    def __init__(self, burst: int, rate: float, users: int = BUCKETS_KEPT) -> None:
        self.burst, self.rate, self.users = burst, rate, users
        self._buckets: OrderedDict[int, _Bucket] = OrderedDict()

    def check(self, user_id: int, now: datetime) -> Verdict:
        """Take a token; past the limit warn once, then drop until tokens come back."""
        bucket = self._buckets.pop(user_id, None) or _Bucket(float(self.burst), now)
        self._buckets[user_id] = bucket
        if len(self._buckets) > self.users:
            self._buckets.popitem(last=False)  # an idle user's bucket: it was full anyway
        elapsed = max(0.0, (now - bucket.at).total_seconds())
        bucket.tokens, bucket.at = min(float(self.burst), bucket.tokens + elapsed * self.rate), now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return Verdict.ALLOW
        if bucket.warned:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN


class SharedLimit(Protocol):
    """Buckets kept outside the process, shared by instances (bot.flood_redis)."""

    async def check(self, user_id: int, now: datetime) -> Verdict: ...

    async def close(self) -> None: ...


class FloodGate:
    """Checks each update against its user's bucket on arrival; remembers the refusals."""

    def __init__(self, flood: FloodLimit, clock: Clock,
                 shared: SharedLimit | None = None) -> None:
        self.flood, self.clock, self.shared = flood, clock, shared
        self._refused: dict[int, Verdict] = {}

    async def arrived(self, update: Update) -> bool:
        """Take a token for a message, edit or button tap as it arrives.

        False when nothing at all is to be done with the update: a message past the limit
        after the one warning. Refused button taps are still answered (the client spins
        otherwise), and the warning is sent, when their turn comes.
        """
        user = update.effective_user
        if user is None or not (update.message or update.edited_message or update.callback_query):
            return True
        now = self.clock.now()
        verdict = (self.flood.check(user.id, now) if self.shared is None
                   else await self.shared.check(user.id, now))
        if verdict is Verdict.ALLOW:
            return True
        if verdict is Verdict.DROP and update.callback_query is None:
            log.info("flood limit: drop update %s from user %s", update.update_id, user.id)
            return False
        self._refused[update.update_id] = verdict
        return True

    def verdict(self, update: Update) -> Verdict:
        """What the bucket said when this update arrived."""
        return self._refused.get(update.update_id, Verdict.ALLOW)

    def forget(self, update: object) -> None:
        if isinstance(update, Update):
            self._refused.pop(update.update_id, None)


class Guards:
    """The gates, with their in-memory state (no rows: groups leave no trace)."""

    def __init__(self, flood: FloodGate) -> None:
        self.flood = flood
        self.told = BoundedSet(TOLD_CHATS_KEPT)

    async def private_only(self, update: Update, ctx: CoachContext) -> None:
        """Groups and channels get one short note per chat, then silence."""
        if update.my_chat_member is not None or update.chat_member is not None:
            return  # membership changes are for the membership handler
        chat, query = update.effective_chat, update.callback_query
        if chat is not None and chat.type == ChatType.PRIVATE:
            return
        if query is not None:
            await _answer(query, GROUP_BUTTON if chat is not None else EXPIRED)
        elif chat is not None and update.effective_message and self.told.add(chat.id):
            await _say(ctx, chat.id, GROUP_NOTE)
        raise ApplicationHandlerStop

    async def sane_buttons(self, update: Update, _ctx: CoachContext) -> None:
        """Refuse callback data this bot cannot have made (missing or over 64 bytes), and a
        press by anyone but the chat's own user: an alert for them, nothing in the chat."""
        query = update.callback_query
        if query is None:
            return
        data = query.data
        if data is None or len(data.encode()) > MAX_CALLBACK_BYTES or query.message is None:
            await _answer(query, EXPIRED)
            raise ApplicationHandlerStop
        if query.from_user.id != query.message.chat.id:  # private chats: the chat is its user
            log.info("refused a press by user %s in chat %s", query.from_user.id,
                     query.message.chat.id)
            await _answer(query, NOT_YOURS, alert=True)
            raise ApplicationHandlerStop

    async def not_too_fast(self, update: Update, ctx: CoachContext) -> None:
        """Slow down one flooding user; everyone else is served as usual."""
        verdict = self.flood.verdict(update)
        if verdict is Verdict.ALLOW:
            return
        user_id = update.effective_user.id if update.effective_user else None
        log.info("flood limit: %s update %s from user %s", verdict.value, update.update_id,
                 user_id)
        if update.callback_query is not None:
            await _answer(update.callback_query, EASY_BUTTON if verdict is Verdict.WARN else None)
        elif verdict is Verdict.WARN and update.effective_chat is not None:
            await _say(ctx, update.effective_chat.id, EASY)
        raise ApplicationHandlerStop


def row_id(text: str) -> int:
    """A row id carried by callback data; ValueError unless ASCII digits within the
    database's integer range ('²'.isdigit() is True; PostgreSQL refuses ids past 32 bits)."""
    if not (text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= MAX_ID):
        raise ValueError(text)
    return int(text)


ButtonHandler = Callable[[Update, CoachContext], Coroutine[Any, Any, None]]


def refusing(handler: ButtonHandler) -> ButtonHandler:
    """A button handler whose refusals (a row gone or someone else's, a runner not set up,
    a closed session) end in a short answer to the press, never in the error handler."""

    async def refused_quietly(update: Update, ctx: CoachContext) -> None:
        try:
            await handler(update, ctx)
        except (LookupError, SessionClosed) as exc:
            slip = isinstance(exc, KeyError | IndexError)  # not a refusal: a handler's slip
            log.log(logging.WARNING if slip else logging.INFO, "button refused: %s for "
                    "update %s", type(exc).__name__, update.update_id, exc_info=slip)
            if update.callback_query is not None:
                await _answer(update.callback_query,
                              SET_UP_FIRST if isinstance(exc, NotOnboarded) else GONE)

    return refused_quietly


async def _answer(query: CallbackQuery, text: str | None, alert: bool = False) -> None:
    try:
        await query.answer(text and _(text), show_alert=alert)  # in the runner's language
    except TelegramError as exc:  # an old query can no longer be answered; nothing to do
        log.debug("could not answer a callback query: %s", type(exc).__name__)


async def _say(ctx: CoachContext, chat_id: int, text: str) -> None:
    try:
        await ctx.bot.send_message(chat_id, _(text))
    except (Forbidden, BadRequest) as exc:  # no right to write there: stay quiet
        log.debug("could not write to chat %s: %s", chat_id, type(exc).__name__)


async def set_buttons(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """Replace (or with None remove) a message's buttons; a gone or unchanged message is fine."""
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as exc:
        log.debug("buttons not changed: %s", type(exc).__name__)

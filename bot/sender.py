"""The scheduler's view of Telegram: reminders, missed-session notes and next-morning nudges.

Reminders draw on the bot's one send budget as Priority.BULK (bot/budget.py): replies to
runners go first. Telegram's errors become the scheduler's (scheduler/pacing.py): 403 and
"chat not found" → RecipientGone, 429 → Throttled (the Pacer waits it out), 5xx / network errors /
time-outs → Transient. Anything else propagates and is retried with backoff too.

A fault after the request was written (a read or write time-out, the connection closed
before the answer) is Transient("outcome_unknown"): Telegram may have taken the message.
One that happened before (connect, pool) is "timeout" or "network": nothing went out.
"""

import re
from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any, ParamSpec

import httpx
from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

import i18n
from bot import session_log as ui
from bot.budget import Priority, retry_seconds
from bot.budget_limiter import BudgetRateLimiter
from bot.keyboards import Kind, LiveKeyboards, supersede
from bot.telegram_http import NoAnswer, NotSent
from coach.views import Profile, SessionView
from i18n import _
from services.ports import RecipientGone, Throttled, Transient

GONE_MARKERS = ("chat not found", "user is deactivated", "bot was blocked")
SERVER_ERROR = re.compile(r"\(5\d\d\)\s*$|bad gateway", re.IGNORECASE)
__all__ = ["TelegramSender", "in_language", "retry_seconds", "sent"]
P = ParamSpec("P")


def in_language(send: Callable[P, Coroutine[Any, Any, int]]
                ) -> Callable[P, Coroutine[Any, Any, int]]:
    """A sender's method that renders in its runner's language (the view's or profile's)."""

    @wraps(send)
    async def speaking(*args: P.args, **kwargs: P.kwargs) -> int:
        card = args[1]  # (self, the view or the profile, ...)
        profile = card.profile if isinstance(card, SessionView) else card
        with i18n.language(profile.language if isinstance(profile, Profile) else None):
            return await send(*args, **kwargs)

    return speaking


class TelegramSender:
    """Renders session cards and sends them; Telegram's faults become the scheduler's."""

    def __init__(self, bot: Bot, keyboards: LiveKeyboards | None = None) -> None:
        self.bot = bot
        self.keyboards = keyboards  # given: a new card takes the buttons off the last one
        # On PTB's ExtBot the budget reads the priority; a plain Bot has no rate limiter.
        self.bulk: dict[str, Any] = (
            {"rate_limit_args": Priority.BULK} if isinstance(bot, ExtBot) else {})

    def per_round_trip(self) -> float:
        """Sends a round trip to Telegram keeps in flight at the budget's rate (0: unknown);
        the scheduler's in-flight window grows with it."""
        limiter = self.bot.rate_limiter if isinstance(self.bot, ExtBot) else None
        return limiter.budget.per_round_trip() if isinstance(limiter, BudgetRateLimiter) else 0.0

    @in_language
    async def reminder(self, view: SessionView) -> int:
        text = ui.card_text(view, ui.reminder_heading(view))
        return await self._card(view, text, ui.card_keyboard(view.session.id))

    @in_language
    async def missed(self, view: SessionView) -> int:
        return await self._card(view, ui.missed_text(view),
                                ui.late_keyboard(view.session.id, _("Log it")))

    @in_language
    async def nudge(self, view: SessionView) -> int:
        return await self._card(view, ui.nudge_text(view),
                                ui.late_keyboard(view.session.id, _("Log it now")))

    async def _card(self, view: SessionView, text: str, markup: InlineKeyboardMarkup) -> int:
        """Send a card; the chat's previous card, if known, loses its buttons."""
        chat_id = view.profile.chat_id
        message_id = await self._send(chat_id, text, markup)
        await supersede(self.bot, self.keyboards, chat_id, Kind.CARD, message_id,
                        view.session.id, **self.bulk)
        return message_id

    async def _send(self, chat_id: int, text: str, markup: InlineKeyboardMarkup) -> int:
        try:
            message = await self.bot.send_message(chat_id, text, reply_markup=markup,
                                                  **self.bulk)
        except Forbidden as exc:
            raise RecipientGone(exc.message) from exc
        except RetryAfter as exc:
            raise Throttled(retry_seconds(exc)) from exc
        except BadRequest as exc:  # a NetworkError subclass: check it first
            if any(marker in exc.message.lower() for marker in GONE_MARKERS):
                raise RecipientGone(exc.message) from exc
            raise
        except TimedOut as exc:
            raise Transient("outcome_unknown" if sent(exc) else "timeout") from exc
        except NetworkError as exc:
            reason = "server_error" if SERVER_ERROR.search(exc.message) else "network"
            raise Transient("outcome_unknown" if sent(exc) else reason) from exc
        return message.message_id


UNKNOWN_OUTCOME = (httpx.ReadTimeout, httpx.WriteTimeout, httpx.ReadError, httpx.WriteError,
                   httpx.RemoteProtocolError)


def sent(exc: Exception) -> bool:
    """Whether the request may have reached Telegram before the fault (the cause says:
    bot/telegram_http.py's NoAnswer or NotSent, or httpx's error)."""
    cause = exc.__cause__
    while cause is not None and not isinstance(cause, (httpx.HTTPError, NoAnswer, NotSent)):
        cause = cause.__cause__
    return isinstance(cause, (*UNKNOWN_OUTCOME, NoAnswer))

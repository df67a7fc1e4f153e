"""/strava: connect Strava, see the connection, disconnect; and the words of what the Strava
pass and the callback tell the runner. (Whether long runs count as hard is a /settings
switch.)"""

import asyncio
import logging
from dataclasses import dataclass, field

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

import i18n
from bot.commands import NOT_SET_UP
from bot.context import CoachContext
from bot.format import day_label, local, when_label
from bot.guards import EXPIRED, set_buttons
from i18n import N_, _
from services.plan import NotOnboarded
from services.strava import (
    CallbackRefused,
    Connect,
    Connected,
    Linked,
    StravaApp,
    disconnect,
    strava_view,
)
from services.strava_events import Disconnected, Notice, StravaEvents
from services.strava_follow import Followed, Kept, RaceNoted

log = logging.getLogger(__name__)
NOT_CONFIGURED = N_("Strava is not set up on this bot.")
CONNECT = N_("Connect Strava and I'll read your runs: a hard one (a workout, a race, or a "
             "hard effort) brings today's strength session, easy runs change nothing.\n"
             "I keep Strava's tokens (encrypted) and each run's date, distance, time and "
             "verdict; disconnecting here deletes them.")
CONNECTED = N_("Strava is connected. A hard run brings today's session (at your usual time, "
               "or 30 min after you upload); easy runs change nothing.\n"
               "Long runs count as hard: {long} (change it in /settings).")
LINKED = N_("✅ Strava connected. When a hard run arrives, today's strength session follows "
            "it; easy runs change nothing. Your usual hard days stay the plan otherwise. "
            "/strava to see or disconnect.")
DISCONNECTED = N_("Strava disconnected: its tokens and the runs I fetched are deleted. Your "
                   "usual hard days plan the week again.")
MOVED = N_("Whether long runs count as hard is now in /settings.")
REVOKED = N_("You removed coachbot's access on Strava, so I deleted its tokens and the runs I "
              "fetched. /strava to connect again.")
KEPT = {
    "today": N_("Today's session is already yours; nothing more today."),
    "yesterday": N_("You lifted yesterday, so strength waits for the next session: legs need "
                    "a day between two."),
    "rest": N_("Your race is close, so today stays a rest day for strength."),
}
REFUSED_IN_CHAT = {
    "denied": N_("Strava wasn't connected (access was declined). /strava to try again."),
    "scope": N_("Strava wasn't connected: I need to read your activities. /strava and "
                "leave “View data about your activities” ticked."),
    "strava": N_("Strava didn't answer as expected, so nothing was connected. /strava to "
                 "retry."),
}


@dataclass
class StravaParts:
    """The Strava services of a bot with Strava configured."""

    app: StravaApp
    events: StravaEvents
    running: asyncio.Lock = field(default_factory=asyncio.Lock)  # one pass at a time

    async def close(self) -> None:
        await self.app.api.close()


def parts_of(ctx: CoachContext) -> StravaParts | None:
    parts = ctx.bot_data.get("strava")
    return parts if isinstance(parts, StravaParts) else None


async def strava(update: Update, ctx: CoachContext) -> None:
    """/strava: a connect button, or the connection with its switches."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    parts = parts_of(ctx)
    if parts is None:
        await message.reply_text(_(NOT_CONFIGURED))
        return
    try:
        view = await ctx.services.units.read(strava_view, ctx.services.clock.now(), parts.app,
                                             user.id, message.chat_id)
    except NotOnboarded:
        await message.reply_text(_(NOT_SET_UP))
        return
    text, markup = screen(view)
    await message.reply_text(text, reply_markup=markup)


def screen(view: Connect | Connected) -> tuple[str, InlineKeyboardMarkup]:
    if isinstance(view, Connect):
        return _(CONNECT), InlineKeyboardMarkup([[InlineKeyboardButton(_("Connect Strava"),
                                                                       url=view.url)]])
    long = _("yes") if view.long_runs_hard else _("no")
    return _(CONNECTED).format(long=long), InlineKeyboardMarkup([[
        InlineKeyboardButton(_("Disconnect"), callback_data="sv:off")]])


STRAVA_BUTTONS = frozenset({"sv:off"})


async def on_button(update: Update, ctx: CoachContext) -> None:
    """'sv:off' disconnects; the long-runs switch of older screens points to /settings."""
    query = update.callback_query
    assert query is not None
    parts = parts_of(ctx)
    if query.data in ("sv:long:1", "sv:long:0"):
        await query.answer(_(MOVED))
        return
    if parts is None or query.message is None or query.data not in STRAVA_BUTTONS:
        await query.answer(_(EXPIRED))  # Strava not set up here, or not a button we sent
        return
    await query.answer()
    if query.data == "sv:off":
        await set_buttons(query, None)
        gone = await disconnect(ctx.services.units, parts.app, query.from_user.id)
        await tell(ctx.bot, query.message.chat.id,
                   _(DISCONNECTED) if gone else _("Strava was not connected."))


def notice_text(notice: Notice) -> str:
    """What the pass tells the runner."""
    if isinstance(notice, Followed):
        at = local(notice.due_at, notice.tz)
        return f"🏃 {notice.lead} ({notice.reason})\n" + _(
            "Your strength session comes today at {time}; the rest of the week moves around "
            "it.").format(time=f"{at:%H:%M}")
    if isinstance(notice, Kept):
        return f"🏃 {notice.lead} {_(KEPT[notice.why])}"
    if isinstance(notice, RaceNoted):
        race = notice.race
        after = ("\n" + _("Next session: {when}.").format(
            when=when_label(notice.next_due.due_at, notice.tz))
                 if notice.next_due is not None else "")
        return "🏁 " + _("Race on Strava: {race}, {day}. Well run! Your legs get the days "
                        "after it to recover.").format(race=race.label,
                                                        day=day_label(race.race_date)) + after
    assert isinstance(notice, Disconnected)
    return _(REVOKED)


def linked_text(outcome: Linked | CallbackRefused) -> str | None:
    if isinstance(outcome, Linked):
        return _(LINKED)
    refused = REFUSED_IN_CHAT.get(outcome.reason)
    return None if refused is None else _(refused)


async def tell(bot: Bot, chat_id: int, text: str) -> None:
    """Send a Strava note; a chat that is gone or a failed send is only logged."""
    try:
        await bot.send_message(chat_id, text)
    except TelegramError as exc:
        log.info("strava: could not tell chat %s: %s", chat_id, type(exc).__name__)


async def tell_notice(bot: Bot, notice: Notice) -> None:
    with i18n.language(notice.language):  # the runner's, not the scheduler's
        await tell(bot, notice.chat_id, notice_text(notice))

"""/deleteme: everything the bot stores about the runner deleted, after a confirming press."""

from collections.abc import Awaitable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.commands import _message
from bot.context import CoachContext
from bot.guards import set_buttons
from i18n import N_, _
from services import plan as plans
from services.strava import StravaApp, revoke_after_delete

DELETED = N_("Done: everything I stored about you is gone. /start to begin again.")


async def deleteme(update: Update, ctx: CoachContext) -> None:
    """Ask before deleting everything."""
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton(_("Delete everything"), callback_data="del:yes"),
        InlineKeyboardButton(_("Keep my data"), callback_data="del:no"),
    ]])
    await _message(update)[1].reply_text(
        _("This deletes your plan and every set you logged. There's no way back. Sure?"),
        reply_markup=keyboard)


async def on_delete_button(update: Update, ctx: CoachContext) -> None:
    """'del:yes' deletes the presser's own data; 'del:no' keeps it."""
    query = update.callback_query
    assert query is not None
    if query.data not in ("del:yes", "del:no"):
        await query.answer(_("I don't know that button."))
        return
    await query.answer()
    await set_buttons(query, None)
    if query.data != "del:yes":
        await ctx.bot.send_message(query.from_user.id, _("Kept. Nothing was deleted."))
        return
    await delete_everything(ctx, query.from_user.id)
    if ctx.user_data is not None:
        ctx.user_data.clear()
    await ctx.bot.send_message(query.from_user.id, _(DELETED))


async def delete_everything(ctx: CoachContext, user_id: int) -> None:
    """Delete the runner's data; with Strava connected, then revoke coachbot's access there."""
    strava = getattr(ctx.bot_data.get("strava"), "app", None)  # bot/strava.py's parts

    def delete() -> Awaitable[None]:
        return ctx.services.units.run(plans.delete_user, user_id)
    if isinstance(strava, StravaApp):
        await revoke_after_delete(ctx.services.units, strava, user_id, delete)
    else:
        await delete()

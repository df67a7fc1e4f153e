"""/language: the runner picks the language the bot speaks; it is stored and used at once."""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

import i18n
from bot.context import CoachContext
from bot.languages import languages_of
from i18n import N_, _
from services.language import choose_language

PROMPT = N_("Which language shall I speak?")
# i18n: said in the language just chosen, so each catalog names its own language
SWITCHED = N_("Done! From now on I speak English.")


def keyboard(current: str) -> InlineKeyboardMarkup:
    """One button per language, in its own words; ✅ on the current one."""
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(("✅ " if code == current else "") + name,
                             callback_data=f"ln:{code}")
        for code, name in i18n.NAMES.items()]])


async def language(update: Update, ctx: CoachContext) -> None:
    """Show the languages as buttons."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(_(PROMPT), reply_markup=keyboard(i18n.current()))


async def _store(ctx: CoachContext, user_id: int, code: str) -> None:
    """Keep `code` as the runner's language, in the database and in this process."""
    svc = ctx.services
    await svc.units.run(choose_language, svc.clock.now(), user_id, user_id, code)
    languages_of(ctx.bot_data).learn(user_id, code)


async def on_button(update: Update, ctx: CoachContext) -> None:
    """ln:<code>: store the language and answer in it."""
    query = update.callback_query
    assert query is not None
    code = (query.data or "").removeprefix("ln:")
    if code not in i18n.NAMES:
        await query.answer(_("I don't know that button."))
        return
    await _store(ctx, query.from_user.id, code)
    await query.answer()
    with i18n.language(code):
        try:
            await query.edit_message_text(_(SWITCHED), reply_markup=keyboard(code))
        except BadRequest:  # the same language again: the screen is unchanged
            return

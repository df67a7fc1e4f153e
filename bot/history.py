"""/history: the last sessions as compact text, a few per page, with buttons to page."""

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.commands import NOT_SET_UP, set_up_first
from bot.context import CoachContext
from bot.format import day_label, report_text, variant_tail
from bot.guards import set_buttons
from coach.exercises import EXERCISE_IDS, by_id
from coach.views import Entry
from i18n import N_, _
from services.plan import NotOnboarded
from services.progress import HistoryPage, history_page

NOTHING_YET = N_("No sessions logged yet. Your first one will show up here.")
MAX_PAGE = 9999
KINDS = {"adhoc": N_("{day} (extra)"), "imported": N_("{day} (imported)")}


def page_text(page: HistoryPage) -> str:
    """One page: each session's local day, then each exercise's sets."""
    if not page.sessions:
        return _(NOTHING_YET)
    lines = [_("Your sessions · page {page} of {pages}").format(page=page.page + 1,
                                                                pages=page.pages)]
    unit = page.profile.unit
    for session, entries in page.sessions:
        kind = KINDS.get(session.kind)
        day = day_label(session.session_date)
        lines += ["", _(kind).format(day=day) if kind else day]
        lines += [f"  {by_id(e.exercise_id).name}: {report_text(e.report, unit)}"
                  f"{_variant(e)}" for e in sorted(entries, key=_in_session_order)]
    return "\n".join(lines)


def _in_session_order(entry: Entry) -> int:
    return EXERCISE_IDS.index(entry.exercise_id)


def _variant(entry: Entry) -> str:
    day = entry.day_target
    return "" if day is None else variant_tail(entry.exercise_id, day.variant)


def page_keyboard(page: HistoryPage) -> InlineKeyboardMarkup | None:
    buttons = []
    if page.page > 0:
        buttons.append(InlineKeyboardButton(_("◀ Newer"), callback_data=f"hs:{page.page - 1}"))
    if page.page + 1 < page.pages:
        buttons.append(InlineKeyboardButton(_("Older ▶"), callback_data=f"hs:{page.page + 1}"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


@set_up_first
async def history(update: Update, ctx: CoachContext) -> None:
    """Show the newest sessions."""
    user, message = update.effective_user, update.effective_message
    assert user is not None
    assert message is not None
    page = await ctx.services.units.run(history_page, user.id, 0)
    await message.reply_text(page_text(page), reply_markup=page_keyboard(page))


async def on_button(update: Update, ctx: CoachContext) -> None:
    """'hs:<n>': page n of the presser's own sessions, in the same message."""
    query = update.callback_query
    assert query is not None
    choice = (query.data or "").removeprefix("hs:")
    if not (choice.isascii() and choice.isdigit()) or int(choice) > MAX_PAGE:
        await query.answer(_("I don't know that button."))
        return
    try:
        page = await ctx.services.units.run(history_page, query.from_user.id, int(choice))
    except NotOnboarded:
        await query.answer(_(NOT_SET_UP))
        return
    await query.answer()
    await show_page(query, page)


async def show_page(query: CallbackQuery, page: HistoryPage) -> None:
    """The page in place of the old one."""
    keyboard = page_keyboard(page)
    try:
        await query.edit_message_text(page_text(page), reply_markup=keyboard)
    except BadRequest:  # unchanged or gone: keep at least the buttons right
        await set_buttons(query, keyboard)

"""Rendering what a report did: saved lines, pain, questions with buttons, the kg/lb
question, what was not understood, then the next exercise or the session's wrap-up.

Questions ('uq:<question id>:<choice>|e' buttons, answered in `bot.session_handlers`) are
kept in the database until answered, so a restarted bot still knows what each button stores.
"""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot import session_log as ui
from bot.context import CoachContext
from bot.keyboards import Kind, session_closed, supersede
from services.reports import Asking, ReportOutcome

EDIT_AGAIN = "No problem — type it again, like “goblet 3x8 @ 12kg” or “8 8 7”."
GONE = "That question has expired or isn't yours."
ASK_UNIT = "You wrote pounds. Shall I show all your loads in lb? (/settings changes it.)"
UNIT_KEYBOARD = InlineKeyboardMarkup([[
    InlineKeyboardButton("Yes, lb", callback_data="set:lb"),
    InlineKeyboardButton("No, keep kg", callback_data="set:kg")]])


async def render(ctx: CoachContext, chat_id: int, outcome: ReportOutcome,
                 message: Message | None = None, go_on: bool = True) -> None:
    """Send what the outcome says, in reading order; replies quote `message` when given."""
    view = outcome.view
    if view is None:
        await _say(ctx, chat_id, message, ui.NO_SESSION)
        return
    if outcome.stored:
        await _say(ctx, chat_id, message, ui.recorded_text(
            outcome.stored, view, edited=outcome.corrected, retargeted=outcome.retargeted))
    if outcome.reading.stop:
        await _say(ctx, chat_id, message, ui.pain_text(outcome.reading.notes))
    for asking in outcome.asked:
        await ctx.bot.send_message(chat_id, asking.question.text, reply_markup=_buttons(asking))
    if outcome.ask_unit:
        await _say(ctx, chat_id, message, ASK_UNIT, UNIT_KEYBOARD)
    if outcome.explain:
        await _say(ctx, chat_id, message, ui.problems_text(outcome.reading.problems))
    if go_on:
        await render_next(ctx, chat_id, outcome)


async def render_next(ctx: CoachContext, chat_id: int, outcome: ReportOutcome) -> None:
    """The session's wrap-up, or the next exercise's question."""
    item, view = outcome.next_item, outcome.view
    if outcome.finished is not None:
        await ctx.bot.send_message(chat_id, ui.finished_text(outcome.finished))
        await session_closed(ctx.bot, ctx.keyboards, chat_id,
                             outcome.finished.view.session.id)
    elif item is not None and view is not None:
        sent = await ctx.bot.send_message(chat_id, ui.ask_text(view, item),
                                          reply_markup=ui.ask_keyboard(view.session.id,
                                                                       item.exercise.id))
        await supersede(ctx.bot, ctx.keyboards, chat_id, Kind.STEP, sent.message_id,
                        view.session.id)


def _buttons(asking: Asking) -> InlineKeyboardMarkup:
    """One button per choice, and Edit."""
    rows = [[InlineKeyboardButton(choice.label, callback_data=f"uq:{asking.id}:{n}")]
            for n, choice in enumerate(asking.question.choices)]
    rows.append([InlineKeyboardButton("Edit", callback_data=f"uq:{asking.id}:e")])
    return InlineKeyboardMarkup(rows)


async def _say(ctx: CoachContext, chat_id: int, message: Message | None, text: str,
               markup: InlineKeyboardMarkup | None = None) -> None:
    if message is not None:
        await message.reply_text(text, reply_markup=markup)
    else:
        await ctx.bot.send_message(chat_id, text, reply_markup=markup)

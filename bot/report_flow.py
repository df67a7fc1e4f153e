"""Rendering what a report did: saved lines, discomfort, questions with buttons, the kg/lb
question, what was not understood, then the next exercise or the session's wrap-up.

Whatever one report leaves in doubt is asked in ONE message: a line per doubtful line of
the report, a row of buttons per doubt (its readings, likeliest first), then "All as I wrote"
and "Edit". Buttons: 'uq:<question id>:<doubt>:<choice>', 'uq:<question id>:a' (all as I
wrote), 'uq:<question id>:e' (edit); answered in `bot.session_handlers`. The wrap-up
carries the optional effort row (bot/effort.py). Questions are kept
in the database until answered, so a restarted bot still knows what each button stores.
"""

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot import session_log as ui
from bot.context import CoachContext
from bot.effort import ASK, effort_keyboard
from bot.keyboards import Kind, session_closed, supersede
from coach.exercises import by_id
from coach.understand import Choice, Question
from coach.views import Doubt
from i18n import N_, _
from services.reports import Asking, ReportOutcome

EDIT_AGAIN = N_("No problem — type it again, like “goblet 3x8 @ 12kg” or “8 8 7”.")
AS_I_WROTE = N_("All as I wrote")
SEVERAL = N_("Just checking a few lines — tap what you meant:")
GONE = N_("That question has expired or isn't yours.")
ASK_UNIT = N_("You wrote pounds. Shall I show all your loads in lb? (/settings changes it.)")


def unit_keyboard() -> InlineKeyboardMarkup:
    """Pounds from now on, or keep kilograms (after a report typed in lb)."""
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(_("Yes, lb"), callback_data="set:lb"),
        InlineKeyboardButton(_("No, keep kg"), callback_data="set:kg")]])


async def render(ctx: CoachContext, chat_id: int, outcome: ReportOutcome,
                 message: Message | None = None, go_on: bool = True) -> None:
    """Send what the outcome says, in reading order; replies quote `message` when given."""
    view = outcome.view
    if view is None:
        await _say(ctx, chat_id, message, _(ui.NO_SESSION))
        return
    if outcome.stored:
        await _say(ctx, chat_id, message, ui.recorded_text(
            outcome.stored, view, edited=outcome.corrected, retargeted=outcome.retargeted))
    for text, markup in ui.discomfort_replies(outcome):  # "noted", or stop and how bad
        await _say(ctx, chat_id, message, text, markup)
    for asking in outcome.asked:
        await ctx.bot.send_message(chat_id, question_text(asking),
                                   reply_markup=question_keyboard(asking.id, doubts_of(asking)))
    if outcome.ask_unit:
        await _say(ctx, chat_id, message, _(ASK_UNIT), unit_keyboard())
    if outcome.explain:
        await _say(ctx, chat_id, message, ui.problems_text(outcome.reading.problems))
    if go_on:
        await render_next(ctx, chat_id, outcome)


async def render_next(ctx: CoachContext, chat_id: int, outcome: ReportOutcome) -> None:
    """The session's wrap-up, or the next exercise's question."""
    item, view = outcome.next_item, outcome.view
    if outcome.finished is not None:
        done = outcome.finished  # with the optional effort row once anything was logged
        rate = effort_keyboard(done.view.session.id) if done.decisions else None
        text = ui.finished_text(done) + (f"\n\n{_(ASK)}" if rate else "")
        await ctx.bot.send_message(chat_id, text, reply_markup=rate)
        await session_closed(ctx.bot, ctx.keyboards, chat_id, done.view.session.id)
    elif item is not None and view is not None:
        sent = await ctx.bot.send_message(chat_id, ui.ask_text(view, item),
                                          reply_markup=ui.ask_keyboard(view.session.id,
                                                                       item.exercise.id))
        await supersede(ctx.bot, ctx.keyboards, chat_id, Kind.STEP, sent.message_id,
                        view.session.id)


def doubts_of(asking: Asking) -> tuple[Doubt, ...]:
    return tuple(Doubt(n, q.choices, q.literal) for n, q in enumerate(asking.questions))


def question_text(asking: Asking) -> str:
    """One doubt: its question. Several: a numbered line each, quoting what was typed."""
    if len(asking.questions) == 1:
        return asking.questions[0].text
    lines = [f"{n}. {_doubt_line(q)}" for n, q in enumerate(asking.questions, 1)]
    return "\n".join([_(SEVERAL), *lines])


def _doubt_line(question: Question) -> str:
    """'“lunge 16 16 16” — per leg, or both legs counted?', or '“sqat 3x8” — did you mean
    Goblet squat?'."""
    if question.text.startswith("Just checking "):
        return question.text.removeprefix("Just checking ").removesuffix(":")
    return f"“{question.raw.strip()[:40]}” — {question.text[:1].lower()}{question.text[1:]}"


def question_keyboard(question_id: int, doubts: Sequence[Doubt],
                      numbered: bool | None = None) -> InlineKeyboardMarkup:
    """One doubt: a button per reading, and Edit. Several (`numbered`): a row per doubt,
    its buttons numbered like its line, then "All as I wrote" (if any is storable) and Edit."""
    if not (len(doubts) > 1 if numbered is None else numbered):
        rows = [[InlineKeyboardButton(choice.label, callback_data=f"uq:{question_id}:0:{n}")]
                for n, choice in enumerate(doubts[0].choices)] if doubts else []
        return InlineKeyboardMarkup([*rows, [_edit(question_id)]])
    rows = [[InlineKeyboardButton(f"{d.index + 1}: {label}",
                                  callback_data=f"uq:{question_id}:{d.index}:{n}")
             for n, label in enumerate(_short(d.choices))] for d in doubts]
    last = [_edit(question_id)]
    if any(d.literal is not None for d in doubts):
        last.insert(0, InlineKeyboardButton(_(AS_I_WROTE), callback_data=f"uq:{question_id}:a"))
    return InlineKeyboardMarkup([*rows, last])


def _short(choices: tuple[Choice, ...]) -> list[str]:
    """Labels without the exercise's name when every reading is of the same exercise (the
    line above names it): "3×8 per leg", not "Reverse lunge 3×8 per leg?"."""
    ids = {line.exercise_id for c in choices for line in c.lines}
    if len(ids) != 1 or any(len(c.lines) != 1 for c in choices):
        return [c.label for c in choices]
    name = by_id(ids.pop()).name
    return [c.label.removeprefix(f"{name} ").removesuffix("?") for c in choices]


def _edit(question_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(_("Edit"), callback_data=f"uq:{question_id}:e")


async def _say(ctx: CoachContext, chat_id: int, message: Message | None, text: str,
               markup: InlineKeyboardMarkup | None = None) -> None:
    if message is not None:
        await message.reply_text(text, reply_markup=markup)
    else:
        await ctx.bot.send_message(chat_id, text, reply_markup=markup)

"""After a report is understood: notes, questions with buttons, pain, then the next step.

Questions ('uq:<question id>:<choice>|e' buttons, answered in `bot.session_handlers`) are
kept in the database until answered, so a restarted bot still knows what each button stores.
"""

import re
from enum import Enum

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot import session_log as ui
from bot.context import CoachContext
from coach.understand import Context, Question, Reading
from storage.records import SessionView

EDIT_AGAIN = "No problem — type it again, like “goblet 3x8 @ 12kg” or “8 8 7”."
GONE = "That question has expired or isn't yours."
ASK_UNIT = "You wrote pounds. Shall I show all your loads in lb? (/settings changes it.)"
_POUNDS = re.compile(r"[0-9] ?(?:lbs?|pounds?)\b", re.IGNORECASE)


def context_of(view: SessionView) -> Context:
    """What the session expects, for `coach.understand`."""
    return Context(
        pending=view.pending,
        targets={item.exercise.id: item.target for item in view.items},
        last_loads={item.exercise.id: item.last.report.load_kg for item in view.items
                    if item.last is not None and item.last.report.load_kg is not None},
        unit=view.profile.unit,
        logged=sum(item.logged is not None for item in view.items))


class Next(Enum):
    """What the logging flow does after a report."""

    ASK = "ask"  # the next exercise, or finish when none is left
    FINISH = "finish"
    WAIT = "wait"  # for an answer to a question, or after pain


async def respond(ctx: CoachContext, message: Message, view: SessionView,
                  reading: Reading) -> Next:
    """Everything but the stored lines: notes, pain, questions, problems; then what's next."""
    svc, user_id = ctx.services, view.profile.user_id
    if reading.notes:
        await svc.understanding.note(user_id, view.session.id, reading.notes, svc.clock.now())
    if reading.stop:
        await message.reply_text(ui.pain_text(reading.notes))
    for question in reading.questions:
        await ask(ctx, message.chat_id, view, message.message_id, question)
    if reading.lines and not view.profile.unit_chosen and _POUNDS.search(message.text or ""):
        await message.reply_text(ASK_UNIT, reply_markup=InlineKeyboardMarkup([[
            InlineKeyboardButton("Yes, lb", callback_data="set:lb"),
            InlineKeyboardButton("No, keep kg", callback_data="set:kg")]]))
    nothing = not (reading.lines or reading.questions or reading.notes or reading.finish)
    if reading.problems or nothing:
        await message.reply_text(ui.problems_text(reading.problems))
        return Next.WAIT
    if reading.finish:
        return Next.FINISH
    return Next.WAIT if reading.stop or reading.questions else Next.ASK


async def ask(ctx: CoachContext, chat_id: int, view: SessionView, source_message_id: int | None,
              question: Question) -> None:
    """Keep the question's choices, then ask it with one button per choice and Edit."""
    svc = ctx.services
    question_id = await svc.understanding.ask(view.profile.user_id, view.session.id,
                                              source_message_id, question, svc.clock.now())
    rows = [[InlineKeyboardButton(choice.label, callback_data=f"uq:{question_id}:{n}")]
            for n, choice in enumerate(question.choices)]
    rows.append([InlineKeyboardButton("Edit", callback_data=f"uq:{question_id}:e")])
    await ctx.bot.send_message(chat_id, question.text, reply_markup=InlineKeyboardMarkup(rows))



"""The week moves with the runner: "ran hard today", "hard run moved to Thursday"."""

from telegram import Message

from bot.commands import DONE_TODAY, NOT_SET_UP
from bot.context import CoachContext
from bot.format import day_label
from bot.onboarding import next_text
from bot.session_handlers import send_card
from i18n import N_, _
from services.messages import DoneToday, NotSetUp, WeekOutcome
from services.plan import Moved
from services.sessions import attach_message
from services.settings import Refused

TODAY_HEADING = N_("Today's session, after your hard run")
REFUSED = {
    "already": N_("{day} is already a session day, so nothing moves."),
    "taken": N_("{day} already has a session in the log, so nothing moves."),
    "too_close": N_("{day} comes right after a session; two in a row leave your legs no "
                    "time to recover, so I kept the plan."),
}


async def say_week(ctx: CoachContext, message: Message, outcome: WeekOutcome) -> None:
    """Today's session offered (its card), or this week's session moved (or kept, and why);
    services/messages.py did it."""
    if isinstance(outcome, NotSetUp):
        await message.reply_text(_(NOT_SET_UP))
    elif isinstance(outcome, Moved | Refused):
        await message.reply_text(moved_text(outcome))
    elif isinstance(outcome, DoneToday):
        await message.reply_text(f"{_(DONE_TODAY)}\n{next_text(outcome.overview)}")
    else:  # the card first; replies to it log into the session
        message_id = await send_card(ctx, message.chat_id, outcome.view, _(TODAY_HEADING))
        await ctx.services.units.run(attach_message, outcome.view.profile.user_id,
                                     outcome.view.session.id, message_id)
        await message.reply_text(_("After that: {next}").format(next=next_text(outcome.overview)))


def moved_text(outcome: Moved | Refused) -> str:
    """Where this week's session went, or why it stays; then the next reminder."""
    if isinstance(outcome, Refused):
        refused = outcome.refused
        why = _(REFUSED[refused.reason]).format(day=day_label(refused.day))
        return f"{why}\n{next_text(outcome.overview)}"
    move = outcome.move
    moved = _("This week's session moves from {start} to {end}. Later weeks keep your usual "
              "days.") if move.from_date is not None else _(
        "An extra session this week: {end}. Later weeks keep your usual days.")
    to = day_label(move.to_date)
    start = "" if move.from_date is None else day_label(move.from_date)
    return f"{moved.format(start=start, end=to)}\n{next_text(outcome.overview)}"

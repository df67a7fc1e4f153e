"""The week moves with the runner: "ran hard today", "hard run moved to Thursday"."""

from telegram import Message, Update

from bot.commands import NOT_SET_UP, open_today
from bot.context import CoachContext
from bot.format import day_label
from bot.onboarding import next_text
from coach.week_talk import WeekTalk
from services.plan import Moved, NotOnboarded
from services.settings import Refused

TODAY_HEADING = "Today's session, after your hard run"
REFUSED = {
    "already": "{day} is already a session day, so nothing moves.",
    "taken": "{day} already has a session in the log, so nothing moves.",
    "too_close": ("{day} comes right after a session; two in a row leave your legs no time "
                  "to recover, so I kept the plan."),
}


async def on_week_talk(update: Update, ctx: CoachContext, talk: WeekTalk) -> None:
    """Offer today's session, or move this week's session to the day the run moved to."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    try:
        outcome = await ctx.services.account.week_talk(user.id, talk)
    except NotOnboarded:
        await message.reply_text(NOT_SET_UP)
        return
    if isinstance(outcome, Moved | Refused):
        await message.reply_text(moved_text(outcome))
        return
    await _today(ctx, message, user.id)


def moved_text(outcome: Moved | Refused) -> str:
    """Where this week's session went, or why it stays; then the next reminder."""
    if isinstance(outcome, Refused):
        refused = outcome.refused
        why = REFUSED[refused.reason].format(day=day_label(refused.day))
        return f"{why}\n{next_text(outcome.overview)}"
    move = outcome.move
    what = (f"This week's session moves from {day_label(move.from_date)} to "
            if move.from_date is not None else "An extra session this week: ")
    return (f"{what}{day_label(move.to_date)}. Later weeks keep your usual "
            f"days.\n{next_text(outcome.overview)}")


async def _today(ctx: CoachContext, message: Message, user_id: int) -> None:
    """Open today's session with the usual card; the week after it is planned around it."""
    if await open_today(ctx, message, user_id, TODAY_HEADING):
        overview = await ctx.services.account.plan_view(user_id)
        await message.reply_text(f"After that: {next_text(overview)}")

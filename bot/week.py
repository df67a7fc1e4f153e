"""The week moves with the runner: "ran hard today", "hard run moved to Thursday"."""

from telegram import Update

from bot.commands import NOT_SET_UP, open_today
from bot.context import CoachContext
from bot.format import day_label
from bot.onboarding import next_text
from coach.plan import MoveRefused
from coach.week_talk import RanHardToday, RunMoved, WeekTalk
from services.plan import local_date

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
    svc = ctx.services
    now = svc.clock.now()
    profile = await svc.plans.profile(user.id)
    if profile is None or not profile.onboarded or profile.tz is None:
        await message.reply_text(NOT_SET_UP)
        return
    today = local_date(now, profile.tz).weekday()
    if isinstance(talk, RanHardToday) or (isinstance(talk, RunMoved) and talk.weekday == today):
        await _today(update, ctx, user.id)
        return
    try:
        moved = await svc.plans.move_run(user.id, talk.weekday, now)
    except MoveRefused as refused:
        overview = await svc.plans.overview(user.id, now)
        why = REFUSED[refused.reason].format(day=day_label(refused.day))
        await message.reply_text(f"{why}\n{next_text(overview)}")
        return
    move = moved.move
    what = (f"This week's session moves from {day_label(move.from_date)} to "
            if move.from_date is not None else "An extra session this week: ")
    await message.reply_text(f"{what}{day_label(move.to_date)}. Later weeks keep your usual "
                             f"days.\n{next_text(moved.overview)}")


async def _today(update: Update, ctx: CoachContext, user_id: int) -> None:
    """Open today's session with the usual card; the week after it is planned around it."""
    message = update.effective_message
    assert message is not None
    if await open_today(ctx, message, user_id, TODAY_HEADING):
        overview = await ctx.services.plans.overview(user_id, ctx.services.clock.now())
        await message.reply_text(f"After that: {next_text(overview)}")

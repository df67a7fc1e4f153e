"""/privacy: what the bot stores, why, for how long, and how to delete it."""

from telegram import Update

from bot.context import CoachContext
from i18n import N_, _

PRIVACY = N_(
    "What I keep about you, and why:\n"
    "• your Telegram user id and chat id: to know you and where to write\n"
    "• your onboarding answers (hard and cross-training days, run end time, time zone): "
    "to plan; unfinished ones go after an hour\n"
    "• the sets you log and your targets (imported too, not the file), with their message "
    "ids: to adjust the next session and allow edits\n"
    "• your schedule (reminders, pauses, weekly review) and kg or lb: to remind you on time\n"
    "• words on pain or skips (“achilles sore”), readings I asked for until answered: to "
    "coach around them\n"
    "• Strava, if linked: tokens (encrypted), each run's type, date, distance, time and "
    "effort figures: to follow hard runs; gone when you disconnect or revoke access\n\n"
    "I don't keep your messages or name; my logs hold no message texts. Nothing is shared."
    "\n\nI keep it until you delete it. /deleteme erases it all for good and revokes "
    "Strava."
)


async def privacy(update: Update, _ctx: CoachContext) -> None:
    """State what is stored, why, how long, and how to delete it."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(_(PRIVACY))

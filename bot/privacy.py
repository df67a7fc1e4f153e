"""/privacy: what the bot stores, why, for how long, and how to delete it."""

from telegram import Update

from bot.context import CoachContext

PRIVACY = (
    "What I keep about you, and why:\n"
    "• your Telegram user id and chat id: to know it's you and where to send reminders\n"
    "• your onboarding answers (hard and cross-training days, run end time, time zone): "
    "to plan your sessions; half-finished ones go after an hour without a reply\n"
    "• the sets you log and your targets (imported sets too, not the file), with the ids "
    "of the messages they came from: to adjust the next session and let you edit a report\n"
    "• your schedule (next reminder, pauses, weekly review time) and kg or lb: to remind "
    "you on time\n"
    "• a few words when something hurts or why you skipped (“achilles sore”), "
    "and readings I asked you about until you answer: to coach around it\n\n"
    "I don't keep your messages themselves or your name, and my logs hold no message "
    "texts. Nothing is shared with anyone.\n\n"
    "I keep it until you delete it. /deleteme removes all of it at once, for good."
)


async def privacy(update: Update, _ctx: CoachContext) -> None:
    """State what is stored, why, how long, and how to delete it."""
    message = update.effective_message
    assert message is not None
    await message.reply_text(PRIVACY)

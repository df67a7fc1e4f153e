"""What Telegram shows before the first message and in the "/" menu, published at start."""

import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

MENU: tuple[tuple[str, str], ...] = (
    ("plan", "Your week and the next reminder"),
    ("log", "Start a session now"),
    ("progress", "Charts of each exercise, records, left vs right"),
    ("history", "Your last sessions, set by set"),
    ("export", "All your sets as a CSV file"),
    ("import", "Add sets from a CSV (coachbot, Strong, Hevy)"),
    ("undo", "Remove the last exercise you logged"),
    ("load", "Set a target load, like /load goblet 16"),
    ("pause", "Pause reminders, like /pause 2 (weeks)"),
    ("resume", "Bring reminders back"),
    ("settings", "Change days, run time, time zone"),
    ("equipment", "What you train with: body weight, weights, a gym"),
    ("race", "Tell a race, like /race 2026-12-13 half"),
    ("races", "Your races ahead; remove one"),
    ("strava", "Connect Strava: hard runs bring the session"),
    ("help", "How to log your reps"),
    ("privacy", "What I store about you and why"),
    ("deleteme", "Delete everything I store about you"),
)
DESCRIPTION = (
    "A strength coach for runners. Tell me which days you run hard; I put 2–3 short "
    "strength sessions a week right after those runs (easy days stay easy), remind you at "
    "your local time, and adjust each session from the reps you send back. Press Start."
)
SHORT_DESCRIPTION = "Strength sessions after your hard runs, reminded and adjusted for you."

log = logging.getLogger(__name__)


async def publish(bot: Bot) -> None:
    """Set the command menu and the descriptions; a failure is logged, never fatal."""
    try:
        await bot.set_my_commands([BotCommand(name, text) for name, text in MENU])
        await bot.set_my_description(DESCRIPTION)
        await bot.set_my_short_description(SHORT_DESCRIPTION)
    except TelegramError as error:
        log.warning("could not publish the command menu: %s", type(error).__name__)

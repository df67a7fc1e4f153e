"""What Telegram shows before the first message and in the "/" menu, published at start."""

import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

import i18n
from i18n import N_, _

MENU: tuple[tuple[str, str], ...] = (
    ("plan", N_("Your week and the next reminder")),
    ("log", N_("Start a session now")),
    ("progress", N_("Charts of each exercise, records, left vs right")),
    ("history", N_("Your last sessions, set by set")),
    ("export", N_("All your sets as a CSV file")),
    ("import", N_("Add sets from a CSV (coachbot, Strong, Hevy)")),
    ("undo", N_("Remove the last exercise you logged")),
    ("load", N_("Set a target load, like /load goblet 16")),
    ("pause", N_("Pause reminders, like /pause 2 (weeks)")),
    ("resume", N_("Bring reminders back")),
    ("settings", N_("Change days, run time, time zone")),
    ("equipment", N_("What you train with: body weight, weights, a gym")),
    ("race", N_("Tell a race, like /race 2026-12-13 half")),
    ("races", N_("Your races ahead; remove one")),
    ("strava", N_("Connect Strava: hard runs bring the session")),
    ("help", N_("How to log your reps")),
    ("privacy", N_("What I store about you and why")),
    ("deleteme", N_("Delete everything I store about you")),
    ("language", N_("The language I speak: English, Русский")),
)
DESCRIPTION = N_(
    "A strength coach for runners. Tell me which days you run hard; I put 2–3 short "
    "strength sessions a week right after those runs (easy days stay easy), remind you at "
    "your local time, and adjust each session from the reps you send back. Press Start."
)
SHORT_DESCRIPTION = N_("Strength sessions after your hard runs, reminded and adjusted for you.")

log = logging.getLogger(__name__)


async def publish(bot: Bot) -> None:
    """Set the command menu and the descriptions, in the source language for everyone and
    in each other language for the clients set to it; a failure is logged, never fatal."""
    try:
        for code in i18n.LANGUAGES:
            with i18n.language(code):
                await _publish(bot, None if code == i18n.SOURCE else code)
    except TelegramError as error:
        log.warning("could not publish the command menu: %s", type(error).__name__)


async def _publish(bot: Bot, language_code: str | None) -> None:
    await bot.set_my_commands([BotCommand(name, _(text)) for name, text in MENU],
                              language_code=language_code)
    await bot.set_my_description(_(DESCRIPTION), language_code=language_code)
    await bot.set_my_short_description(_(SHORT_DESCRIPTION), language_code=language_code)

"""The `coachbot` command: `coachbot run` (default) and `coachbot migrate`."""

import argparse
import logging
import os
import sys

from pydantic import ValidationError

from bot.config import Settings
from bot.logsafety import install_logging
from storage.migrate import upgrade

NO_TOKEN = """\
coachbot needs a Telegram bot token, and BOT_TOKEN is not set.

How to get one (two minutes):
  1. In Telegram, open a chat with @BotFather and send /newbot.
  2. Pick a name and a username ending in "bot".
  3. BotFather answers with a token like 123456789:AAE...; copy it.

Then put it in a file named .env next to the Makefile (see .env.example):
  BOT_TOKEN=123456789:AAE...
and run `make run` again.
"""


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    parser = argparse.ArgumentParser(prog="coachbot", description=__doc__)
    parser.add_argument("command", nargs="?", default="run", choices=("run", "migrate"))
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"coachbot: invalid settings:\n{exc}", file=sys.stderr)
        return 2
    install_logging(settings)
    if args.command == "migrate":
        upgrade(settings.database_url)
        return 0
    return run(settings)


def run(settings: Settings) -> int:
    """Apply migrations and poll Telegram until interrupted."""
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # opt in to PTB's timedelta durations
    from bot.app import build_application

    upgrade(settings.database_url)
    logging.getLogger(__name__).info("coachbot starting (database: %s)",
                                     settings.database_url.split("@")[-1])
    build_application(settings).run_polling(allowed_updates=["message", "edited_message",
                                                             "callback_query",
                                                             "my_chat_member"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `coachbot` command: `coachbot run` (default), `migrate`, `status`, `health`,
`backup [FILE]`, `simulate (--runner NAME | --spec FILE) [--weeks N] [--json]`.

`run` long-polls Telegram, or serves a webhook when WEBHOOK_URL is set. This module only
reads the command line and the settings, calls the composition root's subcommand
(bot/app.py SUBCOMMANDS) and turns its failures into a short message: a refused token, an
unusable database and any unexpected error never print the token or a password.
"""

import argparse
import logging
import sys
from pathlib import Path

from pydantic import ValidationError
from telegram.error import InvalidToken

from bot.app import SUBCOMMANDS, DatabaseUnusable, NoToken
from bot.config import Settings
from bot.logsafety import Redactor, install_logging, safe_url

NO_TOKEN = """\
coachbot needs a Telegram bot token, and BOT_TOKEN is not set.

How to get one (two minutes):
  1. In Telegram, open a chat with @BotFather and send /newbot.
  2. Pick a name and a username ending in "bot".
  3. BotFather answers with a token like 123456789:AAE...; copy it.

Then put it in a file named .env next to the Makefile (see .env.example):
  BOT_TOKEN=123456789:AAE...
and run `make run` again.

Just trying it out? `make demo` runs the bot in your browser, no token needed.
"""

REFUSED_TOKEN = """\
coachbot: Telegram refused the bot token (getMe answered 401 Unauthorized or 404 Not Found).
Check BOT_TOKEN (in .env or the environment); if TELEGRAM_API_URL is set, check that it
points at a Bot API server (a wrong URL or proxy answers 404 even for a valid token)."""


def parser() -> argparse.ArgumentParser:
    commands = argparse.ArgumentParser(prog="coachbot", description=__doc__)
    commands.add_argument("command", nargs="?", default=next(iter(SUBCOMMANDS)),
                          choices=tuple(SUBCOMMANDS))
    commands.add_argument("path", nargs="?", type=Path,
                          help="backup: the new file to write (default: next to the database)")
    commands.add_argument("--max-age", type=float, metavar="SECONDS",
                          help="health: the oldest scheduler tick that still counts as alive "
                               "(default: 4 scheduler intervals, at least 300)")
    return commands


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen subcommand."""
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["simulate"]:  # its own options (bot/simulate.py parses them)
        args = argparse.Namespace(command="simulate", rest=given[1:])
    else:
        args = parser().parse_args(given)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"coachbot: invalid settings:\n{exc}", file=sys.stderr)
        return 2
    install_logging(settings)
    try:
        return SUBCOMMANDS[args.command](settings, args)
    except NoToken:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    except InvalidToken:
        print(REFUSED_TOKEN, file=sys.stderr)
        return 2
    except DatabaseUnusable as exc:
        print(database_trouble(settings, exc.__cause__ or exc), file=sys.stderr)
        return 2
    except Exception:
        logging.getLogger(__name__).critical("coachbot stopped by an unexpected error",
                                             exc_info=True)
        return 1


def database_trouble(settings: Settings, exc: BaseException) -> str:
    """One clear paragraph for a database that cannot be opened or written."""
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0] if str(exc) else ""
    reason = Redactor(settings.secrets()).text(f"{type(exc).__name__}: {reason}")
    where = safe_url(settings.database_url)
    if settings.database_url.startswith("sqlite"):
        hint = ("Check that its folder exists and that this user may write there "
                "(or set DATABASE_URL, or COACHBOT_HOME for relative paths).")
    else:
        hint = "Check DATABASE_URL and that the database server is up."
    return f"coachbot: cannot use the database at {where}\n  {reason}\n{hint}"


if __name__ == "__main__":
    sys.exit(main())

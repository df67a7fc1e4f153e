"""The `coachbot` command: `coachbot run` (default), `migrate`, `status`, `health`,
`backup [FILE]`, `simulate --runner NAME --weeks N [--json]`.

`run` long-polls Telegram, or serves a webhook when WEBHOOK_URL is set. Every way out ends
in a short message or a redacted log line: a refused token, an unusable database and any
unexpected error never print the token or a password.
"""

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from telegram.error import InvalidToken

from bot.config import Settings
from bot.logsafety import Redactor, install_logging, safe_url
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

Just trying it out? `make demo` runs the bot in your browser, no token needed.
"""


T = TypeVar("T")
REFUSED_TOKEN = """\
coachbot: Telegram refused the bot token (getMe answered 401 Unauthorized or 404 Not Found).
Check BOT_TOKEN (in .env or the environment); if TELEGRAM_API_URL is set, check that it
points at a Bot API server (a wrong URL or proxy answers 404 even for a valid token)."""


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command."""
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["simulate"]:  # coaching: its own options, no settings or token needed
        from bot.simulate import main as simulate

        return simulate(given[1:])
    parser = argparse.ArgumentParser(prog="coachbot", description=__doc__)
    parser.add_argument("command", nargs="?", default="run",
                        choices=("run", "migrate", "status", "health", "backup"))
    parser.add_argument("path", nargs="?", type=Path,
                        help="backup: the new file to write (default: next to the database)")
    parser.add_argument("--max-age", type=float, metavar="SECONDS",
                        help="health: the oldest scheduler tick that still counts as alive "
                             "(default: 4 scheduler intervals, at least 300)")
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"coachbot: invalid settings:\n{exc}", file=sys.stderr)
        return 2
    install_logging(settings)
    try:
        return command(settings, args)
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


def command(settings: Settings, args: argparse.Namespace) -> int:
    """Run one subcommand."""
    from bot import probes

    if args.command == "migrate":
        with_database(lambda: upgrade(settings.database_url))
        return 0
    if args.command == "status":
        return with_database(lambda: status(settings))
    if args.command == "health":
        max_age = None if args.max_age is None else timedelta(seconds=args.max_age)
        return probes.health(settings, max_age)
    if args.command == "backup":
        return backup(settings, args.path)
    return run(settings)


class DatabaseUnusable(Exception):
    """The database could not be opened, read or written; its cause says why."""


def with_database(step: Callable[[], T]) -> T:
    """Run a step that opens the database; its OS, SQLite and SQLAlchemy errors say so."""
    try:
        return step()
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        raise DatabaseUnusable(str(exc)) from exc


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


def backup(settings: Settings, path: Path | None) -> int:
    """Copy the SQLite database to a new file, consistently, while the bot may be running."""
    from datetime import UTC, datetime

    from sqlalchemy.engine import make_url

    from storage.backup import NotSqlite, backup_sqlite

    database = Path(make_url(settings.database_url).database or "coachbot.db")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path or database.with_name(f"{database.stem}-backup-{stamp}.db")
    try:
        users = backup_sqlite(settings.database_url, target)
    except NotSqlite:
        print("coachbot: backup copies SQLite files; for PostgreSQL use pg_dump.",
              file=sys.stderr)
        return 2
    except (FileNotFoundError, FileExistsError) as exc:
        print(f"coachbot: backup: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(f"Backed up {users} runner{'' if users == 1 else 's'} to {target}")
    return 0


def status(settings: Settings) -> int:
    """Print how many runners there are and where their reminders stand (reads only)."""
    from bot.probes import ProbeRefused
    from bot.probes import status as read_status

    try:
        print(read_status(settings))
    except ProbeRefused as exc:
        print(f"coachbot: status: {exc}", file=sys.stderr)
        return 2
    return 0


def run(settings: Settings) -> int:
    """Apply migrations, then poll Telegram (or serve a webhook) until interrupted."""
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # opt in to PTB's timedelta durations
    from bot.app import build_application
    from bot.stopping import ignore_stop_signals, install_stop_handlers
    from bot.webhook import ALLOWED_UPDATES, webhook_options, webhook_problem

    problem = webhook_problem(settings) if settings.webhook_url else None
    if problem is not None:
        print(f"coachbot: webhook mode refused: {problem}", file=sys.stderr)
        return 2
    with_database(lambda: upgrade(settings.database_url))
    log = logging.getLogger(__name__)
    log.info("coachbot starting (database: %s)", safe_url(settings.database_url))
    app = build_application(settings)
    signals: dict[str, Any] = {"stop_signals": None} if install_stop_handlers() else {}
    if settings.webhook_url:
        log.info("receiving updates by webhook on %s:%s%s", settings.webhook_listen,
                 settings.webhook_port, settings.local_webhook_path)
        app.run_webhook(**webhook_options(settings), **signals)
    else:
        app.run_polling(allowed_updates=ALLOWED_UPDATES, **signals)
    ignore_stop_signals()
    return 0


if __name__ == "__main__":
    sys.exit(main())

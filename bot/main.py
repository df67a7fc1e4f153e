"""The `coachbot` command: `coachbot run` (default), `migrate`, `status`, `backup [FILE]`.

`run` long-polls Telegram, or serves a webhook when WEBHOOK_URL is set.
"""

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

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
    parser.add_argument("command", nargs="?", default="run",
                        choices=("run", "migrate", "status", "backup"))
    parser.add_argument("path", nargs="?", type=Path,
                        help="backup: the new file to write (default: next to the database)")
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
    if args.command == "status":
        return status(settings)
    if args.command == "backup":
        return backup(settings, args.path)
    return run(settings)


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
    """Print how many runners there are and where their reminders stand."""
    import asyncio

    from scheduler.status import render_status, status_counts
    from storage.db import create_engine, session_factory

    async def counts() -> str:
        engine = create_engine(settings.database_url)
        try:
            return render_status(await status_counts(session_factory(engine)))
        finally:
            await engine.dispose()

    upgrade(settings.database_url)
    print(asyncio.run(counts()))
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
    upgrade(settings.database_url)
    log = logging.getLogger(__name__)
    log.info("coachbot starting (database: %s)", settings.database_url.split("@")[-1])
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

"""The composition root: the one place that builds things.

Settings in: the engine and the services (`build_services`), the PTB Application with its
handlers and scheduler jobs (`build_application`), and the command-line subcommands
(SUBCOMMANDS; bot/cli.py only parses argv and calls them). Nothing is built at import time.
"""

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Callable, Coroutine
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError
from telegram.ext import ApplicationBuilder, ContextTypes

from bot import heap, menu
from bot import review as review_screen
from bot.budget_redis import build_rate_limiter
from bot.concurrency import PerUserUpdateProcessor
from bot.config import Settings
from bot.context import CoachContext, Services
from bot.flood_redis import build_gate
from bot.ingest import Ingest, keeper_pool
from bot.keyboards import LiveKeyboards
from bot.logsafety import safe_url
from bot.routes import COMMANDS, CoachApp, add_handlers
from bot.sender import TelegramSender
from bot.strava_setup import add_strava, strava_command
from bot.telegram_http import BOT_CONNECTIONS, KeepAliveRequest
from bot.updater import InboxUpdater
from coach.clock import Clock, SystemClock
from scheduler.delivery import Deliverer
from scheduler.nudges import Nudger
from scheduler.pacing import Pacer
from scheduler.reviews import Reviewer
from services.plan import drop_stale_drafts
from services.runtime import Inbox, Units, create_engine, session_factory, upgrade

__all__ = ["COMMANDS", "SUBCOMMANDS", "CoachApp", "build_application", "build_services"]
log = logging.getLogger(__name__)
T = TypeVar("T")
REVIEW_INTERVAL_SECONDS = 60.0  # weekly reviews go out within a minute of their time
DRAFT_SWEEP_SECONDS = 600.0  # how often setup answers left unanswered past their hour go
INBOX_PRUNE_SECONDS = 3600.0  # how often handled updates older than a day are forgotten


def build_application(settings: Settings, clock: Clock | None = None) -> CoachApp:
    """Create the engine, the services, the scheduler job and the handlers.

    Everything is wired here rather than in post_init, which only run_polling/run_webhook
    call; tests and embedders that drive initialize()/start() themselves get the same bot.
    """
    assert settings.bot_token is not None, "BOT_TOKEN is required"
    services = build_services(settings, clock or SystemClock())
    clock = services.clock
    gate = build_gate(settings, clock)  # shared by instances through Redis, if set
    inbox = Inbox(services.units.factory, keeper=keeper_pool(settings.database_url))
    ingest = Ingest(inbox, clock, gate, settings.inbox_lease_seconds)

    async def post_shutdown(_app: CoachApp) -> None:
        await ingest.release()  # what was not handled: anyone may take it at once
        await services.close()

    app: CoachApp = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .context_types(ContextTypes(context=CoachContext))
        .concurrent_updates(PerUserUpdateProcessor(settings.max_concurrent_updates, ingest))
        .rate_limiter(build_rate_limiter(settings))  # one send budget, replies first
        .request(KeepAliveRequest(connection_pool_size=BOT_CONNECTIONS))  # PTB's pool sizes
        .get_updates_request(KeepAliveRequest(connection_pool_size=1))
        .post_shutdown(post_shutdown)
        .updater(None)  # replaced by one that stores each update before confirming it
        .build()
    )
    app.updater = InboxUpdater(app.bot, app.update_queue, ingest)
    ingest.rerun = app.process_update  # a second try after a passing database fault
    app.bot_data["services"] = services
    app.bot_data["ingest"] = ingest
    app.bot_data["languages"] = ingest.languages  # /start and /language keep it current
    app.bot_data["keyboards"] = keyboards = LiveKeyboards()
    app.bot_data["deliverer"] = build_deliverer(services, TelegramSender(app.bot, keyboards))
    app.bot_data["reviewer"] = Reviewer(services.units, settings.reminder_offset,
                                        review_screen.ReviewTelegramSender(app.bot), clock)
    _add_jobs(app, settings)
    add_strava(app, services)  # only when Strava is configured (bot/strava_setup.py)
    add_handlers(app)
    return app


def build_services(settings: Settings, clock: Clock) -> Services:
    """The engine and the application services on it (closed by Services.close)."""
    engine = create_engine(settings.database_url)
    factory = session_factory(engine)
    return Services(settings, clock, Units(factory), engine)


def _add_jobs(app: CoachApp, settings: Settings) -> None:
    """The scheduler's jobs: reminders, weekly reviews, the menu and housekeeping."""
    assert app.job_queue is not None
    app.job_queue.run_repeating(_tick, interval=settings.scheduler_interval_seconds,
                                first=min(1.0, settings.scheduler_interval_seconds),
                                name="deliver-reminders",
                                job_kwargs={"max_instances": 1, "coalesce": True})
    app.job_queue.run_repeating(_review_tick, interval=REVIEW_INTERVAL_SECONDS,
                                first=min(REVIEW_INTERVAL_SECONDS,
                                          settings.scheduler_interval_seconds),
                                name="weekly-reviews",
                                job_kwargs={"max_instances": 1, "coalesce": True})
    app.job_queue.run_once(_publish_menu, when=0, name="publish-menu")
    app.job_queue.run_repeating(_drop_stale_drafts, interval=DRAFT_SWEEP_SECONDS,
                                name="drop-stale-drafts",
                                job_kwargs={"max_instances": 1, "coalesce": True})
    app.job_queue.run_repeating(_prune_inbox, interval=INBOX_PRUNE_SECONDS,
                                name="prune-inbox",
                                job_kwargs={"max_instances": 1, "coalesce": True})


def build_deliverer(services: Services, sender: TelegramSender) -> Deliverer:
    """The scheduler: reminders and nudges draw on the bot's send budget as its lowest
    priority (bot/budget.py); the Pacer only waits out a 429.
    """
    settings = services.settings
    pacer = Pacer()
    # server_clock: on PostgreSQL, claims are stamped by the database, not by each instance.
    nudger = Nudger(services.units, sender, services.clock, grace=settings.grace,
                    hour=settings.nudge_hour, pacer=pacer, claim_timeout=settings.claim_timeout,
                    server_clock=True)
    return Deliverer(services.units, sender, services.clock, grace=settings.grace,
                     offset=settings.reminder_offset, claim_timeout=settings.claim_timeout,
                     pacer=pacer, nudger=nudger, server_clock=True)


async def _publish_menu(ctx: CoachContext) -> None:
    await menu.publish(ctx.bot)


async def _drop_stale_drafts(ctx: CoachContext) -> None:
    services = ctx.services
    dropped = await services.units.run(drop_stale_drafts, services.clock.now())
    if dropped:
        log.info("housekeeping outcome=drafts_dropped count=%d", dropped)


async def _review_tick(ctx: CoachContext) -> None:
    reviewer = ctx.bot_data["reviewer"]
    assert isinstance(reviewer, Reviewer)
    await reviewer.tick()


async def _prune_inbox(ctx: CoachContext) -> None:
    ingest = ctx.bot_data["ingest"]
    assert isinstance(ingest, Ingest)
    pruned = await ingest.prune()
    if pruned:
        log.info("housekeeping outcome=inbox_pruned count=%d", pruned)


async def _tick(ctx: CoachContext) -> None:
    deliverer = ctx.bot_data["deliverer"]
    assert isinstance(deliverer, Deliverer)
    await deliverer.tick()


class NoToken(Exception):
    """BOT_TOKEN is not set: `run` cannot start (bot/cli.py explains how to get one)."""


class DatabaseUnusable(Exception):
    """The database could not be opened, read or written; its cause says why."""


def with_database(step: Callable[[], T]) -> T:
    """Run a step that opens the database; its OS, SQLite and SQLAlchemy errors say so."""
    try:
        return step()
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        raise DatabaseUnusable(str(exc)) from exc


def run(settings: Settings, _args: argparse.Namespace | None = None) -> int:
    """Apply migrations, then poll Telegram (or serve a webhook) until interrupted."""
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        raise NoToken
    os.environ.setdefault("PTB_TIMEDELTA", "1")  # opt in to PTB's timedelta durations
    from bot.stopping import ignore_stop_signals, install_stop_handlers
    from bot.webhook import ALLOWED_UPDATES, webhook_options, webhook_problem

    problem = webhook_problem(settings) if settings.webhook_url or settings.webhook_secret \
        else None
    if problem is not None:
        print(f"coachbot: webhook mode refused: {problem}", file=sys.stderr)
        return 2
    with_database(lambda: upgrade(settings.database_url))
    log.info("coachbot starting (database: %s, schema current)", safe_url(settings.database_url))
    app = build_application(settings)
    app.post_init = _announcer(settings)
    signals: dict[str, Any] = {"stop_signals": None} if install_stop_handlers() else {}
    heap.settle()  # built: what is loaded now stays for good
    if settings.webhook_url:
        app.run_webhook(**webhook_options(settings), **signals)
    else:
        app.run_polling(allowed_updates=ALLOWED_UPDATES, **signals)
    ignore_stop_signals()
    return 0


def _announcer(settings: Settings) -> Callable[[CoachApp], Coroutine[Any, Any, None]]:
    """After getMe: one line naming the bot and how it receives updates."""
    mode = (f"webhook at {safe_url(settings.webhook_url)} (listening on "
            f"{settings.webhook_listen}:{settings.webhook_port}{settings.local_webhook_path})"
            if settings.webhook_url else "polling")

    async def announce(app: CoachApp) -> None:
        log.info("running as @%s (%d), %s", app.bot.username, app.bot.id, mode)

    return announce


def migrate(settings: Settings, _args: argparse.Namespace) -> int:
    """Bring the database schema up to date."""
    with_database(lambda: upgrade(settings.database_url))
    log.info("database schema current (%s)", safe_url(settings.database_url))
    return 0


def status(settings: Settings, _args: argparse.Namespace) -> int:
    """Print how many runners there are and where their reminders stand (reads only)."""
    from bot.probes import ProbeRefused
    from bot.probes import status as read_status

    try:
        print(with_database(lambda: read_status(settings)))
    except ProbeRefused as exc:
        print(f"coachbot: status: {exc}", file=sys.stderr)
        return 2
    return 0


def health(settings: Settings, args: argparse.Namespace) -> int:
    """Exit 0 when the database answers and the scheduler ticked recently."""
    from bot import probes

    max_age = None if args.max_age is None else timedelta(seconds=args.max_age)
    return probes.health(settings, max_age)


def backup(settings: Settings, args: argparse.Namespace) -> int:
    """Copy the SQLite database to a new file, consistently, while the bot may be running."""
    from datetime import UTC, datetime

    from sqlalchemy.engine import make_url

    from services.runtime import NotSqlite, backup_sqlite

    path: Path | None = args.path
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


Subcommand = Callable[[Settings, argparse.Namespace], int]
SUBCOMMANDS: dict[str, Subcommand] = {  # `coachbot <name>`; the first is the default
    "run": run,
    "migrate": migrate,
    "status": status,
    "health": health,
    "backup": backup,
    "strava": strava_command,
}

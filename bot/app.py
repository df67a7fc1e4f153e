"""The composition root: settings in, a ready PTB Application out."""

import logging
from typing import Any

from telegram import Update
from telegram.error import NetworkError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import (
    commands,
    inputs,
    membership,
    menu,
    onboarding,
    onboarding_answers,
    privacy,
    progress,
    races,
    readiness,
    transfer,
    week,
)
from bot import history as history_screen
from bot import review as review_screen
from bot import session_handlers as logging_flow
from bot.concurrency import PerUserUpdateProcessor
from bot.config import Settings
from bot.context import CoachContext, Services
from bot.guards import EXPIRED, FloodGate, FloodLimit, Guards
from bot.ingest import InboxUpdater, Ingest
from bot.sender import TelegramSender
from coach.clock import Clock, SystemClock
from coach.week_talk import read_week_talk
from scheduler.delivery import Deliverer
from scheduler.nudges import Nudger
from scheduler.pacing import Pacer, TokenBucket
from scheduler.reviews import Reviewer
from services.plan import PlanService
from services.progress import HistoryService
from services.sessions import SessionService
from services.weekly import WeeklyService
from storage.db import create_engine, session_factory
from storage.inbox import Inbox

log = logging.getLogger(__name__)
CoachApp = Application[Any, CoachContext, dict[str, Any], dict[str, Any], dict[str, Any], Any]
PRIVATE = filters.ChatType.PRIVATE
NEW = filters.UpdateType.MESSAGE
COMMANDS = {
    "start": onboarding.start,
    "help": commands.help_,
    "plan": commands.plan,
    "progress": progress.progress,
    "history": history_screen.history,
    "export": transfer.export,
    "import": transfer.import_help,
    "log": commands.log_now,
    "undo": commands.undo,
    "load": commands.load,
    "pause": commands.pause,
    "resume": commands.resume,
    "settings": commands.settings,
    "deleteme": commands.deleteme,
    "privacy": privacy.privacy,
    "race": races.race_command, "races": races.races_command,
}
REVIEW_INTERVAL_SECONDS = 60.0  # weekly reviews go out within a minute of their time
DRAFT_SWEEP_SECONDS = 600.0  # how often setup answers left unanswered past their hour go
INBOX_PRUNE_SECONDS = 3600.0  # how often handled updates older than a day are forgotten

SORRY = ("Sorry, something went wrong on my side. What you logged before is safe; "
         "please try again.")


def build_application(settings: Settings, clock: Clock | None = None) -> CoachApp:
    """Create the engine, the services, the scheduler job and the handlers.

    Everything is wired here rather than in post_init, which only run_polling/run_webhook
    call; tests and embedders that drive initialize()/start() themselves get the same bot.
    """
    assert settings.bot_token is not None, "BOT_TOKEN is required"
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url)
    factory = session_factory(engine)
    services = Services(settings, clock, PlanService(factory, settings.reminder_offset),
                        SessionService(factory, settings.reminder_offset), engine,
                        HistoryService(factory), WeeklyService(factory, settings.reminder_offset))

    gate = FloodGate(FloodLimit(settings.flood_burst, settings.flood_rate_per_second), clock)
    ingest = Ingest(Inbox(factory), clock, gate)

    async def post_shutdown(_app: CoachApp) -> None:
        await services.close()

    app: CoachApp = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .context_types(ContextTypes(context=CoachContext))
        .concurrent_updates(PerUserUpdateProcessor(settings.max_concurrent_updates, ingest))
        .rate_limiter(AIORateLimiter(overall_max_rate=settings.send_rate_per_second,
                                     max_retries=3))
        .post_shutdown(post_shutdown)
        .updater(None)  # replaced by one that stores each update before confirming it
        .build()
    )
    app.updater = InboxUpdater(app.bot, app.update_queue, ingest)
    app.bot_data["services"] = services
    app.bot_data["ingest"] = ingest
    app.bot_data["deliverer"] = build_deliverer(services, TelegramSender(app.bot))
    assert app.job_queue is not None
    app.job_queue.run_repeating(_tick, interval=settings.scheduler_interval_seconds,
                                first=min(1.0, settings.scheduler_interval_seconds),
                                name="deliver-reminders",
                                job_kwargs={"max_instances": 1, "coalesce": True})
    app.bot_data["reviewer"] = Reviewer(services.weekly, services.plans,
                                        review_screen.ReviewTelegramSender(app.bot), clock)
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
    add_handlers(app)
    return app


def build_deliverer(services: Services, sender: TelegramSender) -> Deliverer:
    """The scheduler: reminders and next-morning nudges share one send pace."""
    settings = services.settings
    pacer = Pacer(TokenBucket(settings.reminders_per_second))
    # server_clock: on PostgreSQL, claims are stamped by the database, not by each instance.
    nudger = Nudger(services.plans, sender, services.clock, grace=settings.grace,
                    hour=settings.nudge_hour, pacer=pacer, claim_timeout=settings.claim_timeout,
                    server_clock=True)
    return Deliverer(services.plans, sender, services.clock, grace=settings.grace,
                     claim_timeout=settings.claim_timeout, pacer=pacer, nudger=nudger,
                     server_clock=True)


async def _publish_menu(ctx: CoachContext) -> None:
    await menu.publish(ctx.bot)


async def _drop_stale_drafts(ctx: CoachContext) -> None:
    services = ctx.services
    dropped = await services.plans.drop_stale_drafts(services.clock.now())
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


def add_handlers(app: CoachApp) -> None:
    """Register every handler. Groups run in order; inside a group the first match wins."""
    services = app.bot_data["services"]
    assert isinstance(services, Services)
    settings = services.settings
    ingest = app.bot_data.get("ingest")
    gate = ingest.gate if isinstance(ingest, Ingest) else None
    guards = Guards(gate or FloodGate(
        FloodLimit(settings.flood_burst, settings.flood_rate_per_second), services.clock))
    # -3..-1: gates; each stops the update (ApplicationHandlerStop) when it must go no further.
    app.add_handler(TypeHandler(Update, guards.private_only), group=-3)
    app.add_handler(TypeHandler(Update, guards.sane_buttons), group=-2)
    app.add_handler(TypeHandler(Update, guards.not_too_fast), group=-1)
    # 0: input we refuse to read comes first, then commands, buttons and the flows.
    app.add_handler(MessageHandler(
        PRIVATE & filters.UpdateType.MESSAGES & inputs.LongText(settings.max_text_chars),
        inputs.too_long))
    app.add_handler(MessageHandler(PRIVATE & NEW & filters.FORWARDED, inputs.forwarded))
    for name, callback in COMMANDS.items():
        app.add_handler(CommandHandler(name, callback, filters=PRIVATE & NEW))
    # Blocked / unblocked in a private chat (Telegram's my_chat_member update).
    app.add_handler(ChatMemberHandler(membership.on_my_chat_member,
                                      ChatMemberHandler.MY_CHAT_MEMBER))
    _add_buttons(app)
    app.add_handler(MessageHandler(PRIVATE & NEW & filters.LOCATION, onboarding.on_location))
    app.add_handler(MessageHandler(
        PRIVATE & filters.UpdateType.EDITED_MESSAGE & filters.TEXT & ~filters.COMMAND,
        logging_flow.on_edit))
    app.add_handler(MessageHandler(PRIVATE & NEW & filters.TEXT & ~filters.COMMAND, route_text))
    app.add_handler(MessageHandler(PRIVATE & NEW & filters.COMMAND, inputs.unknown_command))
    app.add_handler(MessageHandler(PRIVATE & NEW & filters.Sticker.ALL, inputs.sticker))
    app.add_handler(MessageHandler(PRIVATE & NEW & transfer.CSV_FILES, transfer.on_csv))
    app.add_handler(MessageHandler(PRIVATE & NEW & inputs.MEDIA_FILTER, inputs.media))
    app.add_handler(MessageHandler(PRIVATE & NEW & ~filters.StatusUpdate.ALL, inputs.unknown))
    # Edits of commands or captions and status updates have no handler: ignored on purpose.
    app.add_error_handler(on_error)


def _add_buttons(app: CoachApp) -> None:
    buttons = {
        "ob": onboarding.on_button,
        "rm": logging_flow.on_card_button,
        "lg": logging_flow.on_step_button,
        "uq": logging_flow.on_question_button,
        "set": commands.on_settings_button,
        "del": commands.on_delete_button,
        "pg": progress.on_button,
        "hs": history_screen.on_button,
        "rv": review_screen.on_button,
        "rc": races.on_button,
        "rd": readiness.on_button,
    }
    for prefix, callback in buttons.items():
        app.add_handler(CallbackQueryHandler(callback, pattern=f"^{prefix}:"))
    app.add_handler(CallbackQueryHandler(stale_button))


async def route_text(update: Update, ctx: CoachContext) -> None:
    """Typed text answers onboarding while it runs; words about this week's runs move the
    week; otherwise it is a rep report. A reply to a session card is always a report.
    """
    user = update.effective_user
    draft = None if user is None else await onboarding.draft_of(ctx, user.id)
    replying = update.effective_message is not None and (
        update.effective_message.reply_to_message is not None)
    if draft is not None and not replying:
        await onboarding_answers.on_text(update, ctx, draft)
        return
    if not replying and await races.on_chat(update, ctx):  # races, legs, pain (bot/races.py)
        return
    text = update.effective_message.text if update.effective_message else None
    talk = None if replying or not text else read_week_talk(text)
    if talk is not None:
        await week.on_week_talk(update, ctx, talk)
        return
    await logging_flow.on_text(update, ctx)


async def stale_button(update: Update, _ctx: CoachContext) -> None:
    """A button from nowhere we know: answer so the client stops spinning."""
    assert update.callback_query is not None
    await update.callback_query.answer(EXPIRED)


async def on_error(update: object, ctx: CoachContext) -> None:
    """Log the failure with the update's ids (never its text) and tell the user briefly."""
    ids = _ids(update)
    if update is None and isinstance(ctx.error, NetworkError):
        log.warning("network trouble talking to Telegram: %s", type(ctx.error).__name__)
        return
    log.error("handler failed for %s", ids, exc_info=ctx.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
    except Exception:
        log.debug("could not answer the failed callback query: %s", ids)
    try:
        await ctx.bot.send_message(update.effective_chat.id, SORRY)
    except Exception:
        log.warning("could not tell chat about the failure: %s", ids)


def _ids(update: object) -> str:
    if not isinstance(update, Update):
        return "no update"
    user = update.effective_user.id if update.effective_user else None
    chat = update.effective_chat.id if update.effective_chat else None
    return f"update={update.update_id} user={user} chat={chat}"

"""The composition root: settings in, a ready PTB Application out."""

import logging
from typing import Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import commands, onboarding
from bot import session_handlers as logging_flow
from bot.concurrency import PerUserUpdateProcessor
from bot.config import Settings
from bot.context import CoachContext, Services
from bot.sender import TelegramSender
from coach.clock import Clock, SystemClock
from scheduler.delivery import Deliverer
from storage.db import create_engine, session_factory
from storage.services import PlanService
from storage.sessions import SessionService

log = logging.getLogger(__name__)
CoachApp = Application[Any, CoachContext, dict[str, Any], dict[str, Any], dict[str, Any], Any]
PRIVATE = filters.ChatType.PRIVATE
COMMANDS = {
    "start": onboarding.start,
    "help": commands.help_,
    "plan": commands.plan,
    "log": commands.log_now,
    "undo": commands.undo,
    "load": commands.load,
    "pause": commands.pause,
    "resume": commands.resume,
    "settings": commands.settings,
    "deleteme": commands.deleteme,
}
UNKNOWN = "I didn't get that. /help lists what I understand."


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
                        SessionService(factory), engine)

    async def post_shutdown(_app: CoachApp) -> None:
        await services.close()

    app: CoachApp = (
        ApplicationBuilder()
        .token(settings.bot_token.get_secret_value())
        .base_url(settings.base_url)
        .base_file_url(settings.base_file_url)
        .context_types(ContextTypes(context=CoachContext))
        .concurrent_updates(PerUserUpdateProcessor(settings.max_concurrent_updates))
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_shutdown(post_shutdown)
        .build()
    )
    app.bot_data["services"] = services
    app.bot_data["deliverer"] = Deliverer(services.plans, TelegramSender(app.bot), clock,
                                          grace=settings.grace)
    assert app.job_queue is not None
    app.job_queue.run_repeating(_tick, interval=settings.scheduler_interval_seconds,
                                first=min(1.0, settings.scheduler_interval_seconds),
                                name="deliver-reminders",
                                job_kwargs={"max_instances": 1, "coalesce": True})
    add_handlers(app)
    return app


async def _tick(ctx: CoachContext) -> None:
    deliverer = ctx.bot_data["deliverer"]
    assert isinstance(deliverer, Deliverer)
    await deliverer.tick()


def add_handlers(app: CoachApp) -> None:
    """Register every handler; order matters inside group 0 (first match wins)."""
    for name, callback in COMMANDS.items():
        app.add_handler(CommandHandler(name, callback, filters=PRIVATE))
    buttons = {
        "ob": onboarding.on_button,
        "rm": logging_flow.on_card_button,
        "lg": logging_flow.on_step_button,
        "set": commands.on_settings_button,
        "del": commands.on_delete_button,
    }
    for prefix, callback in buttons.items():
        app.add_handler(CallbackQueryHandler(callback, pattern=f"^{prefix}:"))
    app.add_handler(CallbackQueryHandler(stale_button))
    app.add_handler(MessageHandler(PRIVATE & filters.LOCATION, onboarding.on_location))
    app.add_handler(MessageHandler(
        PRIVATE & filters.UpdateType.EDITED_MESSAGE & filters.TEXT, logging_flow.on_edit))
    app.add_handler(MessageHandler(
        PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, route_text))
    app.add_handler(MessageHandler(PRIVATE & filters.UpdateType.MESSAGE, unknown))
    app.add_error_handler(on_error)


async def route_text(update: Update, ctx: CoachContext) -> None:
    """Typed text answers onboarding while it runs, otherwise it is a rep report."""
    draft = onboarding.draft_of(ctx)
    if draft is not None and draft.step in ("time", "tz", "hard", "cross"):
        await onboarding.on_text(update, ctx, draft)
        return
    await logging_flow.on_text(update, ctx)


async def stale_button(update: Update, _ctx: CoachContext) -> None:
    """A button from nowhere we know: answer so the client stops spinning."""
    assert update.callback_query is not None
    await update.callback_query.answer("That button has expired.")


async def unknown(update: Update, _ctx: CoachContext) -> None:
    """Unknown commands, stickers, photos: point to /help."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(UNKNOWN)


async def on_error(update: object, ctx: CoachContext) -> None:
    """Log the failure with the update's ids (never its text) and tell the user briefly."""
    ids = _ids(update)
    log.error("handler failed for %s", ids, exc_info=ctx.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await ctx.bot.send_message(update.effective_chat.id,
                                       "Sorry, something went wrong on my side. What you "
                                       "logged before is safe; please try again.")
        except Exception:
            log.warning("could not tell chat about the failure: %s", ids)


def _ids(update: object) -> str:
    if not isinstance(update, Update):
        return "no update"
    user = update.effective_user.id if update.effective_user else None
    chat = update.effective_chat.id if update.effective_chat else None
    return f"update={update.update_id} user={user} chat={chat}"

"""Which handler takes which update: commands, buttons by prefix, and the text router.

Handlers live with their screen (one module per flow); this table only routes. The
composition root (bot/app.py) calls `add_handlers` once.
"""

import logging
from typing import Any

from telegram import Message, Update
from telegram.error import NetworkError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import (
    commands,
    deleting,
    effort,
    equipment,
    inputs,
    language,
    membership,
    onboarding_answers,
    privacy,
    progress,
    races,
    readiness,
    strava,
    transfer,
    week,
)
from bot import history as history_screen
from bot import review as review_screen
from bot import session_handlers as logging_flow
from bot import talk as talk_replies
from bot.context import CoachContext, Services
from bot.guards import EXPIRED, FloodGate, FloodLimit, Guards, refusing
from bot.handling import passing_fault
from bot.ingest import Ingest
from bot.report_flow import render
from i18n import N_, _
from services.messages import (
    Answered,
    LegsTalk,
    MessageOutcome,
    RaceTalk,
    WeekTalked,
    take_text,
)
from services.talk import Corrected, NotCorrected, QuestionAnswered

log = logging.getLogger(__name__)
CoachApp = Application[Any, CoachContext, dict[str, Any], dict[str, Any], dict[str, Any], Any]
PRIVATE = filters.ChatType.PRIVATE
NEW = filters.UpdateType.MESSAGE
COMMANDS = {
    "start": onboarding_answers.start,
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
    "equipment": equipment.equipment,
    "deleteme": deleting.deleteme,
    "privacy": privacy.privacy,
    "race": races.race_command,
    "races": races.races_command,
    "strava": strava.strava,
    "language": language.language,
}
BUTTONS = {  # callback data prefix -> handler
    "ob": onboarding_answers.on_button,
    "rm": logging_flow.on_card_button,
    "lg": logging_flow.on_step_button,
    "uq": logging_flow.on_question_button,
    "set": commands.on_settings_button,
    "del": deleting.on_delete_button,
    "pg": progress.on_button,
    "hs": history_screen.on_button,
    "rv": review_screen.on_button,
    "eq": equipment.on_button,
    "rc": races.on_button,
    "rd": readiness.on_button,
    "ef": effort.on_button,
    "sv": strava.on_button,
    "ln": language.on_button,
}
SORRY = N_("Sorry, something went wrong on my side. What you logged before is safe; "
           "please try again.")


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
    app.add_handler(MessageHandler(PRIVATE & NEW & filters.LOCATION,
                                   onboarding_answers.on_location))
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
    for prefix, callback in BUTTONS.items():
        app.add_handler(CallbackQueryHandler(refusing(callback), pattern=f"^{prefix}:"))
    app.add_handler(CallbackQueryHandler(stale_button))


async def route_text(update: Update, ctx: CoachContext) -> None:
    """Typed text: ONE service call decides what it is and acts on it in one transaction,
    the update's inbox marks included (services/messages.py); its flow says what it did."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    svc, replied = ctx.services, message.reply_to_message
    outcome = await svc.units.run(take_text, svc.clock.now(), svc.offset,
                                  user.id, message.chat_id, (message.text or "").strip(),
                                  message.message_id,
                                  None if replied is None else replied.message_id)
    await say_text(update, ctx, message, outcome)


async def say_text(update: Update, ctx: CoachContext, message: Message,
                   outcome: MessageOutcome) -> None:
    """Render a text's outcome with the renderer of its flow."""
    if isinstance(outcome, Answered):
        await onboarding_answers.show(update, ctx, outcome.outcome)
    elif isinstance(outcome, RaceTalk):
        await races.say_told(message, outcome)
    elif isinstance(outcome, LegsTalk):
        await readiness.say_legs(message, outcome)
    elif isinstance(outcome, WeekTalked):
        await week.say_week(ctx, message, outcome.outcome)
    elif isinstance(outcome, Corrected | NotCorrected | QuestionAnswered):
        await talk_replies.say_talk(message, outcome)
    else:
        await render(ctx, message.chat_id, outcome, message)


async def stale_button(update: Update, _ctx: CoachContext) -> None:
    """A button from nowhere we know: answer so the client stops spinning."""
    assert update.callback_query is not None
    await update.callback_query.answer(_(EXPIRED))


async def on_error(update: object, ctx: CoachContext) -> None:
    """Log the failure with the update's ids (never its text) and tell the user briefly."""
    ids = _ids(update)
    if update is None and isinstance(ctx.error, NetworkError):
        log.warning("network trouble talking to Telegram: %s", type(ctx.error).__name__)
        return
    if await passing_fault(update, ctx.error, ctx.bot):  # retried, deferred or not ours
        return
    log.error("handler failed for %s", ids, exc_info=ctx.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        await _say_sorry(update, ctx, ids)


async def _say_sorry(update: Update, ctx: CoachContext, ids: str) -> None:
    """Stop the button spinning, then say sorry; neither may fail the error handler."""
    assert update.effective_chat is not None
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
    except Exception:
        log.debug("could not answer the failed callback query: %s", ids)
    try:
        await ctx.bot.send_message(update.effective_chat.id, _(SORRY))
    except Exception:
        log.warning("could not tell chat about the failure: %s", ids)


def _ids(update: object) -> str:
    if not isinstance(update, Update):
        return "no update"
    user = update.effective_user.id if update.effective_user else None
    chat = update.effective_chat.id if update.effective_chat else None
    return f"update={update.update_id} user={user} chat={chat}"

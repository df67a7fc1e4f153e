"""Handlers of the logging flow: reminder buttons, typed reports, edits, finishing."""

from datetime import datetime

from telegram import CallbackQuery, Message, Update

from bot import session_log as ui
from bot.context import CoachContext
from bot.format import when_label
from bot.guards import set_buttons
from bot.onboarding import next_text
from coach.exercises import EXERCISE_IDS
from coach.reports import ReportKind, ReportLine, SetsReport, parse_report
from storage.records import SessionView
from storage.sessions import NotYours, SessionClosed

# Finish with what is logged. "all done" is not here: it logs what is left as planned.
FINISH_WORDS = frozenset({"finish", "finished", "end", "that's it", "thats it"})
CLOSED = "That session is closed. /log starts a new one."
NOT_YOURS = "That button has expired or isn't yours."
OLD_EDIT = ("You edited an older message; I left everything as it was. "
            "Send new reps as a new message.")
OLD_EDIT_KEY = "old_edit_noted"
MAX_ID = 2**31 - 1  # session ids are 32-bit integers in the database


def _ids(update: Update) -> tuple[int, Message]:
    user, message = update.effective_user, update.effective_message
    assert user is not None
    assert message is not None
    return user.id, message


async def send_card(ctx: CoachContext, chat_id: int, view: SessionView, heading: str) -> int:
    """Send a session card; return its message id."""
    sent = await ctx.bot.send_message(chat_id, ui.card_text(view, heading),
                                      reply_markup=ui.card_keyboard(view.session.id))
    return sent.message_id


async def ask_next(ctx: CoachContext, chat_id: int, view: SessionView) -> None:
    """Ask for the next exercise, or finish when nothing is pending."""
    item = ui.next_item(view)
    if item is None:
        await finish(ctx, chat_id, view.profile.user_id, view.session.id)
        return
    await ctx.bot.send_message(chat_id, ui.ask_text(view, item),
                               reply_markup=ui.ask_keyboard(view.session.id, item.exercise.id))


async def finish(ctx: CoachContext, chat_id: int, user_id: int, session_id: int) -> None:
    svc = ctx.services
    done = await svc.sessions.finish(user_id, session_id, svc.clock.now())
    records = await svc.history.records_for(user_id, session_id)
    await ctx.bot.send_message(chat_id, ui.finished_text(done, records))


async def on_text(update: Update, ctx: CoachContext) -> None:
    """A typed report: stored line by line, confirmed, then the next question."""
    user_id, message = _ids(update)
    view = await _target_session(ctx, user_id, message)
    if view is None:
        await _correct_closed(ctx, message, user_id)
        return
    text = (message.text or "").strip()
    if text.lower() in FINISH_WORDS:
        await finish(ctx, message.chat_id, user_id, view.session.id)
        return
    await _record(ctx, message, view, text, ctx.services.clock.now())


async def _correct_closed(ctx: CoachContext, message: Message, user_id: int) -> None:
    """No session open: a clean report corrects the session closed last, if it still can."""
    parsed = parse_report((message.text or "").strip(), EXERCISE_IDS)
    result = None
    if parsed.lines and not parsed.problems:
        result = await ctx.services.sessions.correct(user_id, parsed.lines, message.message_id,
                                                     ctx.services.clock.now())
    if result is None:
        await message.reply_text(ui.NO_SESSION)
        return
    await message.reply_text(ui.recorded_text(result.stored, result.view, edited=True,
                                              retargeted=result.retargeted))


async def _target_session(ctx: CoachContext, user_id: int,
                          message: Message) -> SessionView | None:
    """A reply to a session card logs into that session; else the open one."""
    replied = message.reply_to_message
    if replied is not None:
        view = await ctx.services.sessions.for_message(user_id, replied.message_id)
        if view is not None and view.session.status not in ("done", "skipped"):
            return view
    return await ctx.services.sessions.open_view(user_id)


async def _record(ctx: CoachContext, message: Message, view: SessionView, text: str,
                  now: datetime) -> None:
    parsed = parse_report(text, view.pending or EXERCISE_IDS)
    if parsed.lines:
        result = await ctx.services.sessions.record(
            view.profile.user_id, view.session.id, parsed.lines, message.message_id, now)
        await message.reply_text(ui.recorded_text(result.stored, result.view))
        view = result.view
    if parsed.problems or not parsed.lines:
        await message.reply_text(ui.problems_text(parsed.problems))
        return
    await ask_next(ctx, message.chat_id, view)


async def on_edit(update: Update, ctx: CoachContext) -> None:
    """An edited report replaces what the original message stored.

    An edit that reads as nothing keeps what was stored; an edit of a message that stored
    nothing and predates the open session (or with none open) changes nothing either.
    """
    user_id, message = _ids(update)
    svc = ctx.services
    open_view = await svc.sessions.open_view(user_id)
    pending = open_view.pending if open_view else EXERCISE_IDS
    parsed = parse_report(message.text or "", pending or EXERCISE_IDS)
    result = None
    if parsed.lines:
        result = await svc.sessions.rerecord(user_id, message.message_id, parsed.lines,
                                             svc.clock.now())
    if result is not None:
        await message.reply_text(ui.recorded_text(result.stored, result.view, edited=True,
                                                  retargeted=result.retargeted))
        if parsed.problems:
            await message.reply_text(ui.problems_text(parsed.problems))
    elif message.reply_to_message is None and _predates(message, open_view):
        await _note_old_edit(ctx, message)
    else:
        await on_text(update, ctx)


def _predates(message: Message, view: SessionView | None) -> bool:
    """Sent before the open session's card (message ids grow within a chat), or none open."""
    card = view.session.message_id if view is not None else None
    return view is None or (card is not None and message.message_id < card)


async def _note_old_edit(ctx: CoachContext, message: Message) -> None:
    """Say it once per edited message; further edits of it pass quietly."""
    data = ctx.user_data if ctx.user_data is not None else {}
    if data.get(OLD_EDIT_KEY) == message.message_id:
        return
    data[OLD_EDIT_KEY] = message.message_id
    await message.reply_text(OLD_EDIT)


async def on_card_button(update: Update, ctx: CoachContext) -> None:
    """Reminder buttons: 'rm:log|snz|skp:<session id>'."""
    query = update.callback_query
    assert query is not None
    try:
        action, session_id = _split(query, (3,))[1:3]
        await _card_action(update, ctx, query, action, int(session_id))
    except NotYours:
        await query.answer(NOT_YOURS)
    except SessionClosed:
        await query.answer(CLOSED)


async def _card_action(update: Update, ctx: CoachContext, query: CallbackQuery, action: str,
                       session_id: int) -> None:
    user_id, svc = query.from_user.id, ctx.services
    chat_id = _chat_id(update)
    now = svc.clock.now()
    if action == "log":
        view = await svc.sessions.view(user_id, session_id)
        if view.session.status in ("done", "skipped"):
            raise SessionClosed(session_id)
        await query.answer()
        await ask_next(ctx, chat_id, view)
    elif action == "snz":
        due = await svc.sessions.snooze(user_id, session_id, now, svc.settings.snooze)
        profile = await svc.plans.profile(user_id)
        tz = profile.tz if profile and profile.tz else "UTC"
        await query.answer("Snoozed")
        await ctx.bot.send_message(chat_id, f"Snoozed. I'll remind you {when_label(due, tz)}.")
    elif action == "skp":
        await svc.sessions.skip(user_id, session_id, now)
        await query.answer("Skipped")
        overview = await svc.plans.overview(user_id, now)
        await ctx.bot.send_message(chat_id, "Skipped. Rest well, see you next session.\n"
                                   + next_text(overview))
    else:
        await query.answer("I don't know that button.")


async def on_step_button(update: Update, ctx: CoachContext) -> None:
    """Step-by-step buttons: 'lg:as|sk:<session id>:<exercise index>' and 'lg:fin:<id>'."""
    query = update.callback_query
    assert query is not None
    try:
        await _step_action(update, ctx, query, _split(query, (3, 4)))
    except NotYours:
        await query.answer(NOT_YOURS)
    except SessionClosed:
        await query.answer(CLOSED)


async def _step_action(update: Update, ctx: CoachContext, query: CallbackQuery,
                       parts: list[str]) -> None:
    user_id, svc = query.from_user.id, ctx.services
    action, session_id = parts[1], int(parts[2])
    if action == "fin":
        done = await svc.sessions.finish(user_id, session_id, svc.clock.now())
        await query.answer()  # only now: a refused finish is answered by the caller
        records = await svc.history.records_for(user_id, session_id)
        await ctx.bot.send_message(_chat_id(update), ui.finished_text(done, records))
        return
    index = int(parts[3]) if len(parts) == 4 else -1
    if action not in ("as", "sk") or not 0 <= index < len(EXERCISE_IDS):
        await query.answer("I don't know that button.")
        return
    kind = ReportKind.AS_PLANNED if action == "as" else ReportKind.SKIPPED
    line = ReportLine(EXERCISE_IDS[index], SetsReport(kind), query.data or "")
    result = await svc.sessions.record(user_id, session_id, [line], None, svc.clock.now())
    await query.answer("Saved")
    await set_buttons(query, None)
    await ctx.bot.send_message(_chat_id(update), ui.recorded_text(result.stored, result.view))
    await ask_next(ctx, _chat_id(update), result.view)


def _split(query: CallbackQuery, sizes: tuple[int, ...]) -> list[str]:
    """Split callback data; anything malformed is treated like someone else's button."""
    parts = (query.data or "").split(":")
    if len(parts) not in sizes or not all(_is_id(p) for p in parts[2:]):
        raise NotYours(query.data)
    return parts


def _is_id(text: str) -> bool:
    """ASCII digits only ('²'.isdigit() is True) and within the database's integer range."""
    return text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= MAX_ID


def _chat_id(update: Update) -> int:
    chat = update.effective_chat
    assert chat is not None
    return chat.id

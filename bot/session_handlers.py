"""Handlers of the logging flow: reminder buttons, typed reports, edits, finishing."""

from datetime import datetime

from telegram import CallbackQuery, Message, Update

from bot import session_log as ui
from bot.context import CoachContext
from bot.format import when_label
from bot.guards import set_buttons
from bot.onboarding import next_text
from bot.report_flow import EDIT_AGAIN, GONE, Next, context_of, respond
from coach.exercises import EXERCISE_IDS
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.understand import Choice, Context, understand
from services.sessions import NotYours, SessionClosed
from services.understanding import Asked, QuestionGone
from storage.records import SessionView

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
    await _record(ctx, message, view, (message.text or "").strip(), ctx.services.clock.now())


async def _correct_closed(ctx: CoachContext, message: Message, user_id: int) -> None:
    """No session open: a clean report corrects the session closed last, if it still can."""
    profile = await ctx.services.plans.profile(user_id)
    unit = profile.unit if profile is not None else "kg"
    reading = understand((message.text or "").strip(), Context(unit=unit))
    result = None
    if reading.lines and not (reading.problems or reading.questions or reading.notes
                              or reading.finish or reading.stop):
        result = await ctx.services.sessions.correct(user_id, reading.lines,
                                                     message.message_id,
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
    """Store what reads clearly, ask about the rest, then go on (or wait for the answer)."""
    reading = understand(text, context_of(view))
    if reading.lines:
        result = await ctx.services.sessions.record(
            view.profile.user_id, view.session.id, reading.lines, message.message_id, now)
        await message.reply_text(ui.recorded_text(result.stored, result.view))
        view = result.view
    await _go_on(ctx, message.chat_id, view, await respond(ctx, message, view, reading))


async def _go_on(ctx: CoachContext, chat_id: int, view: SessionView, step: Next) -> None:
    if step is Next.ASK:
        await ask_next(ctx, chat_id, view)
    elif step is Next.FINISH:
        await finish(ctx, chat_id, view.profile.user_id, view.session.id)


async def on_edit(update: Update, ctx: CoachContext) -> None:
    """An edited report replaces what the original message stored.

    An edit that reads as nothing keeps what was stored; an edit of a message that stored
    nothing and predates the open session (or with none open) changes nothing either.
    """
    user_id, message = _ids(update)
    svc = ctx.services
    open_view = await svc.sessions.open_view(user_id)
    reading = understand(message.text or "",
                         Context() if open_view is None else context_of(open_view))
    result = None
    if reading.lines:
        result = await svc.sessions.rerecord(user_id, message.message_id, reading.lines,
                                             svc.clock.now())
    if result is not None:
        await message.reply_text(ui.recorded_text(result.stored, result.view, edited=True,
                                                  retargeted=result.retargeted))
        await respond(ctx, message, result.view, reading)
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


async def on_question_button(update: Update, ctx: CoachContext) -> None:
    """'uq:<question id>:<choice>|e': store what the tapped reading says, or ask again."""
    query = update.callback_query
    assert query is not None
    parts = (query.data or "").split(":")
    if len(parts) != 3 or not _is_id(parts[1]) or not (parts[2] == "e" or _is_id(parts[2])):
        await query.answer(GONE)
        return
    svc, user_id = ctx.services, query.from_user.id
    try:
        asked = await svc.understanding.take(user_id, int(parts[1]))
    except QuestionGone:
        await query.answer(GONE)
        return
    await set_buttons(query, None)
    if parts[2] == "e" or int(parts[2]) >= len(asked.choices):
        await query.answer()
        await ctx.bot.send_message(_chat_id(update), EDIT_AGAIN)
        return
    try:
        await _answer(update, ctx, asked.choices[int(parts[2])], asked)
    except (NotYours, SessionClosed):
        await query.answer(CLOSED)


async def _answer(update: Update, ctx: CoachContext, choice: Choice, asked: Asked) -> None:
    query, svc = update.callback_query, ctx.services
    assert query is not None
    user_id = query.from_user.id
    if choice.finish:
        done = await svc.sessions.finish(user_id, asked.session_id, svc.clock.now())
        await query.answer()
        await ctx.bot.send_message(_chat_id(update), ui.finished_text(done))
        return
    result = await svc.sessions.record(user_id, asked.session_id, choice.lines,
                                       asked.source_message_id, svc.clock.now())
    await query.answer("Saved")
    await ctx.bot.send_message(_chat_id(update), ui.recorded_text(result.stored, result.view))
    await ask_next(ctx, _chat_id(update), result.view)

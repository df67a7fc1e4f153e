"""Handlers of the logging flow: reminder buttons, typed reports, edits, finishing."""

from telegram import CallbackQuery, Message, Update

from bot import session_log as ui
from bot.context import CoachContext
from bot.format import when_label
from bot.guards import set_buttons
from bot.keyboards import Kind, session_closed, supersede
from bot.onboarding import next_text
from bot.report_flow import EDIT_AGAIN, GONE, question_keyboard, render, render_next
from coach.exercises import EXERCISE_IDS
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.session_life import SessionClosed
from coach.views import SessionView
from i18n import N_, _
from services.edits import Edited, edit_report
from services.plan import plan_overview
from services.reports import NotYours, ReportOutcome, go_on, log_lines, log_report
from services.sessions import session_view, skip, snooze
from services.understanding import AS_WRITTEN, EDIT, Answered, QuestionGone, answer_question

CLOSED = N_("That session is closed. /log starts a new one.")
NOT_YOURS = N_("That button has expired or isn't yours.")
OLD_EDIT = N_("You edited an older message; I left everything as it was. "
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
    await supersede(ctx.bot, ctx.keyboards, chat_id, Kind.CARD, sent.message_id,
                    view.session.id)
    return sent.message_id


async def on_text(update: Update, ctx: CoachContext) -> None:
    """A typed report: one service call, then everything it did."""
    user_id, message = _ids(update)
    svc, replied = ctx.services, message.reply_to_message
    outcome = await svc.units.run(log_report, svc.clock.now(), user_id,
                                  (message.text or "").strip(), message.message_id,
                                  None if replied is None else replied.message_id)
    await render(ctx, message.chat_id, outcome, message)


async def on_edit(update: Update, ctx: CoachContext) -> None:
    """An edited report replaces what the original message stored.

    An edit that reads as nothing keeps what was stored; an edit of a message that stored
    nothing and predates the open session (or with none open) changes nothing either.
    """
    user_id, message = _ids(update)
    svc = ctx.services
    edited = await svc.units.run(edit_report, svc.clock.now(), user_id, message.message_id,
                                 message.text or "")
    if edited.outcome is not None:
        await render(ctx, message.chat_id, edited.outcome, message, go_on=False)
    elif message.reply_to_message is None and _predates(message, edited):
        await _note_old_edit(ctx, message)
    else:
        await on_text(update, ctx)


def _predates(message: Message, edited: Edited) -> bool:
    """Sent before the open session's card (message ids grow within a chat), or none open."""
    card = edited.open_card
    return not edited.session_open or (card is not None and message.message_id < card)


async def _note_old_edit(ctx: CoachContext, message: Message) -> None:
    """Say it once per edited message; further edits of it pass quietly."""
    data = ctx.user_data if ctx.user_data is not None else {}
    if data.get(OLD_EDIT_KEY) == message.message_id:
        return
    data[OLD_EDIT_KEY] = message.message_id
    await message.reply_text(_(OLD_EDIT))


async def on_card_button(update: Update, ctx: CoachContext) -> None:
    """Reminder buttons: 'rm:log|snz|skp|det:<session id>'."""
    query = update.callback_query
    assert query is not None
    try:
        action, session_id = _split(query, (3,))[1:3]
        await _card_action(update, ctx, query, action, int(session_id))
    except NotYours:
        await query.answer(_(NOT_YOURS))
    except SessionClosed:
        await query.answer(_(CLOSED))


async def _card_action(update: Update, ctx: CoachContext, query: CallbackQuery, action: str,
                       session_id: int) -> None:
    act = _CARD_ACTIONS.get(action)
    if act is None:
        await query.answer(_("I don't know that button."))
        return
    await act(ctx, query, _chat_id(update), session_id)


async def _log(ctx: CoachContext, query: CallbackQuery, chat_id: int, session_id: int) -> None:
    """"Log my sets": the next exercise's question (or the wrap-up)."""
    svc = ctx.services
    outcome = await svc.units.run(go_on, svc.clock.now(), query.from_user.id, session_id)
    await query.answer()
    await render_next(ctx, chat_id, outcome)


async def _snooze(ctx: CoachContext, query: CallbackQuery, chat_id: int,
                  session_id: int) -> None:
    svc = ctx.services
    snoozed = await svc.units.run(snooze, svc.clock.now(), query.from_user.id, session_id,
                                  svc.settings.snooze)
    await query.answer(_("Snoozed"))
    await ctx.bot.send_message(
        chat_id, _("Snoozed. I'll remind you {when}.").format(
            when=when_label(snoozed.due_at, snoozed.tz)))


async def _skip(ctx: CoachContext, query: CallbackQuery, chat_id: int, session_id: int) -> None:
    svc, user_id = ctx.services, query.from_user.id
    await svc.units.run(skip, svc.clock.now(), user_id, session_id, svc.offset)
    await query.answer(_("Skipped"))
    await set_buttons(query, None)  # the skipped session's buttons are done
    ctx.keyboards.closed(chat_id, Kind.CARD, session_id)
    await session_closed(ctx.bot, ctx.keyboards, chat_id, session_id)  # its step question
    overview = await svc.units.run(plan_overview, svc.clock.now(), user_id, svc.offset)
    await ctx.bot.send_message(chat_id, _("Skipped. Rest well, see you next session.") + "\n"
                               + next_text(overview))


async def _details(ctx: CoachContext, query: CallbackQuery, chat_id: int,
                   session_id: int) -> None:
    """"Details": cues, last time and today's reasons, once, under the card."""
    view = await ctx.services.units.read(session_view, query.from_user.id, session_id)
    await query.answer()
    await set_buttons(query, ui.card_keyboard(session_id, details=False))
    await ctx.bot.send_message(chat_id, ui.details_text(view))


_CARD_ACTIONS = {"log": _log, "snz": _snooze, "skp": _skip, "det": _details}


async def on_step_button(update: Update, ctx: CoachContext) -> None:
    """Step-by-step buttons: 'lg:as|sk:<session id>:<exercise index>' and 'lg:fin:<id>'."""
    query = update.callback_query
    assert query is not None
    try:
        await _step_action(update, ctx, query, _split(query, (3, 4)))
    except NotYours:
        await query.answer(_(NOT_YOURS))
    except SessionClosed:
        await query.answer(_(CLOSED))


async def _step_action(update: Update, ctx: CoachContext, query: CallbackQuery,
                       parts: list[str]) -> None:
    user_id, svc = query.from_user.id, ctx.services
    action, session_id = parts[1], int(parts[2])
    index = int(parts[3]) if len(parts) == 4 else -1
    if action not in ("as", "sk", "fin") or (action != "fin"
                                             and not 0 <= index < len(EXERCISE_IDS)):
        await query.answer(_("I don't know that button."))
        return
    kind = ReportKind.AS_PLANNED if action == "as" else ReportKind.SKIPPED
    lines = [] if action == "fin" else [
        ReportLine(EXERCISE_IDS[index], SetsReport(kind), query.data or "")]
    outcome = await svc.units.run(log_lines, svc.clock.now(), user_id, session_id, lines,
                                  None, finish=action == "fin")
    await query.answer() if action == "fin" else await query.answer(_("Saved"))
    if action != "fin":
        await set_buttons(query, None)
        ctx.keyboards.replace(_chat_id(update), Kind.STEP, None)  # already bare
    await render(ctx, _chat_id(update), outcome)


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
    """'uq:<question id>:<doubt>:<choice>|a|e' (and 'uq:<id>:<choice>' of older messages):
    store what the tapped reading says, or ask again."""
    query = update.callback_query
    assert query is not None
    tap = _tap(query.data or "")
    if tap is None:
        await query.answer(_(GONE))
        return
    answered = await _answer_tap(ctx, query, tap)
    if isinstance(answered, str):
        await query.answer(answered)
        return
    left = answered.asked.doubts
    await set_buttons(query, question_keyboard(tap[0], left, numbered=True) if left else None)
    await _answered(ctx, query, _chat_id(update), answered.outcome)


async def _answer_tap(ctx: CoachContext, query: CallbackQuery,
                      tap: tuple[int, int, int]) -> Answered | str:
    """The tapped reading stored, or the toast saying why not (a closed session's question
    loses its buttons)."""
    svc = ctx.services
    try:
        return await svc.units.run(answer_question, svc.clock.now(), query.from_user.id,
                                   *tap)
    except QuestionGone:
        return _(GONE)
    except (NotYours, SessionClosed):
        await set_buttons(query, None)
        return _(CLOSED)


def _tap(data: str) -> tuple[int, int, int] | None:
    """(question id, choice, doubt) of a question's button; None if malformed."""
    parts = data.split(":")
    if len(parts) == 3 and parts[2] in ("a", "e") and _is_id(parts[1]):
        return int(parts[1]), AS_WRITTEN if parts[2] == "a" else EDIT, 0
    if len(parts) not in (3, 4) or not all(_is_id(p) for p in parts[1:]):
        return None
    ids = [int(p) for p in parts[1:]]
    return (ids[0], ids[1], 0) if len(ids) == 2 else (ids[0], ids[2], ids[1])


async def _answered(ctx: CoachContext, query: CallbackQuery, chat_id: int,
                    outcome: ReportOutcome | None) -> None:
    if outcome is None:
        await query.answer()
        await ctx.bot.send_message(chat_id, _(EDIT_AGAIN))
        return
    await query.answer(_("Saved") if outcome.stored else None)
    await render(ctx, chat_id, outcome)

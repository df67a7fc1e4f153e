"""Effort after a session: the optional "how did it feel?" row under the wrap-up, and the
one line that answers a tap. Buttons: 'ef:<session id>:<e|r|h|t>' (coach.effort.CODES)."""

from telegram import InlineKeyboardMarkup, Update

from bot.context import CoachContext
from bot.format import target_text
from bot.guards import set_buttons
from bot.keyboards_flat import Callbacks, button
from coach.effort import CODES, Effort
from i18n import N_, _
from services.effort import Rated, rate

ASK = N_("How did it feel? One tap, if you like — it steers your next targets.")
LABELS = {Effort.EASY: N_("Easy (3+ reps left)"), Effort.RIGHT: N_("Just right (1–2 left)"),
          Effort.HARD: N_("Hard (1 left, just)"), Effort.TOO_HARD: N_("Too hard (none left)")}
SAID = {Effort.EASY: N_("easy"), Effort.RIGHT: N_("just right"), Effort.HARD: N_("hard"),
        Effort.TOO_HARD: N_("too hard")}  # the stored value, in the runner's words
GONE = N_("That session is behind us — nothing changed.")


def effort_keyboard(session_id: int) -> InlineKeyboardMarkup:
    """Easy · just right · hard · too hard, two to a row."""
    code = {effort: c for c, effort in CODES.items()}
    buttons = [button(_(label), callback_data=f"ef:{session_id}:{code[effort]}")
               for effort, label in LABELS.items()]
    return Callbacks([buttons[:2], buttons[2:]])


def rated_text(rated: Rated) -> str:
    """'Noted: too hard. Next time: Goblet squat 3×8 @ 12 kg.' in one line."""
    effort = _(SAID[rated.effort]) if rated.effort in SAID else str(rated.effort)
    if not rated.changes:
        return _("Noted: {effort}. Your next targets stand.").format(effort=effort)
    moved = "; ".join(f"{c.exercise.name} "
                      f"{target_text(c.exercise, c.decision.target, rated.unit)}"
                      for c in rated.changes)
    return _("Noted: {effort}. Next time: {moved}.").format(effort=effort, moved=moved)


async def on_button(update: Update, ctx: CoachContext) -> None:
    """ef:SESSION:CODE — store how the session felt; the row goes, one line answers."""
    query = update.callback_query
    assert query is not None
    _tag, session, code = [*(query.data or "").split(":"), "", "", ""][:3]
    if not session.isdigit() or code not in CODES:
        await query.answer(_(GONE))
        return
    async with ctx.services.units() as uow:
        rated = await rate(uow, ctx.services.clock.now(), query.from_user.id, int(session),
                           CODES[code])
    await query.answer(None if rated.effort else _(GONE))
    if rated.effort is not None and query.message is not None:
        await set_buttons(query, None)
        await query.get_bot().send_message(query.message.chat.id, rated_text(rated))

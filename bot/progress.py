"""/progress: a chart per exercise (buttons switch it) with what changed this month.

"In words" gives the old text summary: each exercise's target now, first and latest
result, and a left/right gap when it persists.
"""

import asyncio

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Update,
)
from telegram.error import BadRequest

from bot.charts import render
from bot.commands import NOT_SET_UP, set_up_first
from bot.context import CoachContext
from bot.format import day_label, local, report_text, target_text
from bot.progress_text import caption, leg_text
from coach.exercises import EXERCISE_IDS
from coach.history import series
from coach.legs import LegNote, leg_notes
from coach.timezones import zone_or_default
from coach.views import Entry, ExerciseProgress, Progress
from i18n import N_, _, ngettext
from services.plan import NotOnboarded
from services.progress import ProgressData, progress_data
from services.sessions import session_progress

NOTHING_YET = N_(
    "Nothing logged yet. After your next session, reply with your reps and I'll keep score."
)
SHORT = (N_("SL deadlift"), N_("Goblet"), N_("Lunge"), N_("Calf"), N_("Step-up"))
WORDS = "txt"


def progress_text(progress: Progress, notes: tuple[LegNote, ...] = ()) -> str:
    """The whole /progress answer in words: one short block per exercise."""
    if not any(item.times for item in progress.items):
        return _(NOTHING_YET)
    done = progress.sessions_done
    by_exercise = {note.exercise_id: note for note in notes}
    lines = [ngettext("Your progress · {n} session done", "Your progress · {n} sessions done",
                      done).format(n=done)]
    for item in progress.items:
        lines += _exercise_lines(item, zone_or_default(progress.profile.tz),
                                 by_exercise.get(item.exercise.id), progress.profile.unit)
    return "\n".join(lines)


def _exercise_lines(item: ExerciseProgress, tz: str, note: LegNote | None,
                    unit: str) -> list[str]:
    lines = ["• " + _("{exercise}: now {target}").format(
        exercise=item.exercise.name, target=target_text(item.exercise, item.target, unit))]
    if item.first is None or item.latest is None:
        return [*lines, "  " + _("not logged yet")]
    if item.times == 1:
        lines.append("  " + _("logged once: {result}").format(
            result=_result(item.latest, tz, unit)))
    else:
        lines.append("  " + _("logged {n}×: {first} → {latest}").format(
            n=item.times, first=_result(item.first, tz, unit),
            latest=_result(item.latest, tz, unit)))
    if note is not None:
        lines.append(f"  {leg_text(note)}")
    return lines


def _result(entry: Entry, tz: str, unit: str) -> str:
    return f"{report_text(entry.report, unit)} ({day_label(local(entry.created_at, tz).date())})"


def charted(data: ProgressData) -> list[str]:
    """Exercises with something to draw, in session order."""
    logged = {done.exercise_id for done in data.history}
    return [exercise_id for exercise_id in EXERCISE_IDS if exercise_id in logged]


def chart_keyboard(shown: str, available: list[str]) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(("• " if exercise_id == shown else "") + _(SHORT[index]),
                                    callback_data=f"pg:{index}")
               for index, exercise_id in enumerate(EXERCISE_IDS) if exercise_id in available]
    rows = [buttons[:3], buttons[3:]] if len(buttons) > 3 else [buttons]
    return InlineKeyboardMarkup([*rows, [InlineKeyboardButton(_("In words"),
                                                              callback_data=f"pg:{WORDS}")]])


async def chart_png(data: ProgressData, exercise_id: str) -> bytes:
    """Render off the event loop: other runners are served meanwhile."""
    return await asyncio.to_thread(render, series(data.history, exercise_id, data.unit))


async def _data(ctx: CoachContext, user_id: int) -> ProgressData:
    return await ctx.services.units.run(progress_data, ctx.services.clock.now(), user_id)


@set_up_first
async def progress(update: Update, ctx: CoachContext) -> None:
    """Show the first logged exercise's chart, with buttons for the others."""
    user, message = update.effective_user, update.effective_message
    assert user is not None
    assert message is not None
    data = await _data(ctx, user.id)
    available = charted(data)
    if not available:
        await message.reply_text(_(NOTHING_YET))
        return
    shown = available[0]
    await message.reply_photo(await chart_png(data, shown), caption=caption(data, shown),
                              reply_markup=chart_keyboard(shown, available))


async def on_button(update: Update, ctx: CoachContext) -> None:
    """'pg:<n>' shows exercise n's chart in the same message; 'pg:txt' the summary in words."""
    query = update.callback_query
    assert query is not None
    choice = (query.data or "").removeprefix("pg:")
    if choice != WORDS and not (choice.isascii() and choice.isdigit()
                                and int(choice) < len(EXERCISE_IDS)):
        await query.answer(_("I don't know that button."))
        return
    try:
        data = await _data(ctx, query.from_user.id)
    except NotOnboarded:
        await query.answer(_(NOT_SET_UP))
        return
    await query.answer()
    await (_in_words(query, ctx, data) if choice == WORDS
           else _chart(query, ctx, data, EXERCISE_IDS[int(choice)]))


async def _in_words(query: CallbackQuery, ctx: CoachContext, data: ProgressData) -> None:
    assert query.message is not None
    summary = await ctx.services.units.run(session_progress, query.from_user.id)
    notes = tuple(leg_notes(data.history, EXERCISE_IDS))
    await ctx.bot.send_message(query.message.chat.id, progress_text(summary, notes))


async def _chart(query: CallbackQuery, ctx: CoachContext, data: ProgressData,
                 shown: str) -> None:
    """Exercise `shown`'s chart in place of the one on screen."""
    assert query.message is not None
    chat_id, available = query.message.chat.id, charted(data)
    if shown not in available:
        await ctx.bot.send_message(chat_id, _(NOTHING_YET))
        return
    png, text = await chart_png(data, shown), caption(data, shown)
    keyboard = chart_keyboard(shown, available)
    try:
        await query.edit_message_media(InputMediaPhoto(png, caption=text), reply_markup=keyboard)
    except BadRequest:  # an old or text message: send the chart anew
        await ctx.bot.send_photo(chat_id, png, caption=text, reply_markup=keyboard)

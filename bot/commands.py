"""Plain commands: /plan, /pause, /resume, /log, /undo, /load, /settings, /deleteme, /help."""

from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import onboarding
from bot import races as races_screen
from bot.context import CoachContext
from bot.format import clock, days_text, kg, paused_label, report_text
from bot.guards import set_buttons
from bot.onboarding import next_text, plan_text
from bot.session_handlers import send_card
from bot.session_log import retarget_lines
from coach.draft import Draft
from coach.exercises import by_id
from coach.plausible import MAX_PLAUSIBLE_KG
from coach.reports import match_exercise
from coach.units import UNITS, read_load
from services.plan import NotOnboarded
from services.sessions import SessionClosed

HELP = (
    "Here's what I understand:\n"
    "/plan — your week and the next reminder\n"
    "/log — start a session now\n"
    "/progress — charts of each exercise, records, left vs right\n"
    "/history — your last sessions, set by set\n"
    "/export — all your sets as a CSV file; /import to add one\n"
    "/undo — remove the last exercise you logged\n"
    "/load goblet 16 — set a target load (kg or lb: 16kg, 35lb)\n"
    "/pause 2 — pause reminders for 2 weeks; /resume to restart\n"
    "/settings — change days, run time, time zone, progression\n"
    "/race 2026-12-13 half — a race: I taper your sessions; /races to see or remove\n"
    "/privacy — what I store about you and why\n"
    "/deleteme — delete everything I store about you\n\n"
    "After a reminder, just reply with your reps, like “goblet 3x8 @ 12kg”."
)
NOT_SET_UP = "Let's set up your plan first: send /start."
DONE_TODAY = "Today's session is already in the log. Rest up."
NOTHING_TO_UNDO = ("Nothing to undo. Corrections work until your next session starts.")
MAX_PAUSE_WEEKS = 12
SETTINGS_STEPS = {"days": "hard", "cross": "cross", "time": "time", "tz": "tz", "all": "hard"}


def _message(update: Update) -> tuple[int, Message]:
    user, message = update.effective_user, update.effective_message
    assert user is not None
    assert message is not None
    return user.id, message


Command = Callable[[Update, CoachContext], Coroutine[Any, Any, None]]


def set_up_first(command: Command) -> Command:
    """Answer NOT_SET_UP when the command needs a plan the runner hasn't made yet."""

    @wraps(command)
    async def guarded(update: Update, ctx: CoachContext) -> None:
        try:
            await command(update, ctx)
        except NotOnboarded:
            await _message(update)[1].reply_text(NOT_SET_UP)

    return guarded


async def help_(update: Update, ctx: CoachContext) -> None:
    """List the commands."""
    await _message(update)[1].reply_text(HELP)


@set_up_first
async def plan(update: Update, ctx: CoachContext) -> None:
    """Show the coming week and the next reminder in local time."""
    user_id, message = _message(update)
    overview = await ctx.services.plans.overview(user_id, ctx.services.clock.now())
    await message.reply_text(plan_text(overview) + await races_screen.plan_lines(ctx, user_id))


@set_up_first
async def pause(update: Update, ctx: CoachContext) -> None:
    """Pause reminders for N weeks (default 1)."""
    user_id, message = _message(update)
    arg = (ctx.args or ["1"])[0]
    if not (arg.isascii() and arg.isdigit()) or not 1 <= int(arg) <= MAX_PAUSE_WEEKS:
        await message.reply_text(
            f"Pause for how many weeks? 1 to {MAX_PAUSE_WEEKS}, e.g. /pause 2")
        return
    overview = await ctx.services.plans.pause(user_id, int(arg), ctx.services.clock.now())
    profile = overview.profile
    assert profile.paused_until is not None
    assert profile.tz is not None
    until = paused_label(profile.paused_until, profile.tz)
    await message.reply_text(f"Paused until {until}. Rest up. /resume brings me back sooner.\n"
                             + next_text(overview))


@set_up_first
async def resume(update: Update, ctx: CoachContext) -> None:
    """Lift a pause."""
    user_id, message = _message(update)
    overview = await ctx.services.plans.resume(user_id, ctx.services.clock.now())
    await message.reply_text("Welcome back. " + plan_text(overview))


async def log_now(update: Update, ctx: CoachContext) -> None:
    """Start a session off schedule (or show the open one)."""
    user_id, message = _message(update)
    svc = ctx.services
    profile = await svc.plans.profile(user_id)
    if profile is None or not profile.onboarded:
        await message.reply_text(NOT_SET_UP)
        return
    await open_today(ctx, message, user_id, "Strength session")


async def open_today(ctx: CoachContext, message: Message, user_id: int, heading: str) -> bool:
    """Open a session now and send its card; False (and why) if today's is already done."""
    svc = ctx.services
    try:
        view = await svc.sessions.start_now(user_id, svc.clock.now())
    except SessionClosed:
        overview = await svc.plans.overview(user_id, svc.clock.now())
        await message.reply_text(f"{DONE_TODAY}\n{next_text(overview)}")
        return False
    message_id = await send_card(ctx, message.chat_id, view, heading)
    await svc.sessions.attach_message(user_id, view.session.id, message_id)
    return True


async def undo(update: Update, ctx: CoachContext) -> None:
    """Remove the newest logged exercise."""
    user_id, message = _message(update)
    undone = await ctx.services.sessions.undo(user_id, ctx.services.clock.now())
    if undone is None:
        await message.reply_text(NOTHING_TO_UNDO)
        return
    entry = undone.entry
    name = by_id(entry.exercise_id).name
    lines = [f"Removed {name}: {report_text(entry.report)}. Send it again if you like.",
             *retarget_lines(undone.retargeted)]
    await message.reply_text("\n".join(lines))


@set_up_first
async def load(update: Update, ctx: CoachContext) -> None:
    """/load <exercise> <load>: override a target load, in kg or lb ("35lb", "16 kg")."""
    user_id, message = _message(update)
    profile = await ctx.services.plans.profile(user_id)
    if profile is None or not profile.onboarded:
        await message.reply_text(NOT_SET_UP)
        return
    unit = profile.unit
    exercise_id, value = _exercise_and_load(ctx.args or [], unit)
    if exercise_id is None or value is None:
        await message.reply_text(f"Tell me the exercise and the load, e.g. /load goblet 16 "
                                 f"(in {unit}, or say 16kg / 35lb; 0 means body weight).")
        return
    name = by_id(exercise_id).name
    if value > MAX_PLAUSIBLE_KG:
        await message.reply_text(f"{kg(value, unit)} for the {name.lower()} looks like a typo "
                                 f"— did you mean {kg(value / 10, unit)}? Send /load again "
                                 "with the right number.")
        return
    target = await ctx.services.plans.set_load(user_id, exercise_id, value,
                                               ctx.services.clock.now())
    await message.reply_text(f"{name}: target load now {kg(target.load_kg, unit)}.")


def _exercise_and_load(args: list[str], unit: str) -> tuple[str | None, float | None]:
    """The exercise and the load in kg from '/load goblet 35lb' or '/load goblet 35 lb'."""
    for size in (2, 1):
        if len(args) > size and (value := read_load(" ".join(args[-size:]), unit)) is not None:
            return match_exercise(" ".join(args[:-size])), value
    return None, None


def settings_keyboard(auto: bool, unit: str = "kg") -> InlineKeyboardMarkup:
    toggle = "Auto progression: on (turn off)" if auto else "Auto progression: off (turn on)"
    other = "lb" if unit == "kg" else "kg"
    return InlineKeyboardMarkup([
        [InlineKeyboardButton("Hard days", callback_data="set:days"),
         InlineKeyboardButton("Cross-training days", callback_data="set:cross")],
        [InlineKeyboardButton("Run end time", callback_data="set:time"),
         InlineKeyboardButton("Time zone", callback_data="set:tz")],
        [InlineKeyboardButton("Redo everything", callback_data="set:all")],
        [InlineKeyboardButton(toggle, callback_data="set:auto")],
        [InlineKeyboardButton("Weekly review", callback_data="rv:menu")],
        [InlineKeyboardButton(f"Loads in {unit} (switch to {other})",
                              callback_data=f"set:{other}")],
    ])


async def settings(update: Update, ctx: CoachContext) -> None:
    """Show the current answers with buttons to change each."""
    user_id, message = _message(update)
    profile = await ctx.services.plans.profile(user_id)
    if profile is None or not profile.onboarded or profile.run_end is None:
        await message.reply_text(NOT_SET_UP)
        return
    cross = f"\nCross-training: {days_text(profile.cross_days)}" if profile.cross_days else ""
    text = (f"Hard days: {days_text(profile.hard_days)}{cross}\n"
            f"Sessions: {days_text(profile.session_days)}\n"
            f"Run ends: {clock(profile.run_end)}\nTime zone: {profile.tz}\n"
            f"Loads in: {profile.unit}\nWhat would you like to change?")
    await message.reply_text(text, reply_markup=settings_keyboard(profile.auto_progression,
                                                                  profile.unit))


async def on_settings_button(update: Update, ctx: CoachContext) -> None:
    """'set:days|time|tz|all|auto': start a single edit, or toggle progression."""
    query = update.callback_query
    assert query is not None
    assert query.message is not None
    profile = await ctx.services.plans.profile(query.from_user.id)
    if profile is None or not profile.onboarded:
        await query.answer(NOT_SET_UP)
        return
    choice = (query.data or "").removeprefix("set:")
    if choice not in SETTINGS_STEPS and choice not in ("auto", *UNITS):
        await query.answer("I don't know that button.")
        return
    await query.answer()
    if choice in UNITS:
        await ctx.services.understanding.set_unit(profile.user_id, choice)
        await set_buttons(query, settings_keyboard(profile.auto_progression, choice))
        await ctx.bot.send_message(query.message.chat.id, f"Loads in {choice} from now on.")
        return
    if choice == "auto":
        turned_on = not profile.auto_progression
        await ctx.services.plans.set_auto_progression(profile.user_id, turned_on)
        await set_buttons(query, settings_keyboard(turned_on, profile.unit))
        return
    draft = Draft(step=SETTINGS_STEPS[choice], hard=set(profile.hard_days),
                             cross=set(profile.cross_days), run_end=profile.run_end,
                             tz=profile.tz, single=choice != "all")
    await onboarding.ask(ctx, query.from_user.id, query.message.chat.id, draft, draft.step)


async def deleteme(update: Update, ctx: CoachContext) -> None:
    """Ask before deleting everything."""
    keyboard = InlineKeyboardMarkup([[
        InlineKeyboardButton("Delete everything", callback_data="del:yes"),
        InlineKeyboardButton("Keep my data", callback_data="del:no"),
    ]])
    await _message(update)[1].reply_text(
        "This deletes your plan and every set you logged. There's no way back. Sure?",
        reply_markup=keyboard)


async def on_delete_button(update: Update, ctx: CoachContext) -> None:
    """'del:yes' deletes the presser's own data; 'del:no' keeps it."""
    query = update.callback_query
    assert query is not None
    if query.data not in ("del:yes", "del:no"):
        await query.answer("I don't know that button.")
        return
    await query.answer()
    await set_buttons(query, None)
    if query.data != "del:yes":
        await ctx.bot.send_message(query.from_user.id, "Kept. Nothing was deleted.")
        return
    await ctx.services.plans.delete_user(query.from_user.id)
    if ctx.user_data is not None:
        ctx.user_data.clear()
    await ctx.bot.send_message(
        query.from_user.id, "Done: everything I stored about you is gone. /start to begin again.")

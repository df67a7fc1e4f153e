"""Plain commands: /plan, /pause, /resume, /log, /undo, /load, /settings, /deleteme, /help."""

from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot import races as races_screen
from bot.context import CoachContext
from bot.format import clock, days_text, kg, paused_label, report_text
from bot.guards import set_buttons
from bot.onboarding import next_text, plan_text, question
from bot.session_handlers import send_card
from bot.session_log import retarget_lines
from coach.exercises import by_id
from coach.steps import Ask
from coach.views import Profile
from i18n import N_, _
from services import plan as plans
from services import sessions
from services import settings as account
from services.plan import NotOnboarded, PlanOverview
from services.sessions import NotYours, SessionClosed
from services.settings import (
    MAX_PAUSE_WEEKS,
    LoadImplausible,
    LoadSet,
    LoadUnclear,
    Switched,
)

HELP = N_(
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
    "/equipment — what you train with: body weight, your weights, a gym\n"
    "/race 2026-12-13 half — a race: I taper your sessions; /races to see or remove\n"
    "/strava — connect Strava: a hard run brings that day's session\n"
    "/privacy — what I store about you and why\n"
    "/deleteme — delete everything I store about you\n"
    "/language — the language I speak: English, Русский\n\n"
    "After a reminder, just reply with your reps, like “goblet 3x8 @ 12kg”."
)
NOT_SET_UP = N_("Let's set up your plan first: send /start.")
DONE_TODAY = N_("Today's session is already in the log. Rest up.")
NOTHING_TO_UNDO = N_("Nothing to undo. Corrections work until your next session starts.")
UNITS = (N_("kg"), N_("lb"))  # the units' names, translated where shown: _(unit)
PAUSE_HOW_LONG = N_("Pause for how many weeks? 1 to {most}, e.g. /pause 2")


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
            await _message(update)[1].reply_text(_(NOT_SET_UP))

    return guarded


async def help_(update: Update, ctx: CoachContext) -> None:
    """List the commands."""
    await _message(update)[1].reply_text(_(HELP))


async def _overview(ctx: CoachContext, user_id: int) -> PlanOverview:
    svc = ctx.services
    return await svc.units.run(plans.plan_overview, svc.clock.now(), user_id, svc.offset)


@set_up_first
async def plan(update: Update, ctx: CoachContext) -> None:
    """Show the coming week and the next reminder in local time."""
    user_id, message = _message(update)
    text = plan_text(await _overview(ctx, user_id))
    await message.reply_text(text + await races_screen.plan_lines(ctx, user_id))


@set_up_first
async def pause(update: Update, ctx: CoachContext) -> None:
    """Pause reminders for N weeks (default 1)."""
    user_id, message = _message(update)
    arg = (ctx.args or ["1"])[0]
    weeks = int(arg) if arg.isascii() and arg.isdigit() and len(arg) < 4 else 0
    svc = ctx.services
    overview = await svc.units.run(account.pause_weeks, svc.clock.now(), user_id, weeks,
                                   svc.offset)
    await message.reply_text(_(PAUSE_HOW_LONG).format(most=MAX_PAUSE_WEEKS) if overview is None
                             else paused_text(overview))


def paused_text(overview: PlanOverview) -> str:
    profile = overview.profile
    assert profile.paused_until is not None
    assert profile.tz is not None
    until = paused_label(profile.paused_until, profile.tz)
    return (_("Paused until {day}. Rest up. /resume brings me back sooner.").format(day=until)
            + "\n" + next_text(overview))


@set_up_first
async def resume(update: Update, ctx: CoachContext) -> None:
    """Lift a pause."""
    user_id, message = _message(update)
    svc = ctx.services
    overview = await svc.units.run(plans.resume, svc.clock.now(), user_id, svc.offset)
    await message.reply_text(_("Welcome back. {plan}").format(plan=plan_text(overview)))


async def log_now(update: Update, ctx: CoachContext) -> None:
    """Start a session off schedule (or show the open one)."""
    user_id, message = _message(update)
    await open_today(ctx, message, user_id, _("Strength session"))


async def open_today(ctx: CoachContext, message: Message, user_id: int, heading: str) -> bool:
    """Open a session now and send its card; False (and why) if today's is already done
    or there is no plan yet."""
    svc = ctx.services
    try:
        view = await svc.units.run(sessions.start_now, svc.clock.now(), user_id, svc.offset)
    except NotYours:  # no plan, so no zone to say what "today" is
        await message.reply_text(_(NOT_SET_UP))
        return False
    except SessionClosed:
        overview = await _overview(ctx, user_id)
        await message.reply_text(f"{_(DONE_TODAY)}\n{next_text(overview)}")
        return False
    message_id = await send_card(ctx, message.chat_id, view, heading)
    await svc.units.run(sessions.attach_message, user_id, view.session.id, message_id)
    return True


async def undo(update: Update, ctx: CoachContext) -> None:
    """Remove the newest logged exercise."""
    user_id, message = _message(update)
    undone = await ctx.services.units.run(sessions.undo, ctx.services.clock.now(), user_id)
    if undone is None:
        await message.reply_text(_(NOTHING_TO_UNDO))
        return
    entry = undone.entry
    name = by_id(entry.exercise_id).name
    lines = [_("Removed {name}: {report}. Send it again if you like.").format(
        name=_(name), report=report_text(entry.report, undone.unit)),
        *retarget_lines(undone.retargeted, undone.unit)]
    await message.reply_text("\n".join(lines))


@set_up_first
async def load(update: Update, ctx: CoachContext) -> None:
    """/load <exercise> <load>: override a target load, in kg or lb ("35lb", "16 kg")."""
    user_id, message = _message(update)
    svc = ctx.services
    outcome = await svc.units.run(account.set_load_text, svc.clock.now(), user_id, ctx.args or [])
    await message.reply_text(load_text(outcome))


def load_text(outcome: LoadSet | LoadUnclear | LoadImplausible) -> str:
    unit = outcome.unit
    if isinstance(outcome, LoadUnclear):
        return _("Tell me the exercise and the load, e.g. /load goblet 16 "
                 "(in {unit}, or say 16kg / 35lb; 0 means body weight).").format(unit=_(unit))
    if isinstance(outcome, LoadImplausible):
        value = outcome.load_kg
        return _("{load} for the {exercise} looks like a typo — did you mean {guess}? Send "
                 "/load again with the right number.").format(
            load=kg(value, unit), exercise=_(outcome.name).lower(), guess=kg(value / 10, unit))
    return _("{exercise}: target load now {load}.").format(
        exercise=_(outcome.name), load=kg(outcome.target.load_kg, unit))


def settings_keyboard(auto: bool, unit: str = "kg",
                      long_runs_hard: bool | None = None) -> InlineKeyboardMarkup:
    """The /settings buttons; the long-runs switch only with Strava connected."""
    toggle = _("Auto progression: on (turn off)") if auto else _("Auto progression: off "
                                                                  "(turn on)")
    other = "lb" if unit == "kg" else "kg"
    strava = [] if long_runs_hard is None else [[InlineKeyboardButton(
        _("Long runs count as hard: yes (turn off)") if long_runs_hard
        else _("Long runs count as hard: no (turn on)"),
        callback_data="set:long")]]
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(_("Hard days"), callback_data="set:days"),
         InlineKeyboardButton(_("Cross-training days"), callback_data="set:cross")],
        [InlineKeyboardButton(_("Run end time"), callback_data="set:time"),
         InlineKeyboardButton(_("Time zone"), callback_data="set:tz")],
        [InlineKeyboardButton(_("Redo everything"), callback_data="set:all")],
        [InlineKeyboardButton(toggle, callback_data="set:auto")],
        [InlineKeyboardButton(_("Weekly review"), callback_data="rv:menu"),
         InlineKeyboardButton(_("Equipment"), callback_data="eq:menu")],
        [InlineKeyboardButton(_("Loads in {unit} (switch to {other})").format(
            unit=_(unit), other=_(other)),
                              callback_data=f"set:{other}")],
        *strava,
    ])


@set_up_first
async def settings(update: Update, ctx: CoachContext) -> None:
    """Show the current answers with buttons to change each."""
    user_id, message = _message(update)
    screen = await ctx.services.units.read(account.settings_screen, user_id)
    profile = screen.profile
    await message.reply_text(settings_text(profile),
                             reply_markup=settings_keyboard(profile.auto_progression,
                                                            profile.unit, screen.long_runs_hard))


def settings_text(profile: Profile) -> str:
    assert profile.run_end is not None
    cross = _("\nCross-training: {days}").format(days=days_text(profile.cross_days)) \
        if profile.cross_days else ""
    return _("Hard days: {hard}{cross}\nSessions: {sessions}\nRun ends: {time}\n"
             "Time zone: {zone}\nLoads in: {unit}\nWhat would you like to change?").format(
        hard=days_text(profile.hard_days), cross=cross, sessions=days_text(profile.session_days),
        time=clock(profile.run_end), zone=profile.tz, unit=_(profile.unit))


async def on_settings_button(update: Update, ctx: CoachContext) -> None:
    """'set:days|cross|time|tz|all|auto|kg|lb|long': ask one question again, or switch."""
    query = update.callback_query
    assert query is not None
    outcome: Switched | Ask | str | None
    try:
        outcome = await ctx.services.units.run(
            account.change_setting, ctx.services.clock.now(), query.from_user.id,
            (query.data or "").removeprefix("set:"))
    except NotOnboarded:
        outcome = _(NOT_SET_UP)
    await query.answer(outcome if isinstance(outcome, str) else
                       _("I don't know that button.") if outcome is None else None)
    await show_setting(query, ctx, outcome)


async def show_setting(query: CallbackQuery, ctx: CoachContext,
                       outcome: Switched | Ask | str | None) -> None:
    """The switch flipped in place (and a word for kg/lb), or the question asked again."""
    if isinstance(outcome, Ask):
        text, markup = question(outcome)
        await ctx.bot.send_message(query.from_user.id, text, reply_markup=markup)
    elif isinstance(outcome, Switched):
        profile = outcome.profile
        await set_buttons(query, settings_keyboard(profile.auto_progression, profile.unit,
                                                   outcome.long_runs_hard))
        if outcome.unit_changed:
            await ctx.bot.send_message(query.from_user.id,
                                       _("Loads in {unit} from now on.").format(
                                           unit=_(profile.unit)))

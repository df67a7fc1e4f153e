"""Onboarding and /settings: hard days, cross-training days, run end time, time zone."""

from functools import cache
from zoneinfo import available_timezones

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)

from bot.context import CoachContext
from bot.format import DAY_NAMES, clock, days_text, local, paused_label, session_when
from bot.guards import set_buttons
from coach.draft import Draft
from coach.plan import NotEnoughDays, choose_session_days, has_back_to_back
from coach.times import TimeNotUnderstood, parse_time_of_day
from coach.timezones import COMMON_ZONES, ZoneNotFound
from coach.timezones import zone_from_location as zone_at
from services.plan import PlanOverview

GREETING = (
    "Hi, I'm your strength coach.\n\n"
    "Running builds endurance; strength puts more force into every stride, keeps tendons "
    "springy and keeps the usual running injuries away.\n\n"
    "The plan: 2–3 short sessions a week (about 30 minutes), right after your hard runs, "
    "so easy days stay easy. I remind you, you tell me your reps, I adjust the next session."
)
ASK_HARD = "Which days do you run hard (intervals, tempo, long run)? Tap them, then Done."
ASK_CROSS = (
    "Any cross-training days (bike, swim, rowing)? A session fits there too. "
    "Tap them, then Done."
)
NEED_TWO = "I need at least two days for two sessions a week. Pick one more day."
ASK_TIME = "When does your hard run usually end? Tap a time or type one, like 18:30."
BAD_TIME = "I couldn't read “{text}” as a time. Try something like 18:30 or 6:30pm."
ASK_TZ = (
    "Last one: your time zone, so reminders come at your local time. Share your location, "
    "tap a zone, or type a city or zone name like Europe/Berlin."
)
BAD_TZ = "I don't know the zone “{text}”. Try a zone name like America/New_York or a city."
AMBIGUOUS_TZ = "“{text}” could be {options}. Please type the full zone name."
MANY_TZ = "“{text}” has several time zones. Type your city, like Chicago, or share your location."
OFFSET_TZ = (
    "“{text}” is a fixed offset, but most places shift it for daylight saving. "
    "Type your city instead, like Berlin, or share your location."
)
BACK_TO_BACK = ("{days} are back to back, so your strength sessions would be too, with no "
                "day to recover. A cross-training day (bike, swim) spreads them out.")
BACK_TO_BACK_KEPT = ("Heads-up: {days} are back to back. Keep the second session light, or "
                     "add a cross-training day in /settings to spread them.")
MAX_ZONE_OPTIONS = 4
SHARE_LOCATION = "📍 Share my location"
QUESTIONS = {"hard": ASK_HARD, "cross": ASK_CROSS, "time": ASK_TIME, "tz": ASK_TZ}
TIME_CHOICES = ("06:30", "07:30", "12:30", "17:30", "18:30", "19:30")
DAY_VALUES = frozenset("0123456")


async def draft_of(ctx: CoachContext, user_id: int) -> Draft | None:
    """The user's onboarding draft, if onboarding is under way and not abandoned."""
    return await ctx.services.plans.draft(user_id, ctx.services.clock.now())


async def keep(ctx: CoachContext, user_id: int, draft: Draft) -> None:
    """Store the answers so far, so a restart of the bot loses none of them."""
    await ctx.services.plans.keep_draft(user_id, draft)


def days_keyboard(kind: str, chosen: set[int]) -> InlineKeyboardMarkup:
    """Seven day toggles (✅ on the chosen ones) and Done."""
    buttons = [InlineKeyboardButton(f"{'✅ ' if d in chosen else ''}{DAY_NAMES[d]}",
                                    callback_data=f"ob:{kind}:{d}") for d in range(7)]
    done = InlineKeyboardButton("Done", callback_data=f"ob:{kind}:done")
    return InlineKeyboardMarkup([buttons[0:4], buttons[4:7], [done]])


def time_keyboard() -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(t, callback_data=f"ob:t:{t.replace(':', '')}")
               for t in TIME_CHOICES]
    return InlineKeyboardMarkup([buttons[0:3], buttons[3:6]])


def zone_keyboard() -> ReplyKeyboardMarkup:
    zones = [KeyboardButton(z) for z in COMMON_ZONES]
    rows = [[KeyboardButton(SHARE_LOCATION, request_location=True)]]
    rows += [zones[i:i + 2] for i in range(0, len(zones), 2)]
    return ReplyKeyboardMarkup(rows, one_time_keyboard=True, resize_keyboard=True)


def summary_text(overview: PlanOverview) -> str:
    """'All set ✅ Sessions: Tue and Thu after your run ... Next: Tue 1 Dec at 19:15.'"""
    profile = overview.profile
    assert profile.run_end is not None
    assert profile.tz is not None
    lines = [f"All set ✅\nSessions: {days_text(profile.session_days)}, after your run."]
    if overview.week:
        slot = overview.week[0]
        reminder = local(slot.due_utc, profile.tz)
        late = " (just after midnight, for the day of your run)" if (
            reminder.date() != slot.session_date) else ""
        lines.append(f"Reminder at {reminder:%H:%M}{late} ({profile.tz}).")
    if has_back_to_back(profile.session_days):
        lines.append(BACK_TO_BACK_KEPT.format(days=days_text(profile.session_days)))
    lines.append(next_text(overview))
    lines.append("/plan shows your week, /settings changes it.")
    return "\n".join(lines)


def next_text(overview: PlanOverview) -> str:
    """'Next: Thu 3 Dec at 19:15.' — what every change of the plan answers with."""
    profile, planned = overview.profile, overview.next_due
    assert profile.tz is not None
    if not profile.active:
        return "No reminders while the chat is blocked; /start brings them back."
    if planned is None:
        return "No reminder planned."
    return f"Next: {session_when(planned.session_date, planned.due_at, profile.tz)}."


def plan_text(overview: PlanOverview) -> str:
    profile = overview.profile
    assert profile.tz is not None
    lines = [f"Your week ({profile.tz}):"]
    lines += [f"• {session_when(slot.session_date, slot.due_utc, profile.tz)}"
              for slot in overview.week]
    if profile.paused_until is not None:
        lines.append(f"Paused until {paused_label(profile.paused_until, profile.tz)}. "
                     "/resume restarts.")
    if overview.next_due is not None:
        when = session_when(overview.next_due.session_date, overview.next_due.due_at,
                            profile.tz)
        lines.append(f"Next reminder: {when}.")
    return "\n".join(lines)


async def start(update: Update, ctx: CoachContext) -> None:
    """Greet a newcomer and ask for hard days; remind a known runner of the plan."""
    user, message = update.effective_user, update.effective_message
    assert user is not None
    assert message is not None
    svc = ctx.services
    profile = await svc.plans.register(user.id, message.chat_id, svc.clock.now())
    if profile.onboarded:
        overview = await svc.plans.overview(user.id, svc.clock.now())
        await message.reply_text("Welcome back!\n" + plan_text(overview))
        return
    await message.reply_text(GREETING)
    await ask(ctx, user.id, message.chat_id, Draft(), "hard")


def _keyboard(draft: Draft) -> InlineKeyboardMarkup | ReplyKeyboardMarkup:
    if draft.step == "hard":
        return days_keyboard("h", draft.hard)
    if draft.step == "cross":
        return days_keyboard("c", draft.cross)
    return time_keyboard() if draft.step == "time" else zone_keyboard()


async def ask(ctx: CoachContext, user_id: int, chat_id: int, draft: Draft, step: str,
              text: str | None = None) -> None:
    """Store the draft at `step`, then ask that question (`text` replaces its usual words).

    Stored first, so whatever the runner sees is what a restarted bot remembers.
    """
    draft.step = step
    draft.asked_at = ctx.services.clock.now()
    await keep(ctx, user_id, draft)
    await ctx.bot.send_message(chat_id, text or QUESTIONS[step], reply_markup=_keyboard(draft))


async def on_button(update: Update, ctx: CoachContext) -> None:
    """Day toggles, Done, and time buttons (callback data 'ob:<kind>:<value>')."""
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    user_id = query.from_user.id
    draft = await draft_of(ctx, user_id)
    _, kind, value = ([*query.data.split(":"), "", ""])[:3]
    if draft is None:
        await query.answer("That question is closed. /settings changes your plan.")
        return
    if kind in ("h", "c") and value in DAY_VALUES:
        await query.answer()
        days = draft.hard if kind == "h" else draft.cross
        days.symmetric_difference_update({int(value)})
        await keep(ctx, user_id, draft)
        await set_buttons(query, days_keyboard(kind, days))
    elif kind in ("h", "c") and value == "done":
        await query.answer()
        await _days_done(update, ctx, draft, kind)
    elif kind == "t" and len(value) == 4 and value.isascii() and value.isdigit():
        await query.answer()
        await _set_time(update, ctx, draft, f"{value[:2]}:{value[2:]}")
    elif kind == "z" and value in _zones() and draft.step == "tz":
        await query.answer()
        await set_buttons(query, None)
        await _set_zone(update, ctx, draft, value)
    else:
        await query.answer("I don't know that button.")


async def _days_done(update: Update, ctx: CoachContext, draft: Draft, kind: str) -> None:
    if kind == "h" and len(draft.hard) < 2 and not draft.single:
        draft.cross -= draft.hard
        await _ask(update, ctx, draft, "cross")
        return
    if kind == "h" and not draft.single and not draft.cross and _forced_back_to_back(draft):
        note = BACK_TO_BACK.format(days=days_text(sorted(draft.hard)))
        await _ask(update, ctx, draft, "cross", f"{note}\n\n{ASK_CROSS}")
        return
    if len(draft.hard | draft.cross) < 2:
        await _ask(update, ctx, draft, "cross", NEED_TWO)
        return
    await _advance(update, ctx, draft, "time")


def _forced_back_to_back(draft: Draft) -> bool:
    """The hard days alone would put two sessions on consecutive days."""
    return len(draft.hard) >= 2 and has_back_to_back(choose_session_days(frozenset(draft.hard)))


async def _set_time(update: Update, ctx: CoachContext, draft: Draft, text: str) -> None:
    try:
        draft.run_end = parse_time_of_day(text)
    except TimeNotUnderstood:
        await ctx.bot.send_message(_chat(update), BAD_TIME.format(text=text[:40]),
                                   reply_markup=time_keyboard())
        return
    await _advance(update, ctx, draft, "tz", f"Run ends around {clock(draft.run_end)}. Noted.")


async def set_time(update: Update, ctx: CoachContext, draft: Draft, text: str) -> None:
    """Take a clock time ("18:30") as the run's end and go on."""
    await _set_time(update, ctx, draft, text)


async def set_zone(update: Update, ctx: CoachContext, draft: Draft, zone: str) -> None:
    """Take a zone and go on (or save)."""
    await _set_zone(update, ctx, draft, zone)


async def _set_zone(update: Update, ctx: CoachContext, draft: Draft, zone: str) -> None:
    draft.tz = zone
    await _advance(update, ctx, draft, "save")


async def _ask(update: Update, ctx: CoachContext, draft: Draft, step: str,
               text: str | None = None) -> None:
    user = update.effective_user
    assert user is not None
    await ask(ctx, user.id, _chat(update), draft, step, text)


async def _advance(update: Update, ctx: CoachContext, draft: Draft, step: str,
                   note: str = "") -> None:
    """Ask the next question; a single edit from /settings, or the last answer, saves.

    `note` (a short confirmation of the answer) goes in front of what is said next.
    """
    if draft.single or step == "save":
        await _save(update, ctx, draft, note)
        return
    await _ask(update, ctx, draft, step, "\n\n".join(filter(None, (note, QUESTIONS[step]))))


async def _save(update: Update, ctx: CoachContext, draft: Draft, note: str = "") -> None:
    user = update.effective_user
    assert user is not None
    if draft.run_end is None or draft.tz is None:
        await _ask(update, ctx, draft, "time" if draft.run_end is None else "tz")
        return
    svc = ctx.services
    try:
        overview = await svc.plans.save_plan(user.id, _chat(update), frozenset(draft.hard),
                                             frozenset(draft.cross), draft.run_end, draft.tz,
                                             svc.clock.now())
    except NotEnoughDays:
        await _ask(update, ctx, draft, "cross", NEED_TWO)
        return
    summary = "\n\n".join(filter(None, (note, summary_text(overview))))
    await ctx.bot.send_message(_chat(update), summary, reply_markup=ReplyKeyboardRemove())


async def on_location(update: Update, ctx: CoachContext) -> None:
    """A shared location answers the time zone question."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert message.location is not None
    assert user is not None
    draft = await draft_of(ctx, user.id)
    if draft is None or draft.step != "tz":
        await message.reply_text("Thanks, but I only use a location to find your time zone.")
        return
    try:
        zone = zone_at(message.location.latitude, message.location.longitude)
    except ZoneNotFound:
        await message.reply_text(BAD_TZ.format(text="there"), reply_markup=zone_keyboard())
        return
    await _set_zone(update, ctx, draft, zone)


@cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _chat(update: Update) -> int:
    chat = update.effective_chat
    assert chat is not None
    return chat.id

"""Races: /race, /races with remove buttons, races and legs told in chat; texts together.

`on_chat` is the one hook of the text routing: it takes a message that tells a race or
how the legs feel, and leaves everything else (rep reports, week talk) to the other flows.
"""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import readiness
from bot.context import CoachContext
from bot.format import day_label
from bot.guards import row_id, set_buttons
from coach.races import (
    LABELS,
    Race,
    RaceInPast,
    RaceTold,
    RaceWithoutDate,
    read_race,
    read_race_command,
)
from coach.readiness import read_readiness
from coach.taper import RaceWeek
from services.plan import NotOnboarded, local_date
from services.races import RaceGone, Races, RaceService, TooManyRaces

USAGE = ("Tell me a race like this: /race 2026-12-13 half, or just write "
         "“half marathon on 13 December”.")
NOT_SET_UP = "Let's set up your week first: /start."
NONE_AHEAD = "No races ahead. Tell me one: “10k race next Sunday” or /race 2026-12-13 half."
TOO_MANY = "That's a lot of races! Remove one with /races first."
GONE = "That race is already gone."


def race_week_line(week: RaceWeek) -> str:
    """'Race week: one light session Tue; half marathon Sun 13 Dec; back to normal from
    Sat 19 Dec'."""
    light = (f"one light session {day_label(week.light)[:3]}" if week.light is not None
             else "rest, no session")
    return (f"Race week: {light}; {week.race.label} {day_label(week.race.race_date)}; "
            f"back to normal from {day_label(week.normal_from)}")


def races_text(races: Races) -> str:
    if not races.races:
        return NONE_AHEAD
    lines = ["Your races:"]
    lines += [f"• {day_label(s.race.race_date)}: {s.race.label}" for s in races.races]
    lines += ["", *(race_week_line(w) for w in races.weeks)]
    return "\n".join(lines)


def races_keyboard(races: Races) -> InlineKeyboardMarkup | None:
    if not races.races:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        f"Remove {s.race.label} {day_label(s.race.race_date)}", callback_data=f"rc:del:{s.id}")]
        for s in races.races])


def added_text(race: Race, races: Races) -> str:
    week = next((w for w in races.weeks if w.race == race), None)
    lines = [f"Noted: {race.label}, {day_label(race.race_date)}. Good luck! 🏁"]
    if week is not None:
        lines.append(race_week_line(week) + ".")
    return "\n".join(lines)


def removed_text(race: Race) -> str:
    return (f"Removed: {race.label}, {day_label(race.race_date)}. "
            "Your sessions around it are back to usual.")


def told_text(told: RaceTold) -> str | None:
    """What to say when the race can't be stored yet (None: it can)."""
    if isinstance(told, RaceWithoutDate):
        return f"When is your {LABELS[told.distance]}? {USAGE}"
    if isinstance(told, RaceInPast):
        return (f"{day_label(told.race.race_date)} doesn't look like a date ahead. "
                f"{USAGE}")
    return None


async def on_chat(update: Update, ctx: CoachContext) -> bool:
    """A race or how the legs feel, told in chat; False when the message is neither (or
    is about pain halfway through a session, which the report flow answers)."""
    message, user = update.effective_message, update.effective_user
    text = message.text if message is not None else None
    if not text or user is None or message is None or message.reply_to_message is not None:
        return False
    profile = await ctx.services.plans.profile(user.id)
    tz = profile.tz if profile is not None and profile.onboarded else None
    told = read_race(text, local_date(ctx.services.clock.now(), tz or "UTC"))
    if told is not None:
        await (_tell(update, ctx, told) if tz else message.reply_text(NOT_SET_UP))
        return True
    legs = None if tz is None else read_readiness(text)
    if legs is None or await _mid_session(ctx, user.id):
        return False  # pain halfway through a session is the report flow's: "stop there"
    await readiness.on_told(update, ctx, legs)
    return True


async def _mid_session(ctx: CoachContext, user_id: int) -> bool:
    """A session is open and something is logged in it already."""
    view = await ctx.services.sessions.open_view(user_id)
    return view is not None and any(item.logged is not None for item in view.items)


async def race_command(update: Update, ctx: CoachContext) -> None:
    """/race 2026-12-13 half"""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    profile = await ctx.services.plans.profile(user.id)
    if profile is None or not profile.onboarded or profile.tz is None:
        await message.reply_text(NOT_SET_UP)
        return
    told = read_race_command(list(ctx.args or []),
                             local_date(ctx.services.clock.now(), profile.tz))
    if told is None:
        await message.reply_text(USAGE)
        return
    await _tell(update, ctx, told)


async def _tell(update: Update, ctx: CoachContext, told: RaceTold) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    problem = told_text(told)
    if problem is not None or not isinstance(told, Race):
        await message.reply_text(problem or USAGE)
        return
    try:
        races = await _service(ctx).add(user.id, told, ctx.services.clock.now())
    except TooManyRaces:
        await message.reply_text(TOO_MANY)
        return
    await message.reply_text(added_text(told, races))


async def races_command(update: Update, ctx: CoachContext) -> None:
    """/races: the races ahead, each with a remove button."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    try:
        races = await _service(ctx).list(user.id, ctx.services.clock.now())
    except NotOnboarded:
        await message.reply_text(NOT_SET_UP)
        return
    await message.reply_text(races_text(races), reply_markup=races_keyboard(races))


async def on_button(update: Update, ctx: CoachContext) -> None:
    """rc:del:ID removes the runner's own race; anyone else's is refused."""
    query = update.callback_query
    assert query is not None
    try:
        race_id = row_id((query.data or "").split(":")[2])
        race, races = await _service(ctx).remove(query.from_user.id, race_id,
                                                 ctx.services.clock.now())
    except (RaceGone, NotOnboarded, ValueError, IndexError):
        await query.answer(GONE)
        return
    await query.answer()
    await set_buttons(query, races_keyboard(races))
    if query.message is not None:
        await query.get_bot().send_message(query.message.chat.id, removed_text(race))


async def plan_lines(ctx: CoachContext, user_id: int) -> str:
    """Lines for /plan: each race week ahead ('' when there is none)."""
    races = await _service(ctx).list(user_id, ctx.services.clock.now())
    return "".join(f"\n{race_week_line(week)}." for week in races.weeks)


def _service(ctx: CoachContext) -> RaceService:
    return RaceService(ctx.services.sessions.factory, ctx.services.plans)

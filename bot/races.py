"""Races: /race, /races with remove buttons, races and legs told in chat; texts together.

A race told in chat is read and stored by the one text intent (services/messages.py);
`say_told` words what it did.
"""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import CoachContext
from bot.format import day_label, day_name
from bot.guards import row_id, set_buttons
from coach.races import (
    LABELS,
    Race,
    RaceInPast,
    RaceTold,
    RaceWithoutDate,
    read_race_command,
)
from coach.taper import RaceWeek
from i18n import N_, _
from services.messages import RaceTalk
from services.plan import NotOnboarded, local_date, profile_of
from services.races import RaceGone, Races, TooManyRaces, add_race, list_races, remove_race

USAGE = N_("Tell me a race like this: /race 2026-12-13 half, or just write "
           "“half marathon on 13 December”.")
NOT_SET_UP = N_("Let's set up your week first: /start.")
NONE_AHEAD = N_("No races ahead. Tell me one: “10k race next Sunday” or /race 2026-12-13 half.")
TOO_MANY = N_("That's a lot of races! Remove one with /races first.")
GONE = N_("That race is already gone.")


def race_week_line(week: RaceWeek) -> str:
    """'Race week: one light session Tue; half marathon Sun 13 Dec; back to normal from
    Sat 19 Dec'."""
    race, on, back = week.race.label, day_label(week.race.race_date), day_label(
        week.normal_from)
    if week.light is None:
        return _("Race week: rest, no session; {race} {on}; back to normal from {back}").format(
            race=race, on=on, back=back)
    return _("Race week: one light session {day}; {race} {on}; back to normal from {back}"
             ).format(day=day_name(week.light.weekday()), race=race, on=on, back=back)


def races_text(races: Races) -> str:
    if not races.races:
        return _(NONE_AHEAD)
    lines = [_("Your races:")]
    lines += [f"• {day_label(s.race.race_date)}: {s.race.label}" for s in races.races]
    lines += ["", *(race_week_line(w) for w in races.weeks)]
    return "\n".join(lines)


def races_keyboard(races: Races) -> InlineKeyboardMarkup | None:
    if not races.races:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        _("Remove {race} {day}").format(race=s.race.label, day=day_label(s.race.race_date)),
        callback_data=f"rc:del:{s.id}")]
        for s in races.races])


def added_text(race: Race, races: Races) -> str:
    week = next((w for w in races.weeks if w.race == race), None)
    lines = [_("Noted: {race}, {day}. Good luck! 🏁").format(race=race.label,
                                                            day=day_label(race.race_date))]
    if week is not None:
        lines.append(race_week_line(week) + ".")
    return "\n".join(lines)


def removed_text(race: Race) -> str:
    return _("Removed: {race}, {day}. Your sessions around it are back to usual.").format(
        race=race.label, day=day_label(race.race_date))


def told_text(told: RaceTold) -> str | None:
    """What to say when the race can't be stored yet (None: it can)."""
    if isinstance(told, RaceWithoutDate):
        return _("When is your {race}?").format(race=_(LABELS[told.distance])) + " " + _(USAGE)
    if isinstance(told, RaceInPast):
        return _("{day} doesn't look like a date ahead.").format(
            day=day_label(told.race.race_date)) + " " + _(USAGE)
    return None


async def say_told(message: Message, talk: RaceTalk) -> None:
    """What a race told in chat led to (services/messages.py stored it, or said why not)."""
    if talk.not_set_up or talk.too_many:
        await message.reply_text(_(NOT_SET_UP) if talk.not_set_up else _(TOO_MANY))
    elif talk.races is None or not isinstance(talk.told, Race):
        await message.reply_text(told_text(talk.told) or _(USAGE))
    else:
        await message.reply_text(added_text(talk.told, talk.races))


async def race_command(update: Update, ctx: CoachContext) -> None:
    """/race 2026-12-13 half"""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    profile = await ctx.services.units.read(profile_of, user.id)
    if profile is None or not profile.onboarded or profile.tz is None:
        await message.reply_text(_(NOT_SET_UP))
        return
    told = read_race_command(list(ctx.args or []),
                             local_date(ctx.services.clock.now(), profile.tz))
    if told is None:
        await message.reply_text(_(USAGE))
        return
    await _tell(update, ctx, told)


async def _tell(update: Update, ctx: CoachContext, told: RaceTold) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    problem = told_text(told)
    if problem is not None or not isinstance(told, Race):
        await message.reply_text(problem or _(USAGE))
        return
    try:
        races = await _add(ctx, user.id, told)
    except TooManyRaces:
        await message.reply_text(_(TOO_MANY))
        return
    await message.reply_text(added_text(told, races))


async def races_command(update: Update, ctx: CoachContext) -> None:
    """/races: the races ahead, each with a remove button."""
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    try:
        races = await _list(ctx, user.id)
    except NotOnboarded:
        await message.reply_text(_(NOT_SET_UP))
        return
    await message.reply_text(races_text(races), reply_markup=races_keyboard(races))


async def on_button(update: Update, ctx: CoachContext) -> None:
    """rc:del:ID removes the runner's own race; anyone else's is refused."""
    query = update.callback_query
    assert query is not None
    try:
        race_id = row_id((query.data or "").split(":")[2])
        race, races = await _remove(ctx, query.from_user.id, race_id)
    except (RaceGone, NotOnboarded, ValueError, IndexError):
        await query.answer(_(GONE))
        return
    await query.answer()
    await set_buttons(query, races_keyboard(races))
    if query.message is not None:
        await query.get_bot().send_message(query.message.chat.id, removed_text(race))


async def plan_lines(ctx: CoachContext, user_id: int) -> str:
    """Lines for /plan: each race week ahead ('' when there is none)."""
    races = await _list(ctx, user_id)
    return "".join(f"\n{race_week_line(week)}." for week in races.weeks)


async def _add(ctx: CoachContext, user_id: int, race: Race) -> Races:
    now, offset = ctx.services.clock.now(), ctx.services.offset
    return await ctx.services.units.run(add_race, now, user_id, race, offset)


async def _list(ctx: CoachContext, user_id: int) -> Races:
    now, offset = ctx.services.clock.now(), ctx.services.offset
    return await ctx.services.units.run(list_races, now, user_id, offset)


async def _remove(ctx: CoachContext, user_id: int, race_id: int) -> tuple[Race, Races]:
    now, offset = ctx.services.clock.now(), ctx.services.offset
    return await ctx.services.units.run(remove_race, now, user_id, race_id, offset)

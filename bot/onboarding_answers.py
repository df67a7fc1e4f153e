"""Typed answers during onboarding and /settings: days, a time, a place, said in words.

Days ("Tue and Thu", "weekends") come back as ticked buttons to confirm; a time that could
be morning or evening ("7", "half six") or is vague ("after work") is asked about with time
buttons; a place with namesakes, or a near miss ("berln"), is asked about with zone buttons.
"""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import CoachContext
from bot.format import clock, days_text
from bot.onboarding import (
    AMBIGUOUS_TZ,
    BAD_TIME,
    BAD_TZ,
    MANY_TZ,
    MAX_ZONE_OPTIONS,
    OFFSET_TZ,
    days_keyboard,
    keep,
    set_time,
    set_zone,
    time_keyboard,
    zone_keyboard,
)
from coach.days import DaysNotUnderstood, parse_days
from coach.draft import Draft
from coach.times import TimeNotUnderstood, TimeQuestion, understand_time
from coach.timezones import ZoneAmbiguous, ZoneGuess, ZoneIsOffset, ZoneNotFound, resolve_zone

DAYS_BACK = "Got it: {days}. Tap to change, then Done."
BAD_DAYS = "Tap the days above, then Done — or type them, like “Tue and Thu”."
WHICH_TIME = "{text} — which one? Tap it, or type a time like 18:30."
VAGUE_TIME = "Around when is that? Tap one, or type a time like 18:30."
GUESS_TZ = "Did you mean {label}?"
CHOOSE_TZ = "Which {text}? Tap yours, or type the city with its country, like “Paris, TX”."


async def on_text(update: Update, ctx: CoachContext, draft: Draft) -> None:
    """A typed answer during onboarding: days, a time or a time zone."""
    message = update.effective_message
    assert message is not None
    text = (message.text or "").strip()
    if draft.step == "time":
        await _time(update, ctx, draft, text)
    elif draft.step == "tz":
        await _zone(update, ctx, draft, text)
    else:
        await _days(update, ctx, draft, text)


async def _days(update: Update, ctx: CoachContext, draft: Draft, text: str) -> None:
    message, user = update.effective_message, update.effective_user
    assert message is not None
    assert user is not None
    kind = "h" if draft.step == "hard" else "c"
    try:
        days = set(parse_days(text))
    except DaysNotUnderstood:
        await message.reply_text(BAD_DAYS)
        return
    if kind == "h":
        draft.hard = days
    else:
        draft.cross = days - draft.hard
    await keep(ctx, user.id, draft)
    chosen = draft.hard if kind == "h" else draft.cross
    await message.reply_text(DAYS_BACK.format(days=days_text(sorted(chosen))),
                             reply_markup=days_keyboard(kind, chosen))


async def _time(update: Update, ctx: CoachContext, draft: Draft, text: str) -> None:
    message = update.effective_message
    assert message is not None
    try:
        found = understand_time(text, near=draft.run_end)
    except TimeNotUnderstood:
        await message.reply_text(BAD_TIME.format(text=text[:40]), reply_markup=time_keyboard())
        return
    if isinstance(found, TimeQuestion):
        await message.reply_text(_time_question(found), reply_markup=_times(found))
        return
    await set_time(update, ctx, draft, clock(found))


def _time_question(question: TimeQuestion) -> str:
    if len(question.options) == 2:
        options = " or ".join(clock(t) for t in question.options)
        return WHICH_TIME.format(text=options)
    return VAGUE_TIME


def _times(question: TimeQuestion) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(clock(t), callback_data=f"ob:t:{t.hour:02d}{t.minute:02d}")
        for t in question.options]])


async def _zone(update: Update, ctx: CoachContext, draft: Draft, text: str) -> None:
    message = update.effective_message
    assert message is not None
    shown = text[:40]
    try:
        zone = resolve_zone(text)
    except ZoneAmbiguous as exc:
        await _ambiguous(update, exc)
        return
    except ZoneIsOffset:
        await message.reply_text(OFFSET_TZ.format(text=shown), reply_markup=zone_keyboard())
        return
    except ZoneGuess as guess:
        button = InlineKeyboardButton(f"{guess.label} ({guess.zone})",
                                      callback_data=f"ob:z:{guess.zone}")
        await message.reply_text(GUESS_TZ.format(label=guess.label),
                                 reply_markup=InlineKeyboardMarkup([[button]]))
        return
    except ZoneNotFound:
        await message.reply_text(BAD_TZ.format(text=shown), reply_markup=zone_keyboard())
        return
    await set_zone(update, ctx, draft, zone)


async def _ambiguous(update: Update, exc: ZoneAmbiguous) -> None:
    message = update.effective_message
    assert message is not None
    shown = exc.text[:40]
    if exc.labels != exc.candidates:  # places: one button each
        rows = [[InlineKeyboardButton(f"{label} ({zone})", callback_data=f"ob:z:{zone}")]
                for label, zone in zip(exc.labels, exc.candidates, strict=True)]
        await message.reply_text(CHOOSE_TZ.format(text=shown),
                                 reply_markup=InlineKeyboardMarkup(rows))
        return
    options = ", ".join(exc.candidates)
    answer = AMBIGUOUS_TZ if len(exc.candidates) <= MAX_ZONE_OPTIONS else MANY_TZ
    await message.reply_text(answer.format(text=shown, options=options))

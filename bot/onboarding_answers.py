"""Answers to the onboarding and /settings questions: buttons, typed words, a location.

Each handler decodes the update, makes one service call and shows the outcome. Days typed
("Tue and Thu", "weekends") come back as ticked buttons to confirm; a time that could be
morning or evening ("7", "half six") or is vague ("after work") is asked about with time
buttons; a place with namesakes, or a near miss ("berln"), is asked about with zone buttons.
"""

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

import i18n
from bot import equipment
from bot.context import CoachContext
from bot.format import clock
from bot.guards import set_buttons
from bot.languages import languages_of
from bot.onboarding import (
    AMBIGUOUS_TZ,
    BAD_TIME,
    BAD_TZ,
    GREETING,
    MANY_TZ,
    MAX_ZONE_OPTIONS,
    OFFSET_TZ,
    Markup,
    days_keyboard_of,
    plan_text,
    question,
    saved,
    shown,
    time_keyboard,
    zone_keyboard,
)
from coach.steps import (
    Answer,
    Ask,
    Done,
    Ignored,
    Located,
    Picked,
    Shown,
    Toggled,
    Unclear,
)
from coach.times import TimeNotUnderstood, TimeQuestion
from coach.timezones import ZoneAmbiguous, ZoneGuess, ZoneIsOffset, ZoneNotFound
from i18n import N_, _
from services.onboarding import (
    NoQuestion,
    Outcome,
    Saved,
    Welcome,
    answer_onboarding,
    start_onboarding,
)

BAD_DAYS = N_("Tap the days above, then Done — or type them, like “Tue and Thu”.")
WHICH_TIME = N_("{text} — which one? Tap it, or type a time like 18:30.")
VAGUE_TIME = N_("Around when is that? Tap one, or type a time like 18:30.")
GUESS_TZ = N_("Did you mean {label}?")
CHOOSE_TZ = N_("Which {text}? Tap yours, or type the city with its country, like “Paris, TX”.")
CLOSED = N_("That question is closed. /settings changes your plan.")
UNKNOWN_BUTTON = N_("I don't know that button.")
ONLY_ZONE = N_("Thanks, but I only use a location to find your time zone.")
STEP_OF_KIND = {"h": "hard", "c": "cross", "t": "time", "z": "tz"}
Reply = tuple[str, Markup | None]


async def start(update: Update, ctx: CoachContext) -> None:
    """Greet a newcomer and ask for hard days; remind a known runner of the plan."""
    user_id, chat_id = _ids(update)
    spoken = i18n.current()  # the stored language, else the one of their Telegram
    svc = ctx.services
    outcome = await svc.units.run(start_onboarding, svc.clock.now(), user_id, chat_id,
                                  svc.offset, spoken)
    languages_of(ctx.bot_data).learn(user_id, spoken)
    if isinstance(outcome, Welcome):
        await ctx.bot.send_message(chat_id, _("Welcome back!\n{plan}").format(
            plan=plan_text(outcome.overview)))
        return
    await ctx.bot.send_message(chat_id, _(GREETING))
    await show(update, ctx, outcome)


async def on_button(update: Update, ctx: CoachContext) -> None:
    """Day toggles, Done, time and zone buttons (callback data 'ob:<kind>:<value>')."""
    query = update.callback_query
    assert query is not None
    decoded = button_answer(query.data or "")
    if decoded is None:
        await query.answer(_(UNKNOWN_BUTTON))
        return
    user_id, chat_id = _ids(update)
    outcome = await _answer(ctx, user_id, chat_id, *decoded)
    await show(update, ctx, outcome, clear_buttons=decoded[0] == "tz")


async def on_location(update: Update, ctx: CoachContext) -> None:
    """A shared location answers the time zone question."""
    message = update.effective_message
    assert message is not None
    assert message.location is not None
    answer = Located(message.location.latitude, message.location.longitude)
    user_id, chat_id = _ids(update)
    outcome = await _answer(ctx, user_id, chat_id, "tz", answer, "there")
    await show(update, ctx, outcome)


async def _answer(ctx: CoachContext, user_id: int, chat_id: int, step: str | None,
                  answer: Answer, text: str = "") -> Outcome:
    """An answer to `step` (None: the question open now), in one transaction."""
    svc = ctx.services
    return await svc.units.run(answer_onboarding, svc.clock.now(), user_id, chat_id, step,
                               answer, text, offset=svc.offset)


def button_answer(data: str) -> tuple[str, Answer] | None:
    """'ob:h:3' -> ("hard", Toggled(3)); None for a button onboarding never made."""
    _, kind, value = ([*data.split(":", 2), "", ""])[:3]
    step = STEP_OF_KIND.get(kind)
    if step in ("hard", "cross") and value in tuple("0123456"):
        return step, Toggled(int(value))
    if step in ("hard", "cross") and value == "done":
        return step, Done()
    if step == "time" and len(value) == 4 and value.isascii() and value.isdigit():
        return step, Picked(f"{value[:2]}:{value[2:]}")
    return (step, Picked(value)) if step == "tz" and value else None


async def show(update: Update, ctx: CoachContext, outcome: Outcome,
               clear_buttons: bool = False) -> None:
    """Say what an answer led to: in place (buttons) or as a new message."""
    query = update.callback_query
    if query is not None:
        await query.answer(_(CLOSED) if isinstance(outcome, NoQuestion)
                           else _(UNKNOWN_BUTTON) if isinstance(outcome, Ignored) else None)
        if isinstance(outcome, Shown) and not outcome.typed:
            await set_buttons(query, days_keyboard_of(outcome.draft, outcome.step))
            return
        if isinstance(outcome, Ask | Saved) or (
                clear_buttons and not isinstance(outcome, NoQuestion | Ignored)):
            await set_buttons(query, None)  # answered: the next question replaces it
    message = update.effective_message
    reply = _reply(outcome, located=message is not None and message.location is not None)
    if reply is not None:
        await ctx.bot.send_message(_ids(update)[1], reply[0], reply_markup=reply[1])
    if isinstance(outcome, Saved):  # the plan is set: what do they train with? (asked once)
        await equipment.ask_once(ctx, _ids(update)[1], _ids(update)[0])


def _reply(outcome: Outcome, located: bool) -> Reply | None:
    if isinstance(outcome, Ask):
        return question(outcome)
    if isinstance(outcome, Shown):
        return shown(outcome)
    if isinstance(outcome, Saved):
        return saved(outcome)
    if isinstance(outcome, Unclear):
        return unclear(outcome)
    return (_(ONLY_ZONE), None) if located else None


def unclear(outcome: Unclear) -> Reply:
    """What was not understood, and the buttons that answer it."""
    problem, shown_text = outcome.problem, outcome.text[:40]
    if isinstance(problem, TimeQuestion):
        return _time_question(problem), _times(problem)
    if isinstance(problem, TimeNotUnderstood):
        return _(BAD_TIME).format(text=shown_text), time_keyboard()
    if isinstance(problem, ZoneAmbiguous):
        return _ambiguous(problem)
    if isinstance(problem, ZoneIsOffset):
        return _(OFFSET_TZ).format(text=shown_text), zone_keyboard()
    if isinstance(problem, ZoneGuess):
        button = InlineKeyboardButton(f"{problem.label} ({problem.zone})",
                                      callback_data=f"ob:z:{problem.zone}")
        return _(GUESS_TZ).format(label=problem.label), InlineKeyboardMarkup([[button]])
    if isinstance(problem, ZoneNotFound):
        return _(BAD_TZ).format(text=shown_text), zone_keyboard()
    return _(BAD_DAYS), None


def _time_question(question: TimeQuestion) -> str:
    if len(question.options) == 2:
        first, second = (clock(t) for t in question.options)
        return _(WHICH_TIME).format(text=_("{first} or {second}").format(first=first,
                                                                          second=second))
    return _(VAGUE_TIME)


def _times(question: TimeQuestion) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[
        InlineKeyboardButton(clock(t), callback_data=f"ob:t:{t.hour:02d}{t.minute:02d}")
        for t in question.options]])


def _ambiguous(exc: ZoneAmbiguous) -> Reply:
    shown_text = exc.text[:40]
    if exc.labels != exc.candidates:  # places: one button each
        rows = [[InlineKeyboardButton(f"{label} ({zone})", callback_data=f"ob:z:{zone}")]
                for label, zone in zip(exc.labels, exc.candidates, strict=True)]
        return _(CHOOSE_TZ).format(text=shown_text), InlineKeyboardMarkup(rows)
    options = ", ".join(exc.candidates)
    answer = AMBIGUOUS_TZ if len(exc.candidates) <= MAX_ZONE_OPTIONS else MANY_TZ
    return _(answer).format(text=shown_text, options=options), None


def _ids(update: Update) -> tuple[int, int]:
    user, chat = update.effective_user, update.effective_chat
    assert user is not None
    assert chat is not None
    return user.id, chat.id

"""Readiness: the "legs fresh · heavy · sore · pain" row on the card, where it hurts, and
the day's session it leaves; texts and keyboards together."""

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.context import CoachContext
from bot.format import target_text
from bot.guards import row_id, set_buttons
from bot.keyboards_flat import Callbacks, button
from bot.pain import WORSE, follow_up, rated_says, score_keyboard, score_question
from coach.exercises import by_id
from coach.pain import ADVICE, AREAS, BONE_AREAS, Area, by_area, loaded_by
from coach.period import Phase
from coach.readiness import Fine, Level, Planned, Shaped, Today, Told, shape
from coach.views import ExerciseView, SessionView
from i18n import N_, _
from services.messages import LegsTalk
from services.readiness import Back, Heard, SessionNotOpen, fine, tell

GONE = N_("That session is closed or isn't yours.")
LEVEL_LABELS = {Level.FRESH: N_("Fresh"), Level.HEAVY: N_("Heavy"), Level.SORE: N_("Sore"),
                Level.PAIN: N_("Pain")}
SAYS = {
    Level.FRESH: N_("Fresh legs: go as planned."),
    Level.HEAVY: N_("Heavy legs: a trimmed session today, one set fewer and no step-ups."),
    Level.SORE: N_("Sore legs: keep it light today, body weight and five reps a set."),
}
WHERE = N_("Sorry to hear it. Where does it hurt?")
WHERE_ELSE = N_("Where does it hurt? Tap the spot, then I'll ask how bad it is.")
LIGHT_NOTE = N_("Race week: a short light session, two exercises, nothing heavy.")
SKIP_WHY = {"pain": N_("skip today (it loads the sore spot)"), "trimmed": N_("skip today"),
            "race week": N_("not this week"), "impact": N_("left out: no impact until it's fine")}


def readiness_row(session_id: int) -> list[tuple[str, str]]:
    """One row for the session card: legs fresh · heavy · sore · pain (label, callback data)."""
    return [button(_(label), callback_data=f"rd:l:{level.value}:{session_id}")
            for level, label in LEVEL_LABELS.items()]


def area_keyboard(session_id: int) -> InlineKeyboardMarkup:
    buttons = [button(a.label, callback_data=f"rd:a:{a.id}:{session_id}") for a in AREAS]
    return Callbacks([buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def fine_keyboard(area: Area) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(
        _("{area} is fine now").format(area=area.label), callback_data=f"rd:f:{area.id}")]])


def planned_line(item: Planned, unit: str = "kg") -> str:
    exercise = by_id(item.exercise_id)
    if item.swap is not None:
        return "• " + _("{swap} {dose} instead of {exercise}").format(
            swap=item.swap.name, dose=item.swap.dose, exercise=exercise.name.lower())
    if item.target is None:
        return f"• {exercise.name}: {_(SKIP_WHY.get(item.skipped or '', 'skip today'))}"
    return f"• {exercise.name}: {target_text(exercise, item.target, unit)}"


def heard_text(heard: Heard) -> str:
    """The answer to a readiness: what it means today, the day's session, and advice."""
    told = heard.told
    first = rated_says(told)
    lines = [first or (_pain_says(told.area) if told.level is Level.PAIN
                       else _(SAYS[told.level]))]
    if heard.newly_swapped:
        lines.append(_swap_says(heard.newly_swapped))
    if heard.shaped is not None and heard.session is not None:
        lines += ["", _("Today:"), *(planned_line(p, heard.unit) for p in heard.shaped.items)]
    if told.level is Level.PAIN:
        lines += ["", _(ADVICE)]
    return "\n".join(lines)


def _pain_says(area: Area | None) -> str:
    what = area.spoken if area is not None else _("that")
    return _("Thanks for telling me about your {what}. Until you tell me how bad it is, "
             "what loads it is left out today.").format(what=what)


def _swap_says(areas: frozenset[str]) -> str:
    names = sorted({by_id(ex).name.lower() for area in areas for ex in loaded_by(area)})
    labels = [by_area(a).spoken for a in sorted(areas)]
    spots = labels[0] if len(labels) == 1 else _("{spots} and {last}").format(
        spots=", ".join(labels[:-1]), last=labels[-1])
    return _("That's the second time for your {spots}, so from now on {exercises} get a "
             "gentler version until you tell me it's fine.").format(
        spots=spots, exercises=", ".join(names))


CARD_NOTES = {Level.FRESH: N_("Fresh legs: as planned"), Level.HEAVY: N_("Heavy legs: trimmed"),
              Level.SORE: N_("Sore legs: light")}
PHASE_NOTES = {Phase.LIGHTER: N_("lighter week: fewer sets, same load"),
               Phase.IN_SEASON: N_("in season: short and heavy"),
               Phase.PRE_RACE: N_("race coming up: less volume")}


def card_note(view: SessionView) -> list[str]:
    """One short line under the card's heading when the day is not a usual one."""
    today: Today = view.today
    notes = [_("Race week: light")] if today.light else []
    if today.phase in PHASE_NOTES and not today.light:
        notes.append(_(PHASE_NOTES[today.phase]))
    if today.level in CARD_NOTES:
        notes.append(_(CARD_NOTES[today.level]))
    if today.pain_today or today.swapped or today.pain_light:
        notes.append(_("gentler where it hurts"))
    if today.no_impact:
        notes.append(_("no hops or step-ups until a doctor has seen it"))
    line = " · ".join(notes)
    return [f"{line[:1].upper()}{line[1:]}."] if notes else []


def day_notes(today: Today) -> list[str]:
    """The day's notes in full (the card's Details)."""
    notes = [_(LIGHT_NOTE)] if today.light else []
    if today.level is not None and today.level is not Level.PAIN:
        notes.append(_(SAYS[today.level]))
    if today.pain_today or today.swapped or today.pain_light:
        notes.append(_("Gentler today where it hurts; tell me when it's fine."))
    if today.no_impact:
        notes.append(_("No hops, jumps or step-ups until a doctor has seen your shin or foot."))
    return notes


def _planned(shaped: Shaped, item: ExerciseView) -> Planned:
    return next(p for p in shaped.items if p.exercise_id == item.exercise.id)


def item_text(view: SessionView, item: ExerciseView, shaped: Shaped) -> str | None:
    """The full text for one exercise when today changes it (None: as usual)."""
    planned = _planned(shaped, item)
    if planned.target == item.target and planned.swap is None:
        return None
    if planned.swap is not None:
        return _("{swap} {dose} instead").format(swap=planned.swap.name,
                                                  dose=planned.swap.dose)
    return planned_line(planned, view.profile.unit).removeprefix(f"• {item.exercise.name}: ")


def card_line(view: SessionView, item: ExerciseView, shaped: Shaped) -> str:
    """The card's line for an exercise today: 'Goblet squat: 3×5 @ 12 kg · Pause squat',
    a gentler swap ('Isometric calf hold: 3×30 s per leg'), or 'Step-up: skip today'
    (what a swap replaces, and why, is in the details)."""
    planned, name = _planned(shaped, item), item.exercise.name
    if planned.swap is not None:
        return f"{planned.swap.name}: {planned.swap.dose}"
    if planned.target is None:
        return f"{name}: " + (_("not this week") if planned.skipped == "race week" else
                              _("skip today"))
    return f"{name}: {target_text(item.exercise, planned.target, view.profile.unit)}"


def planned_why(item: ExerciseView, shaped: Shaped) -> str:
    """Why the week changes an exercise's target (a lighter week, in season, a race ahead)."""
    why = _planned(shaped, item).why
    return _(why) if why else why


def item_cue(item: ExerciseView, shaped: Shaped) -> str | None:
    """A swapped exercise's own cue (None: the exercise's or its variant's)."""
    swap = _planned(shaped, item).swap
    return None if swap is None else swap.cue


async def say_legs(message: Message, talk: LegsTalk) -> None:
    """Chat: "legs feel heavy", "my achilles is sore", "achilles is fine now" (told and
    stored by services/messages.py)."""
    if isinstance(talk.told, Fine) or talk.heard is None:
        area = talk.told.area
        await message.reply_text(_fine_text(area, talk.back or Back(0)))
        return
    heard = talk.heard
    session_id = heard.session.id if heard.session is not None else 0
    markup = area_keyboard(session_id) if heard.ask_area else _after(heard)
    await message.reply_text(_(WHERE) if heard.ask_area else heard_text(heard),
                             reply_markup=markup)
    if (question := follow_up(heard, session_id)) is not None:
        await message.reply_text(question[0], reply_markup=question[1])


def _after(heard: Heard) -> InlineKeyboardMarkup | None:
    area = heard.told.area
    return fine_keyboard(area) if area is not None and heard.told.level is Level.PAIN else None


def _fine_text(area: Area | None, back: Back) -> str:
    glad = (_("Glad your {area} is fine again.").format(area=area.spoken)
            if area is not None else _("Glad everything is fine again."))
    gently = "".join(" " + _("{exercise} starts gently at {target} and builds up.").format(
        exercise=by_id(exercise_id).name,
        target=target_text(by_id(exercise_id), target, back.unit))
                     for exercise_id, target in back.gentle)
    return f"{glad} " + _("The usual exercises are back next session.") + gently


async def on_button(update: Update, ctx: CoachContext) -> None:
    """rd:l:LEVEL:SESSION, rd:a:AREA:SESSION (where it hurts), rd:s:AREA:SCORE:SESSION (how
    bad), rd:b:AREA:Y|N:SESSION (bone-stress signs), rd:f:AREA (fine now)."""
    query = update.callback_query
    assert query is not None
    parts = (query.data or "").split(":")
    try:
        await _button(query, ctx, parts)
    except (SessionNotOpen, KeyError, ValueError, IndexError):
        await query.answer(_(GONE))


async def _button(query: CallbackQuery, ctx: CoachContext, parts: list[str]) -> None:
    units, user_id, now = ctx.services.units, query.from_user.id, ctx.services.clock.now()
    if parts[1] == "f":
        back = await units.run(fine, now, user_id, by_area(parts[2]).id)
        await query.answer()
        await set_buttons(query, None)
        await _reply(query, _fine_text(by_area(parts[2]), back))
        return
    told, session_id = _told(parts)
    bone_clear = parts[1] == "b" and parts[3] == "n"  # no bone-stress signs: how bad, then
    # the service refuses another runner's or a closed session before the press is answered
    heard = None if bone_clear else await units.run(tell, now, user_id, told, session_id or None)
    await query.answer()
    if parts[1] in ("a", "s", "b"):  # where, how bad or the bone answer: its keyboard goes
        await set_buttons(query, None)
    if heard is None:
        await _reply(query, score_question(False), score_keyboard(parts[2], session_id, False))
        return
    if heard.ask_area:
        await _reply(query, _(WHERE), area_keyboard(session_id))
        return
    await _reply(query, heard_text(heard), _after(heard))
    if (question := follow_up(heard, session_id)) is not None:
        await _reply(query, *question)


def _told(parts: list[str]) -> tuple[Told, int]:
    """rd:l:LEVEL:S, rd:a:AREA:S, rd:s:AREA:SCORE:S, rd:b:AREA:y|n:S -> what was told."""
    if parts[1] == "l":
        return Told(Level(parts[2])), row_id(parts[3])
    area = by_area(parts[2])
    if parts[1] == "a":
        return Told(Level.PAIN, area), row_id(parts[3])
    if parts[1] == "s" and 0 <= row_id(parts[3]) <= WORSE:
        return Told(Level.PAIN, area, score=int(parts[3])), row_id(parts[4])
    if parts[1] == "b" and parts[3] in ("y", "n") and area.id in BONE_AREAS:
        return Told(Level.PAIN, area, bone=True), row_id(parts[4])
    raise ValueError(parts[1])


async def _reply(query: CallbackQuery, text: str,
                 markup: InlineKeyboardMarkup | None = None) -> None:
    if query.message is not None:
        await query.get_bot().send_message(query.message.chat.id, text, reply_markup=markup)


def shaped_of(view: SessionView) -> Shaped:
    """The day's session for a card: the usual targets as today shapes them."""
    return shape([(item.exercise.id, item.target) for item in view.items], view.today)

"""Words for talk inside a session: a correction ("Goblet squat corrected: 8 8 7") and the
answers to questions (swaps, rest, what is next, how to do an exercise)."""

from telegram import Message

from bot.format import report_text, target_text
from bot.session_log import retarget_lines
from coach.exercises import by_id
from coach.questions import Answer, HowTo, Next, Rest, Swap
from i18n import N_, _
from services.talk import NO_SETS, UNCLEAR, Corrected, NotCorrected, QuestionAnswered

NOTHING_YET = N_("There's nothing logged yet to correct — send your reps, like "
                 "“goblet 8 8 7”.")
UNCLEAR_TEXT = N_("I couldn't read that correction, so nothing changed. Send it like "
                  "“actually goblet 8 8 7” or “last set was 6”.")


async def say_talk(message: Message, outcome: Corrected | NotCorrected | QuestionAnswered
                   ) -> None:
    """Reply to the message with what the correction did or the question's answer."""
    if isinstance(outcome, Corrected):
        text = corrected_text(outcome)
    elif isinstance(outcome, NotCorrected):
        text = not_corrected_text(outcome)
    else:
        text = answer_text(outcome.answer, outcome.unit)
    await message.reply_text(text)


def corrected_text(outcome: Corrected) -> str:
    """'Goblet squat corrected: 8 8 7', and the next targets the change moved."""
    done = outcome.outcome
    unit = "kg" if done.view is None else done.view.profile.unit
    rows = [_("{exercise} corrected: {report}").format(
        exercise=by_id(e.exercise_id).name, report=report_text(e.report, unit))
            for e in done.stored]
    return "\n".join([*rows, *retarget_lines(done.retargeted, unit)])


def not_corrected_text(outcome: NotCorrected) -> str:
    if outcome.why == UNCLEAR:
        return _(UNCLEAR_TEXT)
    if outcome.exercise_id is None:
        return _(NOTHING_YET)
    exercise = by_id(outcome.exercise_id)
    if outcome.why == NO_SETS:
        return _("The {exercise} has no sets stored to change — send the whole line, like "
                 "“actually {alias} 8 8 6”.").format(exercise=exercise.name.lower(),
                                                     alias=exercise.aliases[0])
    return _("I have no {exercise} logged to correct — send it like “{alias} 8 8 7”.").format(
        exercise=exercise.name.lower(), alias=exercise.aliases[0])


def answer_text(answer: Answer, unit: str = "kg") -> str:
    """The coach's answer, short enough for a phone."""
    if isinstance(answer, Swap):
        return _swap_text(answer)
    if isinstance(answer, Rest):
        return _rest_text(answer)
    if isinstance(answer, Next):
        if answer.exercise is None:
            return _("That's everything on today's card — type “done” to wrap up.")
        if answer.target is None:
            return _("Next up: {exercise}.").format(exercise=answer.exercise.name)
        return _("Next up: {exercise}, {target}.").format(
            exercise=answer.exercise.name,
            target=target_text(answer.exercise, answer.target, unit))
    return _how_text(answer)


def _swap_text(swap: Swap) -> str:
    name = swap.exercise.name.lower()
    lines = []
    if swap.on is not None:
        lines.append(_("Yes — a steady {thing} that won't slide works for the {exercise}.")
                     .format(thing=swap.on, exercise=name))
    if swap.options:
        lines.append(_("Ways the coach allows today:"))
        lines += [f"• {v.name} — {v.cue or swap.exercise.cue}" for v in swap.options]
        lines.append(_("Log it as the {exercise}, like “{alias} 8 8 7”.").format(
            exercise=name, alias=swap.exercise.aliases[0]))
    elif swap.on is None:
        lines.append(_("Stick with the {exercise} today — it's the one your plan builds on.")
                     .format(exercise=swap.current.name.lower()))
    return "\n".join(lines)


def _rest_text(rest: Rest) -> str:
    heavy = rest.heavy_s // 60
    heavy_line = _("Rest {low}–{high} min between loaded sets, so each one is strong.").format(
        low=heavy, high=heavy + 1)
    light_line = _("About {minutes} min between sets at body weight.").format(
        minutes=rest.light_s // 60)
    if rest.loaded is True:
        return heavy_line
    if rest.loaded is False:
        return light_line
    return f"{heavy_line}\n{light_line}"


def _how_text(how: HowTo) -> str:
    return f"{how.name}: {how.cue}"

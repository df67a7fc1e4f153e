"""Words for talk inside a session: a correction ("Goblet squat corrected: 8 8 7") and the
answers to questions (swaps, rest, what is next, how to do an exercise)."""

from telegram import Message

from bot.format import report_text, target_text
from bot.session_log import retarget_lines
from coach.exercises import by_id
from coach.questions import Answer, HowTo, Next, Rest, Swap
from services.talk import NO_SETS, UNCLEAR, Corrected, NotCorrected, QuestionAnswered

NOTHING_YET = ("There's nothing logged yet to correct — send your reps, like "
               "“goblet 8 8 7”.")
UNCLEAR_TEXT = ("I couldn't read that correction, so nothing changed. Send it like "
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
    rows = [f"{by_id(e.exercise_id).name} corrected: {report_text(e.report, unit)}"
            for e in done.stored]
    return "\n".join([*rows, *retarget_lines(done.retargeted, unit)])


def not_corrected_text(outcome: NotCorrected) -> str:
    if outcome.why == UNCLEAR:
        return UNCLEAR_TEXT
    if outcome.exercise_id is None:
        return NOTHING_YET
    exercise = by_id(outcome.exercise_id)
    if outcome.why == NO_SETS:
        return (f"The {exercise.name.lower()} has no sets stored to change — send the whole "
                f"line, like “actually {exercise.aliases[0]} 8 8 6”.")
    return (f"I have no {exercise.name.lower()} logged to correct — send it like "
            f"“{exercise.aliases[0]} 8 8 7”.")


def answer_text(answer: Answer, unit: str = "kg") -> str:
    """The coach's answer, short enough for a phone."""
    if isinstance(answer, Swap):
        return _swap_text(answer)
    if isinstance(answer, Rest):
        return _rest_text(answer)
    if isinstance(answer, Next):
        if answer.exercise is None:
            return "That's everything on today's card — type “done” to wrap up."
        if answer.target is None:
            return f"Next up: {answer.exercise.name}."
        return (f"Next up: {answer.exercise.name}, "
                f"{target_text(answer.exercise, answer.target, unit)}.")
    return _how_text(answer)


def _swap_text(swap: Swap) -> str:
    name = swap.exercise.name.lower()
    lines = []
    if swap.on is not None:
        lines.append(f"Yes — a steady {swap.on} that won't slide works for the {name}.")
    if swap.options:
        lines.append("Ways the coach allows today:")
        lines += [f"• {v.name} — {v.cue or swap.exercise.cue}" for v in swap.options]
        lines.append(f"Log it as the {name}, like “{swap.exercise.aliases[0]} 8 8 7”.")
    elif swap.on is None:
        lines.append(f"Stick with the {swap.current.name.lower()} today — it's the one "
                     "your plan builds on.")
    return "\n".join(lines)


def _rest_text(rest: Rest) -> str:
    heavy = rest.heavy_s // 60
    heavy_line = f"Rest {heavy}–{heavy + 1} min between loaded sets, so each one is strong."
    light_line = f"About {rest.light_s // 60} min between sets at body weight."
    if rest.loaded is True:
        return heavy_line
    if rest.loaded is False:
        return light_line
    return f"{heavy_line}\n{light_line}"


def _how_text(how: HowTo) -> str:
    return f"{how.name}: {how.cue}"

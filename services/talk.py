"""Talk inside a session that is not a new report: a correction, or a question.

Both run in the caller's unit of work (`services.messages.take_text`):
* `correct_in`: "actually 8 8 7", "wait, last set of lunges was 6" changes the stored line
  of the open session, or of the session closed last while none is open (its next targets
  follow, as an edited message's do). The entry is replaced, never added, so /undo and the
  history see one line. A correction that is not clear is explained; nothing is guessed.
* `question_in`: "how long should I rest?" is answered from the coach's rules
  (coach/questions.py) and today's card; nothing is stored.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from coach import session_life
from coach.exercises import by_id
from coach.questions import Answer, Card, answer
from coach.reports import ReportLine
from coach.sets import SetsReport
from coach.stored import Arrival
from coach.talk import Correction, last_set_to
from coach.understand import Reading, understand
from coach.views import SessionView
from services.closing import latest_done
from services.reports import ReportOutcome, context_of, correct_lines, load_view, store_lines
from services.uow import UnitOfWork

UNCLEAR = "unclear"  # the new numbers do not read cleanly
NOTHING = "nothing"  # nothing logged to correct
NO_SETS = "no sets"  # "last set was 6" of a line with no sets (skipped, as planned)


@dataclass(frozen=True)
class Corrected:
    """A stored line changed: the new entry (`outcome.stored`), and next targets moved."""

    outcome: ReportOutcome


@dataclass(frozen=True)
class NotCorrected:
    """A correction that changed nothing, and why (UNCLEAR, NOTHING, NO_SETS)."""

    correction: Correction
    why: str
    exercise_id: str | None = None


@dataclass(frozen=True)
class QuestionAnswered:
    """A question asked in the session, answered; `unit` is the runner's, for loads."""

    answer: Answer
    unit: str = "kg"


async def correct_in(uow: UnitOfWork, now: datetime, arrival: Arrival, correction: Correction,
                     message_id: int | None) -> Corrected | NotCorrected | None:
    """Change the stored line (see the module). None: the exercise named is not logged in
    the open session, so the message is a report of it and goes the report's way."""
    profile = arrival.profile
    if profile is None:
        return NotCorrected(correction, NOTHING)
    session = arrival.session
    open_one = session is not None and session.status == session_life.OPEN
    if not open_one:
        session = None if await uow.sessions.latest_open(profile.user_id) is not None \
            else await latest_done(uow, profile.user_id)
    if session is None:
        return NotCorrected(correction, NOTHING)
    view = await load_view(uow, profile, session, arrival.targets if open_one else None)
    exercise_id = correction.exercise_id or await _last_logged(uow, view)
    logged = {item.exercise.id: item.logged for item in view.items}
    entry = None if exercise_id is None else logged.get(exercise_id)
    if entry is None:
        return None if open_one and exercise_id is not None and correction.last_set is None \
            else NotCorrected(correction, NOTHING, exercise_id)
    assert exercise_id is not None
    line = _new_line(correction, exercise_id, entry.report, view)
    if isinstance(line, str):
        return NotCorrected(correction, line, exercise_id)
    if open_one:
        stored, view = await store_lines(uow, view, (line,), message_id, now)
        return Corrected(ReportOutcome(Reading(lines=(line,)), view, stored, corrected=True))
    done = await correct_lines(uow, profile, Reading(lines=(line,)), message_id, now)
    return NotCorrected(correction, NOTHING, exercise_id) if done is None else Corrected(done)


async def question_in(uow: UnitOfWork, arrival: Arrival, text: str) -> QuestionAnswered | None:
    """The answer to a question about the session (None: the text is not one)."""
    if answer(text, Card()) is None:  # cheap: no question, no read
        return None
    profile, session = arrival.profile, arrival.session
    card = Card()
    if profile is not None and session is not None:
        view = await load_view(uow, profile, session, arrival.targets)
        card = Card(view.pending, {item.exercise.id: view.day_targets.get(item.exercise.id)
                                   or item.target for item in view.items})
    found = answer(text, card)
    return None if found is None else QuestionAnswered(
        found, "kg" if profile is None else profile.unit)


async def _last_logged(uow: UnitOfWork, view: SessionView) -> str | None:
    entry = await uow.entries.last_of_session(view.session.id)
    return None if entry is None else entry.exercise_id


def _new_line(correction: Correction, exercise_id: str, stored: SetsReport,
              view: SessionView) -> ReportLine | str:
    """The corrected line, or why there is none (UNCLEAR, NO_SETS)."""
    if correction.last_set is not None:
        changed = last_set_to(stored, correction.last_set)
        return NO_SETS if changed is None else ReportLine(exercise_id, changed,
                                                          correction.body)
    exercise = by_id(exercise_id)
    text = correction.body if correction.exercise_id else \
        f"{exercise.aliases[0]} {correction.body}"
    reading = understand(text, context_of(view, view.profile.weights_kg))
    lines = [line for line in reading.lines if line.exercise_id == exercise_id]
    if reading.problems or reading.questions or len(reading.lines) != 1 or len(lines) != 1:
        return UNCLEAR
    line = lines[0]
    if line.sets.load_kg is None and stored.load_kg is not None:  # "8 8 7": same weight
        line = replace(line, sets=replace(line.sets, load_kg=stored.load_kg))
    return line

"""Questions the bot asked about a report, notes for the coach, and the runner's unit.

A question's choices are stored as JSON until the runner taps one, so a restart (or another
instance) still knows what each button stores; nothing of the reading is stored before that.
Storing a report's questions and notes happens inside `services.reports.log_report`'s
transaction; this service is for the calls on their own.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from coach import session_life
from coach.readline import Note
from coach.stored import MAX_OPEN_QUESTIONS, Asked, StoredNote
from coach.understand import Question, Reading
from services.reports import ReportOutcome, apply_reading, owned_view
from services.uow import UnitOfWork

__all__ = ["AS_WRITTEN", "EDIT", "MAX_OPEN_QUESTIONS", "Answered", "Asked", "QuestionGone",
           "StoredNote", "answer_question", "ask", "note", "notes_of", "set_unit", "take"]


class QuestionGone(LookupError):
    """The question was answered already, belongs to someone else, or never existed."""


async def ask(uow: UnitOfWork, now: datetime, user_id: int, session_id: int,
              source_message_id: int | None, question: Question) -> int:
    """Store a question's choices; return its id for the buttons."""
    return await uow.questions.add(user_id, session_id, source_message_id, (question,), now)


async def take(uow: UnitOfWork, user_id: int, question_id: int) -> Asked:
    """Remove and return the runner's own question; QuestionGone otherwise."""
    asked = await uow.questions.take(user_id, question_id)
    if asked is None:
        raise QuestionGone(question_id)
    return asked


async def note(uow: UnitOfWork, now: datetime, user_id: int, session_id: int | None,
               notes: tuple[Note, ...]) -> None:
    await uow.questions.add_notes(user_id, session_id, notes, now)


async def notes_of(uow: UnitOfWork, user_id: int) -> list[StoredNote]:
    """The runner's notes, oldest first (for the coach)."""
    return await uow.questions.notes(user_id)


async def set_unit(uow: UnitOfWork, user_id: int, unit: str) -> None:
    if unit not in ("kg", "lb"):
        raise ValueError(unit)
    await uow.users.set_fields(user_id, unit=unit)


EDIT = -1  # "Edit": drop every open doubt, the runner types it again
AS_WRITTEN = -2  # "All as I wrote": every open doubt's literal reading


@dataclass(frozen=True)
class Answered:
    """What a tap did: the question's doubts still open, and the report outcome (None:
    nothing was stored: "Edit")."""

    asked: Asked
    outcome: ReportOutcome | None


async def answer_question(uow: UnitOfWork, now: datetime, user_id: int, question_id: int,
                          choice: int, doubt: int = 0) -> Answered:
    """A tapped button of a question, in the caller's one transaction: a reading of one
    doubt (`doubt`, `choice`), EDIT or AS_WRITTEN. What it says is stored exactly (or the session
    finished), and the doubts it answers close. QuestionGone if the question, the doubt or
    the choice is not the runner's (or no longer open); SessionClosed if its session
    closed."""
    asked = await uow.questions.open(user_id, question_id)
    if asked is None:
        raise QuestionGone(question_id)
    closing, picked = _picked(asked, choice, doubt)
    left = await uow.questions.close(asked.id, closing)
    if picked is None:
        return Answered(replace(asked, doubts=left), None)
    view = await owned_view(uow, user_id, asked.session_id)
    session_life.report(view.session.status)
    outcome = await apply_reading(uow, view, picked, asked.source_message_id, now,
                                  waiting=bool(left))
    return Answered(replace(asked, doubts=left), outcome)


def _picked(asked: Asked, choice: int, doubt: int) -> tuple[list[int], Reading | None]:
    """The doubts a tap closes and the reading it stores (None: nothing, "Edit")."""
    if choice == EDIT:
        return [d.index for d in asked.doubts], None
    if choice == AS_WRITTEN:
        literal = [d for d in asked.doubts if d.literal is not None]
        if not literal:
            raise QuestionGone(asked.id)
        lines = tuple(line for d in literal for line in d.choices[d.literal or 0].lines)
        return [d.index for d in literal], Reading(lines=lines)
    found = asked.doubt(doubt)
    if found is None or not 0 <= choice < len(found.choices):
        raise QuestionGone(asked.id)
    picked = found.choices[choice]
    return [found.index], Reading(lines=picked.lines, finish=picked.finish)

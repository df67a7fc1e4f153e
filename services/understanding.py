"""Questions the bot asked about a report, notes for the coach, and the runner's unit.

A question's choices are stored as JSON until the runner taps one, so a restart (or another
instance) still knows what each button stores; nothing of the reading is stored before that.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.readline import Note
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.understand import Choice, Question
from storage.models import NoteRow, QuestionRow, User
from storage.uow import UnitOfWork

MAX_OPEN_QUESTIONS = 20  # per runner; older ones are dropped


class QuestionGone(LookupError):
    """The question was answered already, belongs to someone else, or never existed."""


@dataclass(frozen=True)
class Asked:
    """A question read back from the database."""

    id: int
    session_id: int
    source_message_id: int | None
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class StoredNote:
    exercise_id: str | None
    kind: str
    text: str
    created_at: datetime


class UnderstandingService:
    """Ask, answer, note, and the kg/lb setting."""

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = factory

    async def ask(self, user_id: int, session_id: int, source_message_id: int | None,
                  question: Question, now: datetime) -> int:
        """Store a question's choices; return its id for the buttons."""
        async with UnitOfWork(self.factory) as uow:
            session = uow.session
            row = QuestionRow(user_id=user_id, session_id=session_id,
                              source_message_id=source_message_id,
                              choices=_dump(question.choices), created_at=now)
            session.add(row)
            await session.flush()
            await _prune(session, user_id)
            return row.id

    async def take(self, user_id: int, question_id: int) -> Asked:
        """Remove and return the runner's own question; QuestionGone otherwise."""
        async with UnitOfWork(self.factory) as uow:
            row = await uow.session.get(QuestionRow, question_id)
            if row is None or row.user_id != user_id:
                raise QuestionGone(question_id)
            await uow.session.delete(row)
            return Asked(row.id, row.session_id, row.source_message_id, _load(row.choices))

    async def note(self, user_id: int, session_id: int | None, notes: tuple[Note, ...],
                   now: datetime) -> None:
        async with UnitOfWork(self.factory) as uow:
            for n in notes:
                uow.session.add(NoteRow(user_id=user_id, session_id=session_id,
                                        exercise_id=n.exercise_id, kind=n.kind,
                                        text=n.text[:100], created_at=now))

    async def notes(self, user_id: int) -> list[StoredNote]:
        """The runner's notes, oldest first (for the coach)."""
        async with UnitOfWork(self.factory) as uow:
            rows = await uow.session.scalars(
                select(NoteRow).where(NoteRow.user_id == user_id).order_by(NoteRow.id))
            return [StoredNote(r.exercise_id, r.kind, r.text, r.created_at) for r in rows]

    async def set_unit(self, user_id: int, unit: str) -> None:
        if unit not in ("kg", "lb"):
            raise ValueError(unit)
        async with UnitOfWork(self.factory) as uow:
            await uow.session.execute(update(User).where(User.id == user_id).values(unit=unit))


async def _prune(session: AsyncSession, user_id: int) -> None:
    ids = list(await session.scalars(
        select(QuestionRow.id).where(QuestionRow.user_id == user_id)
        .order_by(QuestionRow.id.desc()).offset(MAX_OPEN_QUESTIONS)))
    if ids:
        await session.execute(delete(QuestionRow).where(QuestionRow.id.in_(ids)))


def _dump(choices: tuple[Choice, ...]) -> str:
    return json.dumps([{"label": c.label, "finish": c.finish,
                        "lines": [_line(x) for x in c.lines]} for c in choices])


def _line(line: ReportLine) -> dict[str, Any]:
    s = line.sets
    return {"e": line.exercise_id, "k": s.kind.value, "r": list(s.reps),
            "l": None if s.left is None else list(s.left),
            "rt": None if s.right is None else list(s.right), "w": s.load_kg}


def _load(text: str) -> tuple[Choice, ...]:
    return tuple(Choice(c["label"], tuple(_unline(x) for x in c["lines"]), bool(c["finish"]))
                 for c in json.loads(text))


def _unline(data: dict[str, Any]) -> ReportLine:
    left, right = data["l"], data["rt"]
    sets = SetsReport(ReportKind(data["k"]), tuple(data["r"]),
                      None if left is None else tuple(left),
                      None if right is None else tuple(right), data["w"])
    return ReportLine(data["e"], sets, "")

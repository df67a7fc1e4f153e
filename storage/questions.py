"""Questions the bot asked about a report (their choices, until answered) and notes for the
coach (pain, skip reasons)."""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from coach.readline import Note
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.understand import Choice
from storage.models import Base, UTCDateTime


class QuestionRow(Base):
    """A reading the bot asked about instead of storing: its choices, until answered."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    choices: Mapped[str] = mapped_column(Text)  # JSON: labels and the lines each stores
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class NoteRow(Base):
    """A note for the coach from a report: pain, or why an exercise was skipped."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_user", "user_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("sessions.id", ondelete="CASCADE")
    )
    exercise_id: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(8))  # "pain" or "skip"
    text: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

MAX_OPEN_QUESTIONS = 20  # per runner; older ones are dropped


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


class QuestionsRepo:
    """The questions and notes tables."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user_id: int, session_id: int, source_message_id: int | None,
                  choices: tuple[Choice, ...], now: datetime) -> int:
        """Keep a question's choices; return its id. The oldest beyond the cap go."""
        question_id = await self.session.scalar(insert(QuestionRow).values(
            user_id=user_id, session_id=session_id, source_message_id=source_message_id,
            choices=_dump(choices), created_at=now).returning(QuestionRow.id))
        assert isinstance(question_id, int)
        ids = list(await self.session.scalars(
            select(QuestionRow.id).where(QuestionRow.user_id == user_id)
            .order_by(QuestionRow.id.desc()).offset(MAX_OPEN_QUESTIONS)))
        if ids:
            await self.session.execute(delete(QuestionRow).where(QuestionRow.id.in_(ids)))
        return question_id

    async def take(self, user_id: int, question_id: int) -> Asked | None:
        """Remove and return the runner's own question (None: not theirs, or gone)."""
        row = await self.session.get(QuestionRow, question_id)
        if row is None or row.user_id != user_id:
            return None
        await self.session.delete(row)
        return Asked(row.id, row.session_id, row.source_message_id, _load(row.choices))

    async def add_notes(self, user_id: int, session_id: int | None, notes: tuple[Note, ...],
                        now: datetime) -> None:
        if notes:
            await self.session.execute(insert(NoteRow), [
                {"user_id": user_id, "session_id": session_id, "exercise_id": n.exercise_id,
                 "kind": n.kind, "text": n.text[:100], "created_at": now} for n in notes])

    async def notes(self, user_id: int) -> list[StoredNote]:
        """The runner's notes, oldest first (for the coach)."""
        rows = await self.session.scalars(
            select(NoteRow).where(NoteRow.user_id == user_id).order_by(NoteRow.id))
        return [StoredNote(r.exercise_id, r.kind, r.text, r.created_at) for r in rows]


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

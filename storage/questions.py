"""Questions the bot asked about a report (their choices, until answered) and notes for the
coach (pain, skip reasons).

One row per report message: every line of it in doubt (a `Doubt`, with its readings) is
kept in the row's JSON, marked closed as the runner answers it; the row goes when none is
left open. Rows written before doubts were grouped (a plain list of choices) read as one
doubt, so their buttons still work."""

import json
from collections.abc import Collection, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from coach.readline import Note
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.stored import MAX_OPEN_QUESTIONS, Asked, StoredNote
from coach.understand import Choice, Question
from coach.views import Doubt
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
    choices: Mapped[str] = mapped_column(Text)  # JSON: each doubt's readings, open or not
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
    kind: Mapped[str] = mapped_column(String(8))  # "pain", "niggle" (coach/discomfort) or "skip"
    text: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QuestionsRepo:
    """The questions and notes tables."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user_id: int, session_id: int, source_message_id: int | None,
                  questions: Sequence[Question], now: datetime) -> int:
        """Keep one message's questions (its doubts); return its id. The oldest beyond the
        cap go."""
        doubts = [Doubt(n, q.choices, q.literal) for n, q in enumerate(questions)]
        question_id = await self.session.scalar(insert(QuestionRow).values(
            user_id=user_id, session_id=session_id, source_message_id=source_message_id,
            choices=_dump(doubts), created_at=now).returning(QuestionRow.id))
        assert isinstance(question_id, int)
        ids = list(await self.session.scalars(
            select(QuestionRow.id).where(QuestionRow.user_id == user_id)
            .order_by(QuestionRow.id.desc()).offset(MAX_OPEN_QUESTIONS)))
        if ids:
            await self.session.execute(delete(QuestionRow).where(QuestionRow.id.in_(ids)))
        return question_id

    async def open(self, user_id: int, question_id: int) -> Asked | None:
        """The runner's own question with its open doubts, locked until the transaction
        ends (None: not theirs, or gone)."""
        row = await self.session.get(QuestionRow, question_id, with_for_update=True)
        if row is None or row.user_id != user_id:
            return None
        doubts = tuple(d for d in _load(row.choices) if d.open)
        return Asked(row.id, row.session_id, row.source_message_id, doubts)

    async def close(self, question_id: int, indices: Collection[int]) -> tuple[Doubt, ...]:
        """Close these doubts of a question; return those still open (the row goes when
        none is)."""
        row = await self.session.get(QuestionRow, question_id)
        if row is None:
            return ()
        doubts = [replace(d, open=False) if d.index in indices else d
                  for d in _load(row.choices)]
        left = tuple(d for d in doubts if d.open)
        if left:
            row.choices = _dump(doubts)
        else:
            await self.session.delete(row)
        return left

    async def take(self, user_id: int, question_id: int) -> Asked | None:
        """Remove and return the runner's own question (None: not theirs, or gone)."""
        asked = await self.open(user_id, question_id)
        if asked is not None:
            await self.close(question_id, [d.index for d in asked.doubts])
        return asked

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


def _dump(doubts: Sequence[Doubt]) -> str:
    return json.dumps({"doubts": [
        {"literal": d.literal, "open": d.open, "choices": [
            {"label": c.label, "finish": c.finish, "lines": [_line(x) for x in c.lines]}
            for c in d.choices]} for d in doubts]})


def _line(line: ReportLine) -> dict[str, Any]:
    s = line.sets
    return {"e": line.exercise_id, "k": s.kind.value, "r": list(s.reps),
            "l": None if s.left is None else list(s.left),
            "rt": None if s.right is None else list(s.right), "w": s.load_kg}


def _load(text: str) -> tuple[Doubt, ...]:
    data = json.loads(text)
    if isinstance(data, list):  # a row from before doubts were grouped: one doubt
        return (Doubt(0, _choices(data)),)
    return tuple(Doubt(n, _choices(d["choices"]), d["literal"], bool(d["open"]))
                 for n, d in enumerate(data["doubts"]))


def _choices(data: list[dict[str, Any]]) -> tuple[Choice, ...]:
    return tuple(Choice(c["label"], tuple(_unline(x) for x in c["lines"]), bool(c["finish"]))
                 for c in data)


def _unline(data: dict[str, Any]) -> ReportLine:
    left, right = data["l"], data["rt"]
    sets = SetsReport(ReportKind(data["k"]), tuple(data["r"]),
                      None if left is None else tuple(left),
                      None if right is None else tuple(right), data["w"])
    return ReportLine(data["e"], sets, "")

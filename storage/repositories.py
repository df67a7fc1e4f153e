"""Repositories: the SQL of coachbot, one class per table, returning plain records."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, case, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from coach.progression import Target, initial_target
from coach.session_life import CLOSED_STATUSES
from coach.views import Delivery, Profile, SessionInfo, Status, days_to_mask
from storage.models import (
    DraftRow,
    EntryRow,
    InboxRow,
    MoveRow,
    ReviewRow,
    SessionRow,
    TargetRow,
    User,
    waiting,
)
from storage.questions import NoteRow, QuestionRow
from storage.values import days_of, parsed_ints, weights_of


def _ints(text: str | None) -> tuple[int, ...] | None:
    return None if text is None else parsed_ints(text)


def _text(values: Sequence[int] | None) -> str | None:
    return None if values is None else " ".join(str(v) for v in values)


def _profile(row: User | Row[Any]) -> Profile:
    """A profile from its ORM row or a plain result row of the users columns."""
    minutes = row.run_end_minutes
    return Profile(
        user_id=row.id,
        chat_id=row.chat_id,
        tz=row.tz,
        run_end=None if minutes is None else time(minutes // 60, minutes % 60),
        hard_days=days_of(row.hard_days),
        cross_days=days_of(row.cross_days),
        session_days=days_of(row.session_days),
        paused_until=row.paused_until,
        active=row.active,
        auto_progression=row.auto_progression,
        onboarded=row.onboarded_at is not None,
        unit=row.unit or "kg",
        unit_chosen=row.unit is not None,
        weights_kg=weights_of(row.weights),
        language=row.language,
    )


def session_info(row: SessionRow | Row[Any]) -> SessionInfo:
    """A session from its ORM row or a plain result row of the sessions columns."""
    return SessionInfo(
        id=row.id,
        user_id=row.user_id,
        kind=row.kind,
        session_date=row.session_date,
        due_at=row.due_at,
        delivery=row.delivery,
        status=row.status,
        message_id=row.message_id,
        attempts=row.attempts or 0,
        retry_at=row.retry_at,
        nudge=row.nudge,
        claimed_at=row.claimed_at,
        effort=row.effort,
    )


class UsersRepo:
    """The users table."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, user_id: int) -> Profile | None:
        row = await self.session.get(User, user_id)
        return None if row is None else _profile(row)

    async def ensure(self, user_id: int, chat_id: int, now: datetime) -> Profile:
        """Return the user, creating an empty row for a newcomer."""
        row = await self.session.get(User, user_id)
        if row is None:
            row = User(id=user_id, chat_id=chat_id, hard_days=0, cross_days=0, session_days=0,
                       active=True, auto_progression=True, created_at=now)
            self.session.add(row)
            await self.session.flush()
        return _profile(row)

    async def save_plan(self, user_id: int, hard: Sequence[int], cross: Sequence[int],
                        session_days: Sequence[int], run_end: time, tz: str,
                        now: datetime) -> None:
        await self.session.execute(
            update(User).where(User.id == user_id).values(
                hard_days=days_to_mask(tuple(hard)), cross_days=days_to_mask(tuple(cross)),
                session_days=days_to_mask(tuple(session_days)),
                run_end_minutes=run_end.hour * 60 + run_end.minute, tz=tz,
                onboarded_at=func.coalesce(User.onboarded_at, now), active=True,
            )
        )

    async def set_fields(self, user_id: int, **values: object) -> None:
        """Update plain settings columns (paused_until, active, auto_progression)."""
        allowed = {"paused_until", "active", "auto_progression", "chat_id", "unit", "language"}
        if not set(values) <= allowed:
            raise ValueError(f"not a settings column: {set(values) - allowed}")
        await self.session.execute(update(User).where(User.id == user_id).values(**values))

    async def language(self, user_id: int) -> str | None:
        return await self.session.scalar(select(User.language).where(User.id == user_id))

    async def adopt_language(self, user_id: int, code: str) -> str:
        """Store `code` as the language unless one was chosen before; the stored one."""
        await self.session.execute(update(User).where(
            User.id == user_id, User.language.is_(None)).values(language=code))
        return await self.session.scalar(select(User.language).where(User.id == user_id)) or code

    async def delete(self, user_id: int) -> None:
        """Delete the user and, through the foreign keys, every row that belongs to them."""
        for table in (QuestionRow, NoteRow, EntryRow, SessionRow, TargetRow, DraftRow, MoveRow,
                      ReviewRow, InboxRow):
            await self.session.execute(delete(table).where(table.user_id == user_id))
        await self.session.execute(delete(User).where(User.id == user_id))

    async def row_counts(self, user_id: int) -> dict[str, int]:
        """How many rows of each table belong to this user (privacy checks, /deleteme)."""
        columns = (User.id, SessionRow.user_id, EntryRow.user_id, TargetRow.user_id,
                   DraftRow.user_id, MoveRow.user_id, ReviewRow.user_id, QuestionRow.user_id,
                   NoteRow.user_id)
        return {
            column.class_.__tablename__: int(await self.session.scalar(
                select(func.count()).where(column == user_id)) or 0)
            for column in columns
        }

    async def count(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(User)) or 0)


class TargetsRepo:
    """The targets table: one row per user and exercise, created on first use."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def all_for(self, user_id: int) -> dict[str, Target]:
        rows = await self.session.scalars(select(TargetRow).where(TargetRow.user_id == user_id))
        return {r.exercise_id: Target(r.sets, r.reps, r.load_kg, r.variant or "") for r in rows}

    async def get(self, user_id: int, exercise_id: str) -> Target:
        row = await self.session.get(TargetRow, (user_id, exercise_id))
        return initial_target() if row is None else Target(row.sets, row.reps, row.load_kg,
                                                           row.variant or "")

    async def put(self, user_id: int, exercise_id: str, target: Target, now: datetime) -> None:
        row = await self.session.get(TargetRow, (user_id, exercise_id))
        if row is None:
            row = TargetRow(user_id=user_id, exercise_id=exercise_id)
            self.session.add(row)
        row.sets, row.reps, row.load_kg, row.variant, row.updated_at = (
            target.sets, target.reps, target.load_kg, target.variant, now)
        await self.session.flush()

    async def put_many(self, user_id: int, targets: Mapping[str, Target],
                       now: datetime) -> None:
        """Store several targets in one statement (insert, or update the existing row)."""
        if not targets:
            return
        dialect = self.session.get_bind().dialect.name
        upsert = pg_insert if dialect == "postgresql" else sqlite_insert
        stmt = upsert(TargetRow).values([
            {"user_id": user_id, "exercise_id": ex, "sets": t.sets, "reps": t.reps,
             "load_kg": t.load_kg, "variant": t.variant, "updated_at": now}
            for ex, t in targets.items()])
        await self.session.execute(stmt.on_conflict_do_update(
            index_elements=[TargetRow.user_id, TargetRow.exercise_id],
            set_={"sets": stmt.excluded.sets, "reps": stmt.excluded.reps,
                  "load_kg": stmt.excluded.load_kg, "variant": stmt.excluded.variant,
                  "updated_at": stmt.excluded.updated_at}))


class SessionsRepo:
    """The sessions table: the schedule (due rows) and the sessions runners log into."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, session_id: int) -> SessionInfo | None:
        row = await self.session.get(SessionRow, session_id)
        return None if row is None else session_info(row)

    async def add(self, user_id: int, kind: str, session_date: date, due_at: datetime,
                  delivery: Delivery, status: Status) -> SessionInfo:
        row = SessionRow(user_id=user_id, kind=kind, session_date=session_date, due_at=due_at,
                         delivery=delivery.value, status=status.value)
        self.session.add(row)
        await self.session.flush()
        return session_info(row)

    async def by_message(self, user_id: int, message_id: int) -> SessionInfo | None:
        row = await self.session.scalar(select(SessionRow).where(
            SessionRow.user_id == user_id, SessionRow.message_id == message_id).limit(1))
        return None if row is None else session_info(row)

    async def scheduled_on(self, user_id: int, session_date: date) -> SessionInfo | None:
        row = await self.session.scalar(select(SessionRow).where(
            SessionRow.user_id == user_id, SessionRow.kind == "scheduled",
            SessionRow.session_date == session_date))
        return None if row is None else session_info(row)

    async def cancel_due(self, user_id: int) -> None:
        """Drop the reminders not sent yet (the plan changed, or the user paused)."""
        await self.session.execute(delete(SessionRow).where(
            SessionRow.user_id == user_id, waiting(SessionRow.delivery),
            SessionRow.status == Status.PLANNED.value))

    async def next_due(self, user_id: int) -> SessionInfo | None:
        row = await self.session.scalar(
            select(SessionRow).where(SessionRow.user_id == user_id, waiting(SessionRow.delivery))
            .order_by(SessionRow.due_at).limit(1))
        return None if row is None else session_info(row)

    async def latest_open(self, user_id: int) -> SessionInfo | None:
        row = await self.session.scalar(
            select(SessionRow).where(SessionRow.user_id == user_id,
                                     SessionRow.status == Status.OPEN.value)
            .order_by(SessionRow.due_at.desc(), SessionRow.id.desc()).limit(1))
        return None if row is None else session_info(row)

    async def open_ones(self, user_id: int) -> list[SessionInfo]:
        rows = await self.session.scalars(select(SessionRow).where(
            SessionRow.user_id == user_id, SessionRow.status == Status.OPEN.value))
        return [session_info(r) for r in rows]

    async def count_done(self, user_id: int) -> int:
        """How many sessions the runner finished."""
        return int(await self.session.scalar(select(func.count()).where(
            SessionRow.user_id == user_id, SessionRow.status == Status.DONE.value)) or 0)

    async def for_report(self, user_id: int,
                         reply_to: int | None) -> tuple[Profile | None, SessionInfo | None]:
        """In one query: the runner, and the session a report goes into: the one replied to
        if it is not closed, else the latest open one, or one whose card is going out (its
        send not recorded yet: a quick reply to the card cannot name it by message id)."""
        replied = SessionRow.message_id == (-1 if reply_to is None else reply_to)
        row = (await self.session.execute(
            select(User, SessionRow).outerjoin(SessionRow, and_(
                SessionRow.user_id == User.id,
                SessionRow.status.not_in(sorted(CLOSED_STATUSES)),
                or_(SessionRow.status == Status.OPEN.value, replied, in_flight(SessionRow))))
            .where(User.id == user_id)
            .order_by(case((replied, 0), else_=1), SessionRow.due_at.desc(),
                      SessionRow.id.desc()).limit(1))).first()
        if row is None:
            return None, None
        user, session = row
        return _profile(user), None if session is None else session_info(session)

    async def mark_open(self, session_id: int, delivery: Delivery | None = None) -> None:
        """The runner is logging into it (an off-schedule start also settles its delivery)."""
        values = {} if delivery is None else {"delivery": delivery.value}
        await self._set(session_id, status=Status.OPEN.value, **values)

    async def mark_closed(self, session_id: int, status: Status, at: datetime,
                          delivery: str | None = None) -> None:
        """Done or skipped at `at` (a reminder not sent yet may be settled with it)."""
        values = {} if delivery is None else {"delivery": delivery}
        await self._set(session_id, status=status.value, closed_at=at, **values)

    async def snooze(self, session_id: int, due_at: datetime, status: str | None) -> None:
        """Send the reminder again at `due_at`, with a fresh count of attempts."""
        values = {} if status is None else {"status": status}
        await self._set(session_id, delivery=Delivery.DUE.value, due_at=due_at,
                        attempts=None, retry_at=None, **values)

    async def attach_message(self, session_id: int, message_id: int) -> None:
        """Replies to this bot message log into the session."""
        await self._set(session_id, message_id=message_id)

    async def set_effort(self, session_id: int, effort: str) -> None:
        """How hard the finished session felt, as the runner tapped it."""
        await self._set(session_id, effort=effort)

    async def _set(self, session_id: int, **values: object) -> None:
        await self.session.execute(
            update(SessionRow).where(SessionRow.id == session_id).values(**values))


def in_flight(row: type[SessionRow]) -> ColumnElement[bool]:
    """A planned session whose reminder is being sent now (claimed, not yet recorded)."""
    return and_(row.status == Status.PLANNED.value, row.delivery == Delivery.CLAIMED.value)

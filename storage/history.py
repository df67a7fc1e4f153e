"""Read queries for history, charts and export, and the writes of an import."""

from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, and_, bindparam, case, func, literal, select, tuple_, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from coach.history import Logged
from coach.progression import MIN_REPS
from coach.reports import ReportKind, SetsReport
from coach.review import SessionMark
from coach.views import Delivery, Status
from storage.entries import day_target_of, stamp_of
from storage.marks import BestRow
from storage.models import EntryRow, SessionRow
from storage.repositories import _ints, _text

IMPORTED = "imported"
# The bests a finished session is judged against (coach.records.Bests), built once: the
# kept rows (storage/marks.py) of every session but `session`, reduced to what the records
# compare with: per exercise, variant and side, the heaviest load done for MIN_REPS (its
# reps stand in as MIN_REPS), and the most reps at each load this session lifted.
_MOST = case((BestRow.session_id == bindparam("session"), BestRow.other_reps),
             else_=BestRow.reps)
_THEIRS = (select(BestRow.exercise_id, BestRow.variant, BestRow.side, BestRow.load_kg,
                  _MOST.label("most"))
           .where(BestRow.user_id == bindparam("user"),
                  BestRow.exercise_id.in_(bindparam("exercises", expanding=True)))).subquery()
_BESTS = union_all(
    select(_THEIRS.c.exercise_id, _THEIRS.c.variant, _THEIRS.c.side,
           func.max(case((_THEIRS.c.most >= MIN_REPS, _THEIRS.c.load_kg))),
           literal(MIN_REPS), literal(0).label("exact"))
    .where(_THEIRS.c.most.is_not(None))
    .group_by(_THEIRS.c.exercise_id, _THEIRS.c.variant, _THEIRS.c.side),
    select(_THEIRS.c.exercise_id, _THEIRS.c.variant, _THEIRS.c.side, _THEIRS.c.load_kg,
           _THEIRS.c.most, literal(1))
    .where(_THEIRS.c.most.is_not(None), tuple_(_THEIRS.c.exercise_id, _THEIRS.c.load_kg)
           .in_(bindparam("lifted", expanding=True))))


class HistoryRepo:
    """Every logged exercise of a runner with its session, oldest first."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def logged(self, user_id: int, since: date | None = None) -> list[Logged]:
        """Stored reports (skips included) with their session's local date.

        Plain columns, not ORM objects: a year of history is ~800 rows per runner.
        """
        query = (select(EntryRow.session_id, SessionRow.session_date, EntryRow.created_at,
                        EntryRow.exercise_id, EntryRow.kind, EntryRow.reps, EntryRow.left,
                        EntryRow.right, EntryRow.load_kg, EntryRow.day_sets, EntryRow.day_reps,
                        EntryRow.day_load_kg, EntryRow.day_variant, EntryRow.from_sets,
                        EntryRow.from_reps, EntryRow.from_load_kg, EntryRow.from_variant)
                 .join(SessionRow, SessionRow.id == EntryRow.session_id)
                 .where(EntryRow.user_id == user_id))
        if since is not None:
            query = query.where(SessionRow.session_date >= since)
        rows = await self.session.execute(
            query.order_by(SessionRow.session_date, EntryRow.created_at, EntryRow.id))
        return [_logged(row) for row in rows]

    async def bests(self, user_id: int, session_id: int,
                    lifted: Collection[tuple[str, float]]
                    ) -> dict[tuple[str, str, str], dict[float, int]]:
        """What session `session_id` is judged against for records, from the kept bests of
        every other session (one short read, whatever the history): per exercise, variant
        and side, the heaviest load done for MIN_REPS and the most reps at each (exercise,
        load) in `lifted`; every exercise, variant and side done before is a key."""
        out: dict[tuple[str, str, str], dict[float, int]] = {}
        if not lifted:
            return out
        rows = await self.session.execute(_BESTS, {
            "user": user_id, "session": session_id, "lifted": sorted(set(lifted)),
            "exercises": sorted({exercise_id for exercise_id, _ in lifted})})
        for exercise_id, variant, side, load_kg, most, _ in sorted(rows, key=lambda r: r[5]):
            at = out.setdefault((exercise_id, variant, side), {})
            if load_kg is not None:
                at[float(load_kg)] = int(most)
        return out

    async def session_page(self, user_id: int, offset: int, size: int) -> tuple[list[int], int]:
        """Ids of sessions with something logged, newest first, and how many there are."""
        with_entries = (select(SessionRow.id, SessionRow.session_date, SessionRow.due_at)
                        .join(EntryRow, and_(EntryRow.session_id == SessionRow.id,
                                             EntryRow.kind != ReportKind.SKIPPED.value))
                        .where(SessionRow.user_id == user_id).distinct().subquery())
        total = int(await self.session.scalar(
            select(func.count()).select_from(with_entries)) or 0)
        ids = await self.session.scalars(
            select(with_entries.c.id)
            .order_by(with_entries.c.session_date.desc(), with_entries.c.due_at.desc(),
                      with_entries.c.id.desc())
            .offset(offset).limit(size))
        return list(ids), total

    async def days_with(self, user_id: int) -> set[tuple[date, str]]:
        """(local date, exercise) pairs already logged: what an import must not repeat."""
        rows = await self.session.execute(
            select(SessionRow.session_date, EntryRow.exercise_id)
            .join(EntryRow, EntryRow.session_id == SessionRow.id)
            .where(SessionRow.user_id == user_id, EntryRow.kind != ReportKind.SKIPPED.value))
        return {(day, exercise) for day, exercise in rows}

    async def add_imported(self, user_id: int, day: date, at: datetime,
                           reports: Sequence[tuple[str, SetsReport]]) -> int:
        """One finished session from an import, with its exercises; returns its id."""
        row = SessionRow(user_id=user_id, kind=IMPORTED, session_date=day, due_at=at,
                         delivery=Delivery.NONE.value, status=Status.DONE.value, closed_at=at)
        self.session.add(row)
        await self.session.flush()
        for exercise_id, report in reports:
            self.session.add(EntryRow(
                session_id=row.id, user_id=user_id, exercise_id=exercise_id,
                kind=report.kind.value, reps=_text(report.reps) or "", left=_text(report.left),
                right=_text(report.right), load_kg=report.load_kg, created_at=at))
        await self.session.flush()
        return row.id

    async def marks(self, user_id: int, first: date, last: date) -> list[SessionMark]:
        """The runner's sessions between two local dates, as the weekly review counts them."""
        rows = await self.session.execute(
            select(SessionRow.session_date, SessionRow.kind, SessionRow.status)
            .where(SessionRow.user_id == user_id, SessionRow.session_date >= first,
                   SessionRow.session_date <= last)
            .order_by(SessionRow.session_date, SessionRow.id))
        return [SessionMark(day, kind == "scheduled", status == Status.DONE.value,
                            status == Status.SKIPPED.value) for day, kind, status in rows]


def _logged(row: Row[*tuple[Any, ...]]) -> Logged:
    report = SetsReport(ReportKind(row.kind), _ints(row.reps) or (), _ints(row.left),
                        _ints(row.right), row.load_kg)
    return Logged(row.session_id, row.session_date, row.created_at, row.exercise_id, report,
                  day_target_of(row.day_sets, row.day_reps, row.day_load_kg, row.day_variant),
                  stamp_of(row.from_sets, row.from_reps, row.from_load_kg, row.from_variant))

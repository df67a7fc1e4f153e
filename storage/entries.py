"""The entries table: what runners reported, exercise by exercise."""

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    Row,
    Select,
    Table,
    bindparam,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from coach.concrete import DayTarget
from coach.progression import Target
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.views import Entry
from storage.marks import MarkRow
from storage.models import EntryRow, SessionRow
from storage.repositories import _ints, _text

EntryMaps = tuple[dict[str, Entry], dict[str, Entry]]


# Entries in the order of the runner's log: by session day, then by when they were logged
# (ids say nothing about days once an import has added older sessions).
BY_DAY = (SessionRow.session_date, EntryRow.created_at, EntryRow.session_id, EntryRow.id)
NEWEST_FIRST = tuple(column.desc() for column in BY_DAY)


def latest_elsewhere(user_ids: Collection[int], sessions: Collection[int]) -> Select[tuple[int]]:
    """Ids of each runner's latest entry of each exercise outside `sessions` (skips left
    out): "last time" on a card."""
    ranked = (select(EntryRow.id, func.row_number().over(
                  partition_by=(EntryRow.user_id, EntryRow.exercise_id), order_by=NEWEST_FIRST)
                  .label("rank"))
              .join(SessionRow, SessionRow.id == EntryRow.session_id)
              .where(EntryRow.user_id.in_(user_ids), EntryRow.session_id.not_in(sessions),
                     EntryRow.kind != ReportKind.SKIPPED.value)).subquery()
    return select(ranked.c.id).where(ranked.c.rank == 1)


ENTRIES = cast(Table, EntryRow.__table__)
_USER: BindParameter[int] = bindparam("user")
_SESSION: BindParameter[int] = bindparam("session")
# `around`, built once: this session's entries, the kept marks (storage/marks.py) outside
# it, and, for the exercises whose mark is this session's, the latest entry elsewhere
# (ranked among that runner's entries of those exercises only). Three reads joined by
# UNION ALL, each searching an index: written as one WHERE with ORs of IN (subquery),
# PostgreSQL walks the whole table's primary key (0.7 s at 2.6 million entries). They
# cannot overlap: a runner's exercise has one mark, here or elsewhere.
_MARKED_HERE = select(MarkRow.exercise_id).where(MarkRow.user_id == _USER,
                                                 MarkRow.session_id == _SESSION)
_LATEST = (select(EntryRow.id, func.row_number().over(
               partition_by=EntryRow.exercise_id, order_by=NEWEST_FIRST).label("rank"))
           .join(SessionRow, SessionRow.id == EntryRow.session_id)
           .where(EntryRow.user_id == _USER, EntryRow.session_id != _SESSION,
                  EntryRow.kind != ReportKind.SKIPPED.value,
                  EntryRow.exercise_id.in_(_MARKED_HERE))).subquery("latest")
_AROUND = union_all(
    select(*ENTRIES.c).where(ENTRIES.c.session_id == _SESSION),
    select(*ENTRIES.c).join(MarkRow, MarkRow.entry_id == ENTRIES.c.id)
    .where(MarkRow.user_id == _USER, MarkRow.session_id != _SESSION),
    select(*ENTRIES.c).join(_LATEST, _LATEST.c.id == ENTRIES.c.id)
    .where(_LATEST.c.rank == 1)).order_by(literal_column("id"))


def entry_of(row: EntryRow | Row[Any]) -> Entry:
    """An entry from its ORM row or a plain result row of the same columns."""
    return Entry(row.id, row.session_id, row.exercise_id,
                 report_of(row.kind, row.reps, row.left, row.right, row.load_kg),
                 row.source_message_id, row.created_at,
                 stamp_of(row.from_sets, row.from_reps, row.from_load_kg, row.from_variant),
                 day_target_of(row.day_sets, row.day_reps, row.day_load_kg, row.day_variant))


# The stored columns -> the frozen values they mean, kept for the values seen most: a batch
# of cards reads thousands of entries made of a few hundred distinct reports and targets.
@lru_cache(maxsize=8192)
def report_of(kind: str, reps: str | None, left: str | None, right: str | None,
              load_kg: float | None) -> SetsReport:
    """A report from its stored columns."""
    return SetsReport(kind=ReportKind(kind), reps=_ints(reps) or (), left=_ints(left),
                      right=_ints(right), load_kg=load_kg)


@lru_cache(maxsize=4096)
def stamp_of(sets: int | None, reps: int | None, load_kg: float | None,
             variant: str | None) -> Target | None:
    """The close stamp from its columns (None: the session was not closed then)."""
    if sets is None or reps is None:
        return None
    return Target(sets, reps, load_kg or 0.0, variant or "")


@lru_cache(maxsize=4096)
def day_target_of(sets: int | None, reps: int | None, load_kg: float | None,
                  variant: str | None) -> DayTarget | None:
    """The day's target from its columns (None: stored before they existed, or imported)."""
    if sets is None or reps is None:
        return None
    return DayTarget(sets, reps, load_kg or 0.0, variant or "")


class EntriesRepo:
    """The entries table: what runners reported, exercise by exercise."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_session(self, session_id: int) -> list[Entry]:
        rows = await self.session.scalars(
            select(EntryRow).where(EntryRow.session_id == session_id).order_by(EntryRow.id))
        return [entry_of(r) for r in rows]

    async def history(self, user_id: int) -> dict[str, tuple[int, Entry, Entry]]:
        """Per exercise: times logged (skips left out), the first and the latest entry, by
        session day as the charts have them (an import may add older sessions later)."""
        mine = (EntryRow.exercise_id,)
        ranked = (select(EntryRow.id, EntryRow.exercise_id,
                         func.row_number().over(partition_by=mine, order_by=BY_DAY).label("up"),
                         func.row_number().over(partition_by=mine, order_by=NEWEST_FIRST)
                         .label("down"), func.count().over(partition_by=mine).label("times"))
                  .join(SessionRow, SessionRow.id == EntryRow.session_id)
                  .where(EntryRow.user_id == user_id,
                         EntryRow.kind != ReportKind.SKIPPED.value)).subquery()
        ends = (await self.session.execute(
            select(ranked.c.exercise_id, ranked.c.id, ranked.c.up, ranked.c.times)
            .where(or_(ranked.c.up == 1, ranked.c.down == 1)))).all()
        rows = await self.session.scalars(
            select(EntryRow).where(EntryRow.id.in_({row.id for row in ends})))
        entries = {row.id: entry_of(row) for row in rows}
        out: dict[str, tuple[int, Entry, Entry]] = {}
        for exercise_id, entry_id, up, times in ends:  # first by day, then the latest
            first, latest = out.get(exercise_id, (0, entries[entry_id], entries[entry_id]))[1:]
            out[exercise_id] = (int(times), *((entries[entry_id], latest) if up == 1
                                              else (first, entries[entry_id])))
        return out

    async def last_of_session(self, session_id: int) -> Entry | None:
        row = await self.session.scalar(select(EntryRow).where(
            EntryRow.session_id == session_id).order_by(EntryRow.id.desc()).limit(1))
        return None if row is None else entry_of(row)

    async def delete(self, entry_id: int) -> None:
        await self.session.execute(delete(EntryRow).where(EntryRow.id == entry_id))

    async def delete_from_message(self, user_id: int, message_id: int) -> int | None:
        """Drop what one message stored; return its session id, or None if it stored nothing."""
        session_id = await self.session.scalar(select(EntryRow.session_id).where(
            EntryRow.user_id == user_id, EntryRow.source_message_id == message_id).limit(1))
        if session_id is not None:
            await self.session.execute(delete(EntryRow).where(
                EntryRow.user_id == user_id, EntryRow.source_message_id == message_id))
        return session_id

    async def around(self, user_id: int, session_id: int) -> EntryMaps:
        """In one query: the latest entry of each exercise from other sessions (skips left
        out), and this session's entries, each by exercise id."""
        rows = await self.session.execute(_AROUND, {"user": user_id, "session": session_id})
        last: dict[str, Entry] = {}
        logged: dict[str, Entry] = {}
        for row in rows:
            (logged if row.session_id == session_id else last)[row.exercise_id] = entry_of(row)
        return last, logged

    async def put_many(self, user_id: int, session_id: int, lines: Sequence[ReportLine],
                       source_message_id: int | None, now: datetime,
                       replacing: Sequence[str] = (),
                       days: Mapping[str, DayTarget] | None = None) -> list[Entry]:
        """Store reports in one insert, one line per exercise; `replacing`: exercises whose
        earlier entry in this session goes first (one delete, skipped when there are none);
        `days`: the day's target each exercise was logged against."""
        if replacing:
            await self.session.execute(delete(EntryRow).where(
                EntryRow.session_id == session_id, EntryRow.exercise_id.in_(replacing)))
        if not lines:
            return []
        days = days or {}
        values = [_values(user_id, session_id, line.exercise_id, line.sets,
                          source_message_id, now) | _day_values(days.get(line.exercise_id))
                  for line in lines]
        table = cast(Table, EntryRow.__table__)  # Core: one multi-row insert, whatever is NULL
        rows = await self.session.execute(insert(table).returning(*table.c), values)
        stored = {row.exercise_id: entry_of(row) for row in rows}  # one line per exercise
        return [stored[line.exercise_id] for line in lines]

    async def stamp_many(self, session_id: int, stamps: Mapping[str, Target]) -> None:
        """Remember the target each exercise of this session was done against."""
        if not stamps:
            return
        table = cast(Table, EntryRow.__table__)  # Core: one executemany, no ORM bulk rules
        await self.session.execute(
            update(table).where(table.c.session_id == session_id,
                                table.c.exercise_id == bindparam("ex"))
            .values(from_sets=bindparam("s"), from_reps=bindparam("r"),
                    from_load_kg=bindparam("w"), from_variant=bindparam("v")),
            [{"ex": ex, "s": t.sets, "r": t.reps, "w": t.load_kg, "v": t.variant}
             for ex, t in stamps.items()])


def _values(user_id: int, session_id: int, exercise_id: str, report: SetsReport,
            source_message_id: int | None, now: datetime) -> dict[str, object]:
    return {"session_id": session_id, "user_id": user_id, "exercise_id": exercise_id,
            "kind": report.kind.value, "reps": _text(report.reps) or "",
            "left": _text(report.left), "right": _text(report.right),
            "load_kg": report.load_kg, "source_message_id": source_message_id,
            "created_at": now}


def _day_values(day: DayTarget | None) -> dict[str, object]:
    if day is None:
        return {"day_sets": None, "day_reps": None, "day_load_kg": None, "day_variant": None}
    return {"day_sets": day.sets, "day_reps": day.reps, "day_load_kg": day.load_kg,
            "day_variant": day.variant}


"""What a batch of cards shows, read as plain columns (no ORM objects): runners with their
kit, targets, "last time" from the kept marks (storage/marks.py), this session's entries and
this week's moves, one statement each whatever the batch's size."""

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Integer, Row, Table, any_, func, select, tuple_
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from coach.equipment import Equipment
from coach.plan import Move
from coach.progression import Target
from coach.reports import SetsReport
from coach.views import Entry, Profile
from storage.among import among
from storage.coaching import kit_of
from storage.entries import entry_of, latest_elsewhere, report_of, stamp_of
from storage.marks import MarkRow
from storage.models import EntryRow, MoveRow, TargetRow, User
from storage.repositories import _profile

ENTRIES = cast(Table, EntryRow.__table__)
RUNNERS = cast(Table, User.__table__)
# Plain table columns, not mapped attributes: a statement of these alone is run as Core,
# its rows not passed through the ORM's loading.
TARGETS = cast(Table, TargetRow.__table__)
MARKS = cast(Table, MarkRow.__table__)
MOVES = cast(Table, MoveRow.__table__)
# "Last time" on a card: the entry's session, runner and exercise, and its report.
_LAST = [ENTRIES.c[name] for name in ("session_id", "user_id", "exercise_id", "kind", "reps",
                                      "left", "right", "load_kg")]
# What a profile and kit are made of (when the runner joined is not).
_RUNNER_COLUMNS = [column for column in RUNNERS.c if column.name != "created_at"]


# A batch's step 3 reads its runners up to three times (views, draft, write): each distinct
# row is made into a profile and kit once.
@lru_cache(maxsize=4096)
def _runner(row: Row[Any]) -> tuple[Profile, Equipment | None]:
    return _profile(row), kit_of(row.equipment, row.weights)


class CardsBatch:
    """The batch reads of services/batches.build_views."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def runners(self, user_ids: Iterable[int]
                      ) -> dict[int, tuple[Profile, Equipment | None]]:
        """Each runner's profile and kit (None: never said)."""
        rows = (await self.session.execute(
            select(*_RUNNER_COLUMNS).where(among(self.session, RUNNERS.c.id, set(user_ids))))
        ).all()  # at once: iterating fetches row by row through three layers of calls
        return {row.id: _runner(row) for row in rows}

    async def targets(self, user_ids: Iterable[int]) -> dict[int, dict[str, Target]]:
        out: dict[int, dict[str, Target]] = defaultdict(dict)
        rows = (await self.session.execute(
            select(TARGETS.c.user_id, TARGETS.c.exercise_id, TARGETS.c.sets, TARGETS.c.reps,
                   TARGETS.c.load_kg, TARGETS.c.variant)
            .where(among(self.session, TARGETS.c.user_id, set(user_ids))))).all()
        for user, exercise_id, sets, reps, load_kg, variant in rows:  # a few hundred distinct
            out[user][exercise_id] = cast(Target, stamp_of(sets, reps, load_kg, variant))
        return out

    async def last(self, user_ids: Collection[int],
                   sessions: Collection[int]) -> dict[int, dict[str, SetsReport]]:
        """Per runner, the latest report of each exercise outside `sessions` (skips left
        out): the kept mark's entry, or, where the mark lies in one of `sessions` (logged
        into already), the one before it, read for those runners only. Only what a card
        shows of it is read (a batch reads five a runner)."""
        out: dict[int, dict[str, SetsReport]] = defaultdict(dict)
        inside: set[tuple[int, str]] = set()
        runners = among(self.session, MARKS.c.user_id, set(user_ids))
        if self.session.get_bind().dialect.name == "postgresql":  # the marks' entries by
            kept = ENTRIES.c.id == any_(sql_cast(  # their ids, never a scan of the whole log
                select(func.array_agg(MARKS.c.entry_id)).where(runners).scalar_subquery(),
                ARRAY(Integer)))
        else:
            kept = ENTRIES.c.id.in_(select(MARKS.c.entry_id).where(runners))
        rows = (await self.session.execute(select(*_LAST).where(kept))).all()
        for session_id, user_id, exercise_id, kind, reps, left, right, load_kg in rows:
            if session_id in sessions:
                inside.add((user_id, exercise_id))
            else:
                out[user_id][exercise_id] = report_of(kind, reps, left, right, load_kg)
        if inside:
            newest = latest_elsewhere({user for user, _ in inside}, sessions)
            for _, user_id, exercise_id, *report in await self.session.execute(
                    select(*_LAST).where(ENTRIES.c.id.in_(newest), tuple_(
                        ENTRIES.c.user_id, ENTRIES.c.exercise_id).in_(inside))):
                out[user_id][exercise_id] = report_of(*report)
        return out

    async def logged(self, session_ids: Iterable[int]) -> dict[int, dict[str, Entry]]:
        """What was logged into these sessions so far, per session and exercise."""
        out: dict[int, dict[str, Entry]] = defaultdict(dict)
        rows = await self.session.execute(select(*ENTRIES.c).where(
            among(self.session, ENTRIES.c.session_id, set(session_ids))).order_by(ENTRIES.c.id))
        for row in rows:
            out[row.session_id][row.exercise_id] = entry_of(row)
        return out

    async def moves(self, since: Mapping[int, date]) -> dict[int, tuple[Move, ...]]:
        """Each runner's moves from their own `since` on."""
        if not since:
            return {}
        out: dict[int, list[Move]] = defaultdict(list)
        rows = await self.session.execute(
            select(MOVES.c.user_id, MOVES.c.from_date, MOVES.c.to_date)
            .where(among(self.session, MOVES.c.user_id, since),
                   MOVES.c.to_date >= min(since.values()))
            .order_by(MOVES.c.id))
        for user, from_date, to_date in rows:
            if to_date >= since[user]:
                out[user].append(Move(from_date, to_date))
        return {user: tuple(moves) for user, moves in out.items()}

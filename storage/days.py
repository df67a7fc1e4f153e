"""What shapes one session day, read in one statement: the readiness told for it and the
pain not yet fine (readiness), the races near it (races), and the runner's last finished
session before it (sessions, for a comeback after a break)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Integer, Row, String, cast, func, literal, null, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from coach.races import Distance, Race
from storage.models import SessionRow, Status
from storage.races import (
    RATING,
    DayReadiness,
    RaceRow,
    ReadinessRow,
    StoredRace,
    day_readiness,
)


@dataclass(frozen=True)
class DayFacts:
    """The session day's readiness, the races from `races_since` on, the last done day
    and the first (the periodisation's blocks count from it, coach/period.py)."""

    readiness: DayReadiness
    races: tuple[StoredRace, ...]
    last_done: date | None
    first_done: date | None = None


class DaysRepo:
    """One UNION ALL over readiness, races and sessions for the session being logged."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def facts(self, user_id: int, session_id: int, day: date,
                    races_since: date) -> DayFacts:
        text, number = String(16), Integer()
        told = select(literal("told").label("kind"), ReadinessRow.session_date.label("day"),
                      ReadinessRow.level.label("level"), ReadinessRow.area.label("area"),
                      ReadinessRow.id.label("rid"), cast(null(), text).label("distance"),
                      cast(null(), String(60)).label("name"),
                      RATING.label("score")).where(
            ReadinessRow.user_id == user_id,
            (ReadinessRow.area.is_not(None) & ReadinessRow.cleared_at.is_(None))
            | ((ReadinessRow.session_date == day) & ReadinessRow.area.is_(None)))
        races = select(literal("race"), RaceRow.race_date, cast(null(), String(8)),
                       cast(null(), text), RaceRow.id, RaceRow.distance, RaceRow.name,
                       cast(null(), number)).where(
            RaceRow.user_id == user_id, RaceRow.race_date >= races_since)
        done = select(literal("done"), func.max(SessionRow.session_date),
                      cast(null(), String(8)), cast(null(), text), cast(null(), number),
                      cast(null(), text), cast(null(), String(60)),
                      cast(null(), number)).where(
            SessionRow.user_id == user_id, SessionRow.id != session_id,
            SessionRow.status == Status.DONE.value, SessionRow.session_date < day)
        first = select(literal("first"), func.min(SessionRow.session_date),
                       cast(null(), String(8)), cast(null(), text), cast(null(), number),
                       cast(null(), text), cast(null(), String(60)),
                       cast(null(), number)).where(
            SessionRow.user_id == user_id, SessionRow.status == Status.DONE.value,
            SessionRow.session_date < day)
        query = union_all(told, races, done, first).subquery()
        rows = (await self.session.execute(
            select(query).order_by(query.c.kind, query.c.day, query.c.rid))).all()
        return _facts(rows, day)


def _facts(rows: Sequence[Row[Any]], day: date) -> DayFacts:
    readiness = day_readiness([(r.day, str(r.level), r.area, r.score) for r in rows
                               if r.kind == "told"], day)
    races = tuple(StoredRace(r.rid, Race(r.day, Distance(str(r.distance)), r.name))
                  for r in rows if r.kind == "race")
    last = next((r.day for r in rows if r.kind == "done"), None)
    first = next((r.day for r in rows if r.kind == "first"), None)
    return DayFacts(readiness, races, last, first)


class DaysBatch:
    """The same facts for a batch of sessions (the scheduler's reminders), in three
    statements whatever the batch's size."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def facts_many(self, sessions: Sequence[tuple[int, int, date]],
                         look_back: timedelta) -> dict[int, DayFacts]:
        """(user id, session id, day) -> that session's facts, by session id."""
        if not sessions:
            return {}
        users = {user for user, _, _ in sessions}
        days = {day for _, _, day in sessions}
        told = (await self.session.execute(
            select(ReadinessRow.user_id, ReadinessRow.session_date, ReadinessRow.level,
                   ReadinessRow.area, ReadinessRow.id, RATING.label("score")).where(
                ReadinessRow.user_id.in_(users),
                (ReadinessRow.area.is_not(None) & ReadinessRow.cleared_at.is_(None))
                | (ReadinessRow.session_date.in_(days) & ReadinessRow.area.is_(None)))
            .order_by(ReadinessRow.id))).all()
        races = await self.races_of(users, min(days) - look_back)
        done: dict[int, tuple[date | None, date | None]] = {
            user: (last, first) for user, last, first in (await self.session.execute(
                select(SessionRow.user_id, func.max(SessionRow.session_date),
                       func.min(SessionRow.session_date)).where(
                    SessionRow.user_id.in_(users), SessionRow.status == Status.DONE.value)
                .group_by(SessionRow.user_id))).all()}
        out = {}
        for user, session_id, day in sessions:
            readiness = day_readiness([(r.session_date, r.level, r.area, r.score) for r in told
                                       if r.user_id == user], day)
            mine = tuple(r for r in races.get(user, ()) if r.race.race_date >= day - look_back)
            last, first = done.get(user, (None, None))
            out[session_id] = DayFacts(readiness, mine,
                                       last if last is not None and last < day else None,
                                       first if first is not None and first < day else None)
        return out

    async def races_of(self, users: Iterable[int], since: date
                       ) -> dict[int, tuple[StoredRace, ...]]:
        """Each runner's races on or after `since`, soonest first."""
        rows = await self.session.scalars(select(RaceRow).where(
            RaceRow.user_id.in_(set(users)), RaceRow.race_date >= since)
            .order_by(RaceRow.race_date))
        out: dict[int, list[StoredRace]] = {}
        for r in rows:
            out.setdefault(r.user_id, []).append(
                StoredRace(r.id, Race(r.race_date, Distance(r.distance), r.name)))
        return {user: tuple(found) for user, found in out.items()}

"""What shapes one session day, read in one statement: the readiness told for it and the
pain not yet fine (readiness), the races near it (races), and the runner's last finished
session before it (sessions, for a comeback after a break)."""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Date,
    Integer,
    Row,
    ScalarSelect,
    Select,
    SQLColumnExpression,
    String,
    bindparam,
    cast,
    func,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from coach.races import Distance, Race
from coach.stored import DayFacts, StoredRace
from coach.views import Status
from storage.among import among
from storage.models import SessionRow
from storage.races import RATING, RaceRow, ReadinessRow, day_readiness


def last_done(user: int | SQLColumnExpression[int], session: int | SQLColumnExpression[int],
              day: date | SQLColumnExpression[date]) -> ScalarSelect[date]:
    """The one definition of a runner's last finished session before a day (the comeback
    rule's trigger), for the card and the report alike: the latest day of a done session
    other than `session`, strictly before `day`."""
    done = aliased(SessionRow)
    return select(func.max(done.session_date)).where(
        done.user_id == user, done.id != session, done.status == Status.DONE.value,
        done.session_date < day).scalar_subquery()


def first_done(user: int | SQLColumnExpression[int],
               day: date | SQLColumnExpression[date]) -> ScalarSelect[date]:
    """The runner's first finished session day before `day` (the blocks count from it)."""
    done = aliased(SessionRow)
    return select(func.min(done.session_date)).where(
        done.user_id == user, done.status == Status.DONE.value,
        done.session_date < day).scalar_subquery()


class DaysRepo:
    """One UNION ALL over readiness, races and sessions for the session being logged."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def facts(self, user_id: int, session_id: int, day: date,
                    races_since: date) -> DayFacts:
        rows = (await self.session.execute(_FACTS, {
            "user": user_id, "session": session_id, "day": day,
            "races_since": races_since})).all()
        return _facts(rows, day)


def _facts_query() -> Select[Any]:
    """`DaysRepo.facts`' statement, built once (its values are bound at each call)."""
    user, session = bindparam("user", type_=BigInteger), bindparam("session", type_=Integer)
    day, since = bindparam("day", type_=Date), bindparam("races_since", type_=Date)
    text, number = String(16), Integer()
    told = select(literal("told").label("kind"), ReadinessRow.session_date.label("day"),
                  ReadinessRow.level.label("level"), ReadinessRow.area.label("area"),
                  ReadinessRow.id.label("rid"), cast(null(), text).label("distance"),
                  cast(null(), String(60)).label("name"),
                  RATING.label("score")).where(
        ReadinessRow.user_id == user,
        (ReadinessRow.area.is_not(None) & ReadinessRow.cleared_at.is_(None))
        | ((ReadinessRow.session_date == day) & ReadinessRow.area.is_(None)))
    races = select(literal("race"), RaceRow.race_date, cast(null(), String(8)),
                   cast(null(), text), RaceRow.id, RaceRow.distance, RaceRow.name,
                   cast(null(), number)).where(
        RaceRow.user_id == user, RaceRow.race_date >= since)
    done = select(literal("done"), last_done(user, session, day),
                  cast(null(), String(8)), cast(null(), text), cast(null(), number),
                  cast(null(), text), cast(null(), String(60)), cast(null(), number))
    first = select(literal("first"), first_done(user, day),
                   cast(null(), String(8)), cast(null(), text), cast(null(), number),
                   cast(null(), text), cast(null(), String(60)), cast(null(), number))
    query = union_all(told, races, done, first).subquery()
    return select(query).order_by(query.c.kind, query.c.day, query.c.rid)


_FACTS = _facts_query()

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
                among(self.session, ReadinessRow.user_id, users),
                (ReadinessRow.area.is_not(None) & ReadinessRow.cleared_at.is_(None))
                | (ReadinessRow.session_date.in_(days) & ReadinessRow.area.is_(None)))
            .order_by(ReadinessRow.id))).all()
        races = await self.races_of(users, min(days) - look_back)
        ids = [session_id for _, session_id, _ in sessions]
        done: dict[int, tuple[date | None, date | None]] = {
            sid: (last, first) for sid, last, first in (await self.session.execute(
                select(SessionRow.id,
                       last_done(SessionRow.user_id, SessionRow.id, SessionRow.session_date),
                       first_done(SessionRow.user_id, SessionRow.session_date))
                .where(among(self.session, SessionRow.id, ids)))).all()}
        told_by: dict[int, list[tuple[date, str, str | None, int | None]]] = {}
        for r in told:
            told_by.setdefault(r.user_id, []).append((r.session_date, r.level, r.area, r.score))
        out = {}
        for user, session_id, day in sessions:
            readiness = day_readiness(told_by.get(user, []), day)
            mine = tuple(r for r in races.get(user, ()) if r.race.race_date >= day - look_back)
            last, first = done.get(session_id, (None, None))
            out[session_id] = DayFacts(readiness, mine, last, first)
        return out

    async def races_of(self, users: Iterable[int], since: date
                       ) -> dict[int, tuple[StoredRace, ...]]:
        """Each runner's races on or after `since`, soonest first."""
        rows = await self.session.execute(
            select(RaceRow.id, RaceRow.user_id, RaceRow.race_date, RaceRow.distance,
                   RaceRow.name).where(among(self.session, RaceRow.user_id, set(users)),
                                       RaceRow.race_date >= since)
            .order_by(RaceRow.race_date))
        out: dict[int, list[StoredRace]] = {}
        for r in rows:
            out.setdefault(r.user_id, []).append(
                StoredRace(r.id, Race(r.race_date, Distance(r.distance), r.name)))
        return {user: tuple(found) for user, found in out.items()}

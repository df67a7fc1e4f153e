"""Races and readiness: the tables (migration 0011) and their repositories.

Imported by storage/models.py so the schema holds them; the rows are the runner's own and
go with /deleteme through their foreign keys.
"""

from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    case,
    delete,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from coach.pain import BONE, lighter, mild, stops
from coach.races import Distance, Race
from coach.readiness import Level
from coach.stored import DayReadiness, StoredRace
from storage.models import Base, UTCDateTime


class RaceRow(Base):
    """A race the runner told: one a day."""

    __tablename__ = "races"
    __table_args__ = (Index("uq_races_user_date", "user_id", "race_date", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    race_date: Mapped[date] = mapped_column(Date)
    distance: Mapped[str] = mapped_column(String(16))
    name: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReadinessRow(Base):
    """How the legs felt before the session of `session_date`, and where it hurt.

    A pain row stays counted for its area until the runner says the area is fine
    (`cleared_at`)."""

    __tablename__ = "readiness"
    __table_args__ = (Index("ix_readiness_user_date", "user_id", "session_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    session_date: Mapped[date] = mapped_column(Date)
    level: Mapped[str] = mapped_column(String(8))
    area: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[int | None] = mapped_column(Integer)  # pain 0-10 (NULL: not rated)
    worse: Mapped[bool | None] = mapped_column(Boolean)  # worse than last time


# A pain row's rating in SQL, as `rating` reads it: 11 when worse than last time.
RATING = case((ReadinessRow.worse.is_(True), 11), else_=ReadinessRow.score)


class RacesRepo:
    """The runner's races."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def upcoming(self, user_id: int, since: date) -> tuple[StoredRace, ...]:
        """Races on or after `since`, soonest first."""
        rows = await self.session.scalars(select(RaceRow).where(
            RaceRow.user_id == user_id, RaceRow.race_date >= since).order_by(RaceRow.race_date))
        return tuple(StoredRace(r.id, Race(r.race_date, Distance(r.distance), r.name))
                     for r in rows)

    async def put(self, user_id: int, race: Race, now: datetime) -> int:
        """Store the race; a race already on that day is replaced. Returns its id."""
        row = await self.session.scalar(select(RaceRow).where(
            RaceRow.user_id == user_id, RaceRow.race_date == race.race_date))
        if row is None:
            row = RaceRow(user_id=user_id, race_date=race.race_date, created_at=now)
            self.session.add(row)
        row.distance, row.name = race.distance.value, race.name
        await self.session.flush()
        return row.id

    async def remove(self, user_id: int, race_id: int) -> Race | None:
        """Remove the runner's own race; None when it is not theirs (or gone)."""
        row = await self.session.get(RaceRow, race_id)
        if row is None or row.user_id != user_id:
            return None
        race = Race(row.race_date, Distance(row.distance), row.name)
        await self.session.execute(delete(RaceRow).where(RaceRow.id == race_id))
        return race


class ReadinessRepo:
    """Readiness told per session day, and pain per area until it is fine."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, user_id: int, session_date: date, level: Level, area: str | None,
                  now: datetime, score: int | None = None, worse: bool | None = None) -> None:
        self.session.add(ReadinessRow(user_id=user_id, session_date=session_date,
                                      level=level.value, area=area, created_at=now,
                                      score=score, worse=worse))
        await self.session.flush()

    async def of_day(self, user_id: int, day: date) -> "DayReadiness":
        """The latest level told for the session of `day`, the areas that hurt then, and
        the days with pain per area since each was last fine (one statement)."""
        rows = (await self.session.execute(
            select(ReadinessRow.session_date, ReadinessRow.level, ReadinessRow.area, RATING)
            .where(ReadinessRow.user_id == user_id,
                   (ReadinessRow.area.is_not(None) & ReadinessRow.cleared_at.is_(None))
                   | ((ReadinessRow.session_date == day) & ReadinessRow.area.is_(None)))
            .order_by(ReadinessRow.id))).all()
        return day_readiness([(when, level, area, score)
                              for when, level, area, score in rows], day)


    async def clear(self, user_id: int, area: str | None, now: datetime) -> int:
        """The area (None: every area) is fine: its pain stops counting. Returns rows."""
        query = update(ReadinessRow).where(ReadinessRow.user_id == user_id,
                                           ReadinessRow.area.is_not(None),
                                           ReadinessRow.cleared_at.is_(None))
        if area is not None:
            query = query.where(ReadinessRow.area == area)
        result = await self.session.execute(query.values(cleared_at=now))
        return int(getattr(result, "rowcount", 0) or 0)


def day_readiness(rows: Sequence[tuple[date, str, str | None, int | None]],
                  day: date) -> DayReadiness:
    """From readiness rows (session date, level, area, rating) in the order told: the
    latest level for `day`, the areas that hurt then by how much (coach.pain.verdict: over
    five or unrated stops their exercises, 4-5 makes them lighter, 3 or less carries on),
    the days with pain per area (mild pain not counted) and bone-stress signs."""
    if not rows:  # most runners never told: nothing to count
        return DayReadiness(None, frozenset(), {})
    today = [(level, area) for when, level, area, _ in rows if when == day]
    latest: dict[tuple[str, date], int | None] = {}  # the latest rating of a day counts
    for when, _, area, score in rows:
        if area is not None:
            latest[(area, when)] = score
    pains = {key: score for key, score in latest.items() if key[0] != BONE}
    rated = {area: score for (area, when), score in pains.items() if when == day}
    return DayReadiness(Level(today[-1][0]) if today else None,
                        frozenset(a for a, s in rated.items() if stops(s)),
                        dict(Counter(a for (a, _), s in pains.items() if not mild(s))),
                        frozenset(a for a, s in rated.items() if lighter(s)),
                        any(area == BONE for area, _ in latest),
                        frozenset(a for a, _ in pains))

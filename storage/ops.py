"""Operational counters (table ops_counters): the scheduler's heartbeat, sends of unknown outcome.

On PostgreSQL a counter is stamped with the database's clock (`now()`), so instances whose
clocks differ agree on when it last moved; SQLite (one host) takes the caller's `now`.
"""

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import OpsCounter


class OpsRepo:
    """Upserts and reads of named counters."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    async def bump(self, name: str, now: datetime) -> None:
        """Count one more `name` and stamp it (one statement; safe with several instances)."""
        dialect = postgresql if self._postgres() else sqlite
        at = func.now() if self._postgres() else now
        insert = dialect.insert(OpsCounter).values(name=name, count=1, at=at)
        await self.session.execute(insert.on_conflict_do_update(
            index_elements=[OpsCounter.name],
            set_={"count": OpsCounter.count + 1, "at": insert.excluded.at}))

    async def read(self, name: str) -> tuple[int, datetime | None]:
        """(how many, when last) for `name`; (0, None) if it never happened."""
        row = (await self.session.execute(
            select(OpsCounter.count, OpsCounter.at).where(OpsCounter.name == name))).first()
        return (0, None) if row is None else (int(row[0]), row[1])

    async def clock(self, fallback: datetime) -> datetime:
        """The database's clock on PostgreSQL (what counters are stamped with), else `fallback`."""
        if not self._postgres():
            return fallback
        value = await self.session.scalar(select(func.now()))
        assert isinstance(value, datetime)
        return value

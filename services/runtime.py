"""The wiring bot/ needs from storage/, reached through services/ so bot/ never imports it.

The composition root (bot/app.py), the ingest (bot/ingest.py, bot/handling.py), the probes
(bot/probes.py) and Strava's setup get here: engines and session factories from a URL, the
schema's migration, the SQLite backup, the inbox of updates, the scheduler's last tick and
the unit of work. Nothing here decides anything; it names storage's parts for the bot.
"""

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from coach.stored import SCHEDULER_TICK
from storage.backup import NotSqlite, backup_sqlite
from storage.db import create_engine, is_transient, session_factory
from storage.inbox import Acting, AlreadyTaken, Inbox, Incoming, Lease, acting
from storage.languages import Languages
from storage.migrate import alembic_config, upgrade
from storage.ops import OpsRepo
from storage.sqlite_trips import inline
from storage.uow import UnitOfWork

__all__ = [
    "Acting",
    "AlreadyTaken",
    "Inbox",
    "Incoming",
    "Languages",
    "Lease",
    "NotSqlite",
    "UnitOfWork",
    "Units",
    "acting",
    "alembic_config",
    "backup_sqlite",
    "create_engine",
    "inline",
    "is_transient",
    "scheduler_ticks",
    "session_factory",
    "upgrade",
]

Factory = async_sessionmaker[AsyncSession]
P = ParamSpec("P")
R = TypeVar("R")


class Units:
    """The transaction boundary the callers of services hold: `async with units() as uow:`
    is one transaction (`units(read_only=True)` one that only reads), handed to a use case
    `name(uow, now, …)` of services/."""

    def __init__(self, factory: Factory) -> None:
        self.factory = factory

    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(self.factory, read_only=read_only)

    async def run(self, case: Callable[Concatenate[UnitOfWork, P], Awaitable[R]],
                  *args: P.args, **kwargs: P.kwargs) -> R:
        """`case(uow, *args)` in one transaction of its own, committed when it returns."""
        async with self() as uow:
            return await case(uow, *args, **kwargs)

    async def read(self, case: Callable[Concatenate[UnitOfWork, P], Awaitable[R]],
                   *args: P.args, **kwargs: P.kwargs) -> R:
        """`case(uow, *args)` in one transaction that only reads."""
        async with self(read_only=True) as uow:
            return await case(uow, *args, **kwargs)


async def scheduler_ticks(engine: AsyncEngine,
                          now: datetime) -> tuple[int, datetime | None, datetime]:
    """(ticks, when last, the database's clock) of the scheduler, for the health probe."""
    async with AsyncSession(engine) as session:
        ops = OpsRepo(session)
        ticks, last = await ops.read(SCHEDULER_TICK)
        return ticks, last, await ops.clock(now)

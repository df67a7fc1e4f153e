"""The same service tests on three units of work: in memory, SQLite and PostgreSQL."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Concatenate, ParamSpec, Protocol, TypeVar

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.steps import Answer, Ask
from coach.views import Profile, SessionInfo
from services.onboarding import Outcome, Welcome, answer_onboarding, start_onboarding
from services.plan import save_plan
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET, attach_message, session_view, start_now
from services.uow import UnitOfWork
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.uow import UnitOfWork as SqlUnitOfWork
from tests.conftest import PG_HOST, PG_PORT, _admin, postgres_reachable
from tests.services.fakes import FakeUnitOfWork, Tables

NOW = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)  # a Tuesday
OFFSET = timedelta(minutes=30)
CARD = 500  # the message id of the session card
P = ParamSpec("P")
R = TypeVar("R")


class World(Protocol):
    """A store with runners in it, and units of work over it."""

    def uow(self) -> UnitOfWork: ...

    async def run(self, case: Callable[Concatenate[UnitOfWork, P], Awaitable[R]],
                  *args: P.args, **kwargs: P.kwargs) -> R:
        """`case(uow, *args)` in one unit of work of its own, committed when it returns."""
        ...

    async def runner_logging(self, user_id: int) -> SessionInfo:
        """An onboarded runner with a session open now, its card at message CARD."""
        ...


class Running:
    """`run` of a world: a use case in one unit of work, as `services.runtime.Units.run`."""

    def uow(self) -> UnitOfWork:
        raise NotImplementedError

    async def run(self, case: Callable[Concatenate[UnitOfWork, P], Awaitable[R]],
                  *args: P.args, **kwargs: P.kwargs) -> R:
        async with self.uow() as uow:
            return await case(uow, *args, **kwargs)


class FakeWorld(Running):
    def __init__(self) -> None:
        self.tables = Tables()

    def uow(self) -> UnitOfWork:
        return FakeUnitOfWork(self.tables)

    async def runner_logging(self, user_id: int) -> SessionInfo:
        self.tables.users[user_id] = Profile(
            user_id, user_id, "Europe/Berlin", time(18, 0), (1, 3), (), (1, 3), None, True,
            True, True)
        session = SessionInfo(self.tables.new_id(), user_id, "adhoc", NOW.date(), NOW,
                              "none", "open", CARD)
        self.tables.sessions[session.id] = session
        return session


class SqlWorld(Running):
    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = factory

    def uow(self) -> UnitOfWork:
        return SqlUnitOfWork(self.factory)

    async def runner_logging(self, user_id: int) -> SessionInfo:
        plans, sessions = Units(self.factory), Units(self.factory)
        await plans.run(save_plan, NOW - timedelta(days=1), user_id, user_id, frozenset({1, 3}),
                        frozenset(), time(18, 0), "Europe/Berlin", OFFSET)
        view = await sessions.run(start_now, NOW, user_id)
        await sessions.run(attach_message, user_id, view.session.id, CARD)
        return (await sessions.read(session_view, user_id, view.session.id)).session


@pytest.fixture(params=["fake", "sqlite", "postgresql"])
async def world(request: pytest.FixtureRequest, sqlite_url: str) -> AsyncIterator[World]:
    """Each test runs on the fakes, then on a migrated SQLite file and PostgreSQL database."""
    if request.param == "fake":
        yield FakeWorld()
        return
    async with _database(request.param, sqlite_url) as url:
        engine = create_engine(url)
        try:
            yield SqlWorld(session_factory(engine))
        finally:
            await engine.dispose()


@asynccontextmanager
async def _database(kind: str, sqlite_url: str) -> AsyncIterator[str]:
    if kind == "sqlite":
        await asyncio.to_thread(upgrade, sqlite_url)
        yield sqlite_url
        return
    if not postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}")
    name = f"coachbot_t_{uuid.uuid4().hex[:12]}"
    await _admin(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}"
        await asyncio.to_thread(upgrade, url)
        yield url
    finally:
        await _admin(f'DROP DATABASE "{name}" WITH (FORCE)')


@dataclass
class Chat:
    """What the bot's onboarding handlers do (bot/onboarding_answers.py): each /start or
    answer one transaction at the clock's now."""

    units: Units
    clock: FakeClock

    async def start(self, user_id: int, chat_id: int) -> Welcome | Ask:
        return await self.units.run(start_onboarding, self.clock.now(), user_id, chat_id,
                                    DEFAULT_OFFSET)

    async def answer(self, user_id: int, chat_id: int, step: str | None, answer: Answer,
                     text: str = "") -> Outcome:
        return await self.units.run(answer_onboarding, self.clock.now(), user_id, chat_id,
                                    step, answer, text, offset=DEFAULT_OFFSET)

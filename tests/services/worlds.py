"""The same service tests on three units of work: in memory, SQLite and PostgreSQL."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, time, timedelta
from typing import Protocol

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.views import Profile, SessionInfo
from services.plan import PlanService
from services.sessions import SessionService
from services.uow import UnitOfWork
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.uow import UnitOfWork as SqlUnitOfWork
from tests.conftest import PG_HOST, PG_PORT, _admin, postgres_reachable
from tests.services.fakes import FakeUnitOfWork, Tables

NOW = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)  # a Tuesday
OFFSET = timedelta(minutes=30)
CARD = 500  # the message id of the session card


class World(Protocol):
    """A store with runners in it, and units of work over it."""

    def uow(self) -> UnitOfWork: ...

    async def runner_logging(self, user_id: int) -> SessionInfo:
        """An onboarded runner with a session open now, its card at message CARD."""
        ...


class FakeWorld:
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


class SqlWorld:
    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = factory

    def uow(self) -> UnitOfWork:
        return SqlUnitOfWork(self.factory)

    async def runner_logging(self, user_id: int) -> SessionInfo:
        plans, sessions = PlanService(self.factory, OFFSET), SessionService(self.factory)
        await plans.save_plan(user_id, user_id, frozenset({1, 3}), frozenset(), time(18, 0),
                              "Europe/Berlin", NOW - timedelta(days=1))
        view = await sessions.start_now(user_id, NOW)
        await sessions.attach_message(user_id, view.session.id, CARD)
        return (await sessions.view(user_id, view.session.id)).session


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

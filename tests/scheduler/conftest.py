"""Fixtures shared by the scheduler tests: an injected clock, the plan service, a sender."""


import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from fakes.scheduler import MONDAY_NOON, ScriptedSender
from services.runtime import Units


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_NOON)


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


@pytest.fixture
def sender(clock: FakeClock) -> ScriptedSender:
    return ScriptedSender(clock)

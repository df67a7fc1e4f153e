"""Fixtures shared by the scheduler tests: an injected clock, the plan service, a sender."""

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from fakes.scheduler import MONDAY_NOON, ScriptedSender
from services.plan import PlanService


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY_NOON)


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> PlanService:
    return PlanService(factory, timedelta(minutes=30))


@pytest.fixture
def sender(clock: FakeClock) -> ScriptedSender:
    return ScriptedSender(clock)

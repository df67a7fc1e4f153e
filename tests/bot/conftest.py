"""End-to-end fixtures: the real Application against a fake Bot API over real HTTP
(the harness itself is tools/harness.py, shared with the benches)."""

from collections.abc import AsyncIterator

import pytest

from fakes.telegram_api import FakeUser
from tools.harness import START, Harness, running_bot

__all__ = ["START", "Harness", "running_bot"]


@pytest.fixture
async def harness(sqlite_url: str) -> AsyncIterator[Harness]:
    async with running_bot(sqlite_url) as h:
        yield h


@pytest.fixture
def runner() -> FakeUser:
    return FakeUser(id=5001, first_name="Ana")

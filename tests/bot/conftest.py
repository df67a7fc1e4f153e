"""End-to-end fixtures: the real Application against a fake Bot API over real HTTP
(the harness itself is tools/harness.py, shared with the benches)."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from fakes.telegram_api import FakeUser
from tests.conftest import fresh_sqlite
from tools.harness import START, Harness, running_bot

__all__ = ["START", "Harness", "running_bot"]


@pytest.fixture
async def harness(sqlite_url: str, migrated_sqlite: Path) -> AsyncIterator[Harness]:
    """The bot on a copy of the migrated template (its own start still runs `upgrade`,
    as `make run` does: on a database at head that is a quick check)."""
    async with running_bot(fresh_sqlite(migrated_sqlite, sqlite_url)) as h:
        yield h


@pytest.fixture
def runner() -> FakeUser:
    return FakeUser(id=5001, first_name="Ana")

"""`among`: the batch's ids as one value select exactly the rows an `IN (…)` would, on
SQLite and PostgreSQL, for no id, one, and many (and negated)."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.among import among
from storage.models import User


@pytest.mark.parametrize("wanted", [set(), {3}, set(range(1, 40, 3)) | {10**12}])
async def test_among_selects_what_in_selects(factory: async_sessionmaker[AsyncSession],
                                             wanted: set[int]) -> None:
    now = datetime(2026, 11, 24, tzinfo=UTC)
    async with factory() as session, session.begin():
        await session.execute(insert(User), [dict(id=n, chat_id=n, created_at=now)
                                             for n in range(1, 40)])
    async with factory() as session:
        found = set(await session.scalars(select(User.id).where(
            among(session, User.id, wanted))))
        others = set(await session.scalars(select(User.id).where(
            ~among(session, User.id, wanted))))
    assert found == wanted & set(range(1, 40))
    assert others == set(range(1, 40)) - wanted

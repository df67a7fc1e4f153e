"""Each migration goes down and up again on a database that holds rows of the one before."""

import asyncio
from datetime import UTC, datetime, time

from coach.draft import Draft
from services.plan import draft_of, keep_draft, profile_of, save_plan
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET
from storage.db import create_engine, session_factory
from storage.migrate import downgrade, upgrade

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


async def test_0002_goes_down_and_up_again_keeping_the_sessions(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        plans = Units(session_factory(engine))
        await plans.run(save_plan, NOW, 1, 1, frozenset({1, 3}), frozenset(), time(18, 30),
                        "Europe/Berlin", DEFAULT_OFFSET)
        await engine.dispose()
        await asyncio.to_thread(downgrade, db_url, "0001")
        await asyncio.to_thread(upgrade, db_url)
        async with plans() as uow:
            session = await uow.sessions.next_due(1)
        assert session is not None
        assert (session.attempts, session.retry_at, session.nudge) == (0, None, None)
    finally:
        await engine.dispose()


async def test_0003_goes_down_and_up_again_keeping_the_runner_and_their_plan(
    db_url: str,
) -> None:
    engine = create_engine(db_url)
    try:
        plans = Units(session_factory(engine))
        await plans.run(save_plan, NOW, 1, 1, frozenset({1, 3}), frozenset(), time(18, 30),
                        "Europe/Berlin", DEFAULT_OFFSET)
        await plans.run(keep_draft, 1, Draft(step="time", hard={1, 3}, asked_at=NOW))
        await engine.dispose()
        await asyncio.to_thread(downgrade, db_url, "0002")
        await asyncio.to_thread(upgrade, db_url)
        profile = await plans.read(profile_of, 1)
        assert profile is not None
        assert (profile.onboarded, profile.session_days) == (True, (1, 3))
        assert await plans.run(draft_of, NOW,
                               1) is None  # drafts went with the table: answers again
        await plans.run(keep_draft, 1, Draft(step="tz", asked_at=NOW))
        assert await plans.run(draft_of, NOW, 1) == Draft(step="tz", asked_at=NOW)
    finally:
        await engine.dispose()


async def test_0009_goes_down_and_up_again_and_the_planned_reminder_stays(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        plans = Units(session_factory(engine))
        await plans.run(save_plan, NOW, 1, 1, frozenset({1, 3}), frozenset(), time(18, 30),
                        "Europe/Berlin", DEFAULT_OFFSET)
        await engine.dispose()
        await asyncio.to_thread(downgrade, db_url, "0008")
        await asyncio.to_thread(upgrade, db_url)
        async with plans() as uow:
            planned = await uow.planning.next_planned(1)
        assert planned is not None
        assert planned.delivery == "due"
    finally:
        await engine.dispose()

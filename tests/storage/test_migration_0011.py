"""Migration 0011 (races and readiness) goes down and up again keeping the runner's plan."""

import asyncio
from datetime import UTC, date, datetime, time

from coach.races import Distance, Race
from services.plan import plan_overview, save_plan
from services.races import add_race, list_races
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET
from storage.db import create_engine, session_factory
from storage.migrate import downgrade, upgrade

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


async def test_0011_goes_down_and_up_again_keeping_the_plan_and_forgetting_races(
    db_url: str,
) -> None:
    engine = create_engine(db_url)
    try:
        plans = Units(session_factory(engine))
        await plans.run(save_plan, NOW, 1, 1, frozenset({1, 3}), frozenset(), time(18, 30),
                        "Europe/Berlin", DEFAULT_OFFSET)
        races = Units(plans.factory)
        await races.run(add_race, NOW, 1, Race(date(2026, 12, 13), Distance.HALF),
                        DEFAULT_OFFSET)
        await engine.dispose()
        await asyncio.to_thread(downgrade, db_url, "0008")
        await asyncio.to_thread(upgrade, db_url)
        assert (await races.run(list_races, NOW, 1, DEFAULT_OFFSET)).races == ()
        assert (await plans.run(plan_overview, NOW, 1, DEFAULT_OFFSET)).next_due is not None
    finally:
        await engine.dispose()

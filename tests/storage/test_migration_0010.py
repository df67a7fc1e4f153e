"""Migration 0010 (equipment and variants) goes down and up again keeping targets."""

import asyncio
from datetime import UTC, datetime, time

from coach.equipment import Equipment, Kind
from coach.progression import Target
from services.equipment import kit_of, set_kit
from services.plan import save_plan
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET
from storage.db import create_engine, session_factory
from storage.migrate import downgrade, upgrade

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
BELLS = Equipment(Kind.WEIGHTS, (8.0, 12.0, 16.0), "kettlebells")


async def test_0010_stores_kit_and_variants_and_goes_down_and_up_again(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        factory = session_factory(engine)
        plans = Units(factory)
        await plans.run(save_plan, NOW, 1, 1, frozenset({1, 3}), frozenset(), time(18, 30),
                        "Europe/Berlin", DEFAULT_OFFSET)
        async with plans() as uow:
            await uow.targets.put(1, "goblet_squat", Target(3, 5, 14.0, "pause"), NOW)
        async with plans() as uow:
            kit = await set_kit(uow, NOW, 1, "8 12 16 kg kettlebells")
        assert kit.equipment == BELLS
        assert kit.refitted == ("goblet_squat",)
        async with plans() as uow:
            assert await uow.targets.get(1, "goblet_squat") == Target(3, 5, 12.0, "pause")
        await engine.dispose()
        await asyncio.to_thread(downgrade, db_url, "0008")
        await asyncio.to_thread(upgrade, db_url)
        async with plans() as uow:
            assert await uow.targets.get(1, "goblet_squat") == Target(3, 5, 12.0)
        async with plans() as uow:
            assert (await kit_of(uow, 1)).equipment is None
    finally:
        await engine.dispose()

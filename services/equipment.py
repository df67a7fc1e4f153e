"""The equipment use case: what the runner trains with, and targets that fit it."""

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.equipment import Equipment, fit, parse_equipment
from services.plan import NotOnboarded
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Kit:
    """The runner's equipment as stored (None: never said), in their unit."""

    equipment: Equipment | None
    unit: str
    refitted: tuple[str, ...] = ()  # exercises whose target load moved to an owned weight


class EquipmentService:
    """Read and change a runner's equipment."""

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = factory

    async def get(self, user_id: int) -> Kit:
        async with UnitOfWork(self.factory) as uow:
            profile = await uow.users.get(user_id)
            if profile is None:
                raise NotOnboarded(user_id)
            return Kit(await uow.coaching.equipment(user_id), profile.unit)

    async def set_text(self, user_id: int, text: str, now: datetime) -> Kit:
        """Store the kit the text describes (EquipmentNotUnderstood if it doesn't)."""
        async with UnitOfWork(self.factory) as uow:
            profile = await uow.users.get(user_id)
            if profile is None:
                raise NotOnboarded(user_id)
            kit = parse_equipment(text, profile.unit)
            await uow.coaching.set_equipment(user_id, kit)
            moved = []
            for exercise_id, target in (await uow.targets.all_for(user_id)).items():
                load = fit(kit, target.load_kg)
                if load != target.load_kg:
                    await uow.targets.put(user_id, exercise_id, replace(target, load_kg=load),
                                          now)
                    moved.append(exercise_id)
            return Kit(kit, profile.unit, tuple(moved))

    async def needs_asking(self, user_id: int) -> bool:
        """Whether the runner never said what they train with."""
        return (await self.get(user_id)).equipment is None

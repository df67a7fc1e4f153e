"""The equipment use case: what the runner trains with, and targets that fit it."""

from dataclasses import dataclass, replace
from datetime import datetime

from coach.equipment import Equipment, fit, parse_equipment
from services.plan import NotOnboarded
from services.uow import UnitOfWork


@dataclass(frozen=True)
class Kit:
    """The runner's equipment as stored (None: never said), in their unit."""

    equipment: Equipment | None
    unit: str
    refitted: tuple[str, ...] = ()  # exercises whose target load moved to an owned weight


async def kit_of(uow: UnitOfWork, user_id: int) -> Kit:
    """The runner's kit as stored (NotOnboarded if there is no runner)."""
    profile = await uow.users.get(user_id)
    if profile is None:
        raise NotOnboarded(user_id)
    return Kit(await uow.coaching.equipment(user_id), profile.unit)


async def set_kit(uow: UnitOfWork, now: datetime, user_id: int, text: str) -> Kit:
    """Store the kit the text describes (EquipmentNotUnderstood if it doesn't) and move
    target loads to weights the runner owns."""
    profile = await uow.users.get(user_id)
    if profile is None:
        raise NotOnboarded(user_id)
    kit = parse_equipment(text, profile.unit)
    await uow.coaching.set_equipment(user_id, kit)
    moved = []
    for exercise_id, target in (await uow.targets.all_for(user_id)).items():
        load = fit(kit, target.load_kg)
        if load != target.load_kg:
            await uow.targets.put(user_id, exercise_id, replace(target, load_kg=load), now)
            moved.append(exercise_id)
    return Kit(kit, profile.unit, tuple(moved))


async def needs_asking(uow: UnitOfWork, user_id: int) -> bool:
    """Whether the runner never said what they train with."""
    return (await kit_of(uow, user_id)).equipment is None

"""One simulated runner's services, and chat text read the way the bot reads it.

`say` follows bot/routes.py `route_text` for a message that replies to nothing, sent while
no set is logged yet: a race (coach/races.py, RaceService), how the legs feel or pain
(coach/readiness.py, ReadinessService), this week's runs (coach/week_talk.py,
SettingsService), else a rep report (services/reports.py `log_report`).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.exercises import by_id
from coach.progression import Target
from coach.races import Race, read_race
from coach.readiness import Fine, read_readiness
from coach.reasons import load_text, reason_line
from coach.week_talk import read_week_talk
from services.equipment import EquipmentService
from services.plan import PlanService, local_date
from services.races import RaceService, TooManyRaces
from services.readiness import ReadinessService
from services.reports import log_report
from services.sessions import SessionService
from services.settings import SettingsService
from services.understanding import UnderstandingService
from storage.uow import UnitOfWork

USER = 1
TZ = "UTC"


@dataclass(frozen=True)
class World:
    """The real services of one simulation, on one database, with one clock."""

    factory: async_sessionmaker[AsyncSession]
    clock: FakeClock
    plans: PlanService
    sessions: SessionService
    equipment: EquipmentService
    understanding: UnderstandingService
    readiness: ReadinessService
    races: RaceService
    settings: SettingsService

    @classmethod
    def build(cls, factory: async_sessionmaker[AsyncSession], clock: FakeClock,
              plans: PlanService) -> "World":
        return cls(factory, clock, plans, SessionService(factory, plans.offset),
                   EquipmentService(factory), UnderstandingService(factory),
                   ReadinessService(factory), RaceService(factory, plans),
                   SettingsService(plans, clock))

    def now(self) -> datetime:
        return self.clock.now()


async def say(world: World, text: str, why: dict[str, str] | None = None) -> str:
    """Send chat text as the runner; returns what it was read as (for the run's notes).
    `why`: each exercise's reason on the next card, updated for the targets an area fine
    again brings back (so the reason quotes the numbers the card will show)."""
    now = world.now()
    told = read_race(text, local_date(now, TZ))
    if isinstance(told, Race):
        try:
            await world.races.add(USER, told, now)
        except TooManyRaces:
            return "race refused: too many races ahead"
        return f"race: {told.distance.value} on {told.race_date.isoformat()}"
    if told is not None:
        return "race without a usable date"
    legs = read_readiness(text)
    if isinstance(legs, Fine):
        back = await world.readiness.fine(USER, None if legs.area is None else legs.area.id,
                                          now)
        if why is not None:
            for exercise_id, target in back.gentle:
                why[exercise_id] = gentle_reason(exercise_id, target, back.unit)
        return f"fine again: {'everything' if legs.area is None else legs.area.id}"
    if legs is not None:
        heard = await world.readiness.tell(USER, legs, now)
        area = "" if legs.area is None else f" ({legs.area.id})"
        return f"legs: {legs.level.value}{area}" + (", asked where" if heard.ask_area else "")
    talk = read_week_talk(text)
    if talk is not None:
        await world.settings.week_talk(USER, talk)
        return f"week talk: {type(talk).__name__}"
    outcome = await log_report(UnitOfWork(world.factory), world.clock, USER, text, None, None)
    return "a report, stored" if outcome.stored else "a report, not understood"


def gentle_reason(exercise_id: str, target: Target, unit: str) -> str:
    """The reason line of an exercise back after pain, with the numbers the card shows."""
    at = load_text(target.load_kg, unit)
    return reason_line(f"{by_id(exercise_id).name}: {target.sets}×{target.reps} @ {at}",
                       f"back after pain: fives at {at}, no heavier than before it, then "
                       "building up gradually")

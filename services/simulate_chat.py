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
from coach.races import Race, read_race
from coach.readiness import Fine, read_readiness
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


async def say(world: World, text: str) -> str:
    """Send chat text as the runner; returns what it was read as (for the run's notes)."""
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
        await world.readiness.fine(USER, None if legs.area is None else legs.area.id, now)
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

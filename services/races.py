"""Races: tell one, list them, remove one; the plan is booked again around the taper."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.races import Race
from coach.taper import RaceWeek, race_weeks
from coach.views import Profile, SessionInfo
from services.plan import PlanService, local_date
from services.schedule import calendar, onboarded, zone_of
from storage.races import RACE_LOOK_BACK, StoredRace
from storage.uow import UnitOfWork

MAX_RACES = 12  # per runner, upcoming


class RaceGone(LookupError):
    """The race does not exist any more or belongs to someone else."""


class TooManyRaces(ValueError):
    """The runner already has MAX_RACES races ahead."""


@dataclass(frozen=True)
class Races:
    """The runner's races ahead, the taper of each, and the next reminder after them."""

    profile: Profile
    races: tuple[StoredRace, ...]
    weeks: tuple[RaceWeek, ...]
    next_due: SessionInfo | None


class RaceService:
    """Races told in chat or with /race; each change books the next session again."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], plans: PlanService) -> None:
        self.factory = factory
        self.plans = plans

    async def add(self, user_id: int, race: Race, now: datetime) -> Races:
        """Store the race (one a day: the same day is replaced) and replan around it."""
        async with UnitOfWork(self.factory) as uow:
            return await self.add_in(uow, await onboarded(uow, user_id), race, now)

    async def add_in(self, uow: UnitOfWork, profile: Profile, race: Race,
                     now: datetime) -> Races:
        """`add` inside the caller's unit of work, for the runner's onboarded profile."""
        user_id, repo = profile.user_id, uow.races
        ahead = await repo.upcoming(user_id, local_date(now, zone_of(profile)))
        if len(ahead) >= MAX_RACES and race.race_date not in {
                s.race.race_date for s in ahead}:
            raise TooManyRaces(user_id)
        await repo.put(user_id, race, now)
        return await self._replanned(uow, profile, now)

    async def remove(self, user_id: int, race_id: int, now: datetime) -> tuple[Race, Races]:
        """Remove the runner's own race (RaceGone otherwise) and replan without it."""
        async with UnitOfWork(self.factory) as uow:
            profile = await onboarded(uow, user_id)
            race = await uow.races.remove(user_id, race_id)
            if race is None:
                raise RaceGone(race_id)
            return race, await self._replanned(uow, profile, now)

    async def list(self, user_id: int, now: datetime) -> Races:
        async with UnitOfWork(self.factory) as uow:
            return await self._races(uow, await onboarded(uow, user_id), now)

    async def _replanned(self, uow: UnitOfWork, profile: Profile, now: datetime) -> Races:
        await uow.sessions.cancel_due(profile.user_id)
        await self.plans.schedule_after(uow, profile.user_id, now)
        return await self._races(uow, profile, now)

    async def _races(self, uow: UnitOfWork, profile: Profile, now: datetime) -> Races:
        today = local_date(now, zone_of(profile))
        stored = await uow.races.upcoming(profile.user_id, today - RACE_LOOK_BACK)
        routine, _ = await calendar(uow, profile, now, self.plans.offset)  # the plan's own view
        weeks = race_weeks([s.race for s in stored], today, routine.is_usual_session_date)
        ahead = tuple(s for s in stored if s.race.race_date >= today)
        return Races(profile, ahead, weeks, await uow.planning.next_planned(profile.user_id))



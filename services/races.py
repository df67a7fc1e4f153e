"""Races: tell one, list them, remove one; the plan is booked again around the taper."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.races import Race
from coach.stored import RACE_LOOK_BACK, StoredRace
from coach.taper import RaceWeek, race_weeks
from coach.views import Profile, SessionInfo
from services.plan import local_date, schedule_after
from services.schedule import calendar, onboarded, zone_of
from services.uow import UnitOfWork

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


async def add_race(uow: UnitOfWork, now: datetime, user_id: int, race: Race,
                   offset: timedelta) -> Races:
    """Store the race (one a day: the same day is replaced) and replan around it; `offset`:
    how long before the run's end a reminder goes out."""
    return await add_race_for(uow, now, await onboarded(uow, user_id), race, offset)


async def add_race_for(uow: UnitOfWork, now: datetime, profile: Profile, race: Race,
                       offset: timedelta) -> Races:
    """`add_race` for the runner's onboarded profile, read already in this transaction."""
    user_id, repo = profile.user_id, uow.races
    ahead = await repo.upcoming(user_id, local_date(now, zone_of(profile)))
    if len(ahead) >= MAX_RACES and race.race_date not in {s.race.race_date for s in ahead}:
        raise TooManyRaces(user_id)
    await repo.put(user_id, race, now)
    return await _replanned(uow, profile, now, offset)


async def remove_race(uow: UnitOfWork, now: datetime, user_id: int, race_id: int,
                      offset: timedelta) -> tuple[Race, Races]:
    """Remove the runner's own race (RaceGone otherwise) and replan without it."""
    profile = await onboarded(uow, user_id)
    race = await uow.races.remove(user_id, race_id)
    if race is None:
        raise RaceGone(race_id)
    return race, await _replanned(uow, profile, now, offset)


async def list_races(uow: UnitOfWork, now: datetime, user_id: int,
                     offset: timedelta) -> Races:
    """The runner's races ahead, their tapers and the next reminder."""
    return await _races(uow, await onboarded(uow, user_id), now, offset)


async def _replanned(uow: UnitOfWork, profile: Profile, now: datetime,
                     offset: timedelta) -> Races:
    await uow.sessions.cancel_due(profile.user_id)
    await schedule_after(uow, profile.user_id, now, offset)
    return await _races(uow, profile, now, offset)


async def _races(uow: UnitOfWork, profile: Profile, now: datetime, offset: timedelta) -> Races:
    today = local_date(now, zone_of(profile))
    stored = await uow.races.upcoming(profile.user_id, today - RACE_LOOK_BACK)
    routine, _ = await calendar(uow, profile, now, offset)  # the plan's own view
    weeks = race_weeks([s.race for s in stored], today, routine.is_usual_session_date)
    ahead = tuple(s for s in stored if s.race.race_date >= today)
    return Races(profile, ahead, weeks, await uow.planning.next_planned(profile.user_id))

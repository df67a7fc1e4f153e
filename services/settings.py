"""The runner's settings and plan changes: each intent one transaction, one outcome.

/settings toggles and questions, /pause, /resume, /plan, /load, a moved hard run and
/deleteme. The bot decodes and words; the rules (how long a pause may be, what load is
plausible) are decided here or in coach/.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from coach.draft import Draft
from coach.exercises import EXERCISE_IDS, by_id
from coach.plan import MoveRefused
from coach.plausible import MAX_PLAUSIBLE_KG
from coach.progression import Target
from coach.reports import match_exercise
from coach.steps import SETTINGS, Ask, editing
from coach.units import UNITS, read_load
from coach.views import Profile
from coach.week_talk import RanHardToday, WeekTalk
from services.plan import Moved, move_run, pause
from services.schedule import PlanOverview, local_date, onboarded, overview, zone_of
from services.uow import UnitOfWork

MAX_PAUSE_WEEKS = 12


@dataclass(frozen=True)
class Screen:
    """The /settings screen: the saved answers, and whether long runs count as hard
    (None: Strava is not connected, so the switch is not shown)."""

    profile: Profile
    long_runs_hard: bool | None = None


@dataclass(frozen=True)
class Switched:
    """A /settings switch changed (progression, kg or lb, long runs): the screen after it."""

    profile: Profile
    unit_changed: bool = False
    long_runs_hard: bool | None = None


@dataclass(frozen=True)
class Refused:
    """The run cannot move there (`reason`: already, taken, too_close); the plan stays."""

    refused: MoveRefused
    overview: PlanOverview


@dataclass(frozen=True)
class Today:
    """The hard run is today: today's session is offered (the session flow opens it)."""


@dataclass(frozen=True)
class LoadSet:
    name: str
    target: Target
    unit: str


@dataclass(frozen=True)
class LoadUnclear:
    """No exercise and load could be read; the runner's unit for the example."""

    unit: str


@dataclass(frozen=True)
class LoadImplausible:
    name: str
    load_kg: float
    unit: str


async def settings_view(uow: UnitOfWork, user_id: int) -> Profile:
    """The saved answers for the /settings screen; NotOnboarded without a plan."""
    return await onboarded(uow, user_id)


async def settings_screen(uow: UnitOfWork, user_id: int) -> Screen:
    """The /settings screen; NotOnboarded without a plan."""
    profile = await onboarded(uow, user_id)
    link = await uow.strava.link_of(user_id)
    return Screen(profile, None if link is None else link.long_runs_hard)


async def change_setting(uow: UnitOfWork, now: datetime, user_id: int,
                         key: str) -> Switched | Ask | None:
    """A /settings button: 'auto', 'kg'/'lb', 'long' (long runs count as hard, kept on
    the Strava link), or a question to ask again (None: unknown)."""
    if key not in (*SETTINGS, "auto", "long", *UNITS):
        return None
    profile = await onboarded(uow, user_id)
    strava = uow.strava
    link = await strava.link_of(user_id)
    long = None if link is None else link.long_runs_hard
    if key == "long":
        if long is None:  # not connected (any more): the screen loses the switch
            return Switched(profile)
        await strava.set_long_runs_hard(user_id, not long)
        return Switched(profile, long_runs_hard=not long)
    if key == "auto":
        on = not profile.auto_progression
        await uow.users.set_fields(user_id, auto_progression=on)
        return Switched(replace(profile, auto_progression=on), long_runs_hard=long)
    if key in UNITS:
        await uow.users.set_fields(user_id, unit=key)
        return Switched(replace(profile, unit=key), unit_changed=True, long_runs_hard=long)
    saved = Draft(hard=set(profile.hard_days), cross=set(profile.cross_days),
                  run_end=profile.run_end, tz=profile.tz)
    draft = replace(editing(key, saved), asked_at=now)
    await uow.drafts.put(user_id, draft)
    return Ask(draft)


async def pause_weeks(uow: UnitOfWork, now: datetime, user_id: int, weeks: int,
                      offset: timedelta) -> PlanOverview | None:
    """Hold reminders for 1 to MAX_PAUSE_WEEKS weeks (None: not that many)."""
    if not 1 <= weeks <= MAX_PAUSE_WEEKS:
        return None
    return await pause(uow, now, user_id, weeks, offset)


async def week_talk(uow: UnitOfWork, now: datetime, user_id: int, talk: WeekTalk,
                    offset: timedelta) -> Today | Moved | Refused:
    """'Ran hard today' (or a run moved to today) offers today's session; a run moved
    to another day moves this week's session, if that day can take it."""
    return await week_talk_in(uow, now, await onboarded(uow, user_id), talk, offset)


async def set_load_text(uow: UnitOfWork, now: datetime, user_id: int,
                        words: list[str]) -> LoadSet | LoadUnclear | LoadImplausible:
    """'/load goblet 35lb': override one exercise's target load; reps and sets stay."""
    profile = await onboarded(uow, user_id)
    exercise_id, value = exercise_and_load(words, profile.unit)
    if exercise_id is None or value is None or exercise_id not in EXERCISE_IDS:
        return LoadUnclear(profile.unit)
    name = by_id(exercise_id).name
    if value > MAX_PLAUSIBLE_KG:
        return LoadImplausible(name, value, profile.unit)
    current = await uow.targets.get(user_id, exercise_id)
    target = Target(current.sets, current.reps, value)
    await uow.targets.put(user_id, exercise_id, target, now)
    return LoadSet(name, target, profile.unit)


async def week_talk_in(uow: UnitOfWork, now: datetime, profile: Profile, talk: WeekTalk,
                       offset: timedelta) -> Today | Moved | Refused:
    """`week_talk` for an onboarded runner's profile, read already in this transaction."""
    today = local_date(now, zone_of(profile)).weekday()
    if isinstance(talk, RanHardToday) or talk.weekday == today:
        return Today()
    try:
        return await move_run(uow, now, profile.user_id, talk.weekday, offset)
    except MoveRefused as refused:
        return Refused(refused, await overview(uow, profile, now, offset))


def exercise_and_load(words: list[str], unit: str) -> tuple[str | None, float | None]:
    """The exercise and the load in kg from 'goblet 35lb' or 'goblet 35 lb'."""
    for size in (2, 1):
        if len(words) > size and (value := read_load(" ".join(words[-size:]), unit)) is not None:
            return match_exercise(" ".join(words[:-size])), value
    return None, None



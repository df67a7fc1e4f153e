"""The plan rule's bookkeeping inside an open unit of work: one reminder row ahead, and
the week as the schedule will plan it. Shared by the plan, onboarding and settings services.
"""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.plan import Booked, Move, Routine, Slot, next_session, reminder_local, sessions_ahead
from coach.stored import RACE_LOOK_BACK
from coach.views import Delivery, Profile, SessionInfo, Status
from services.uow import UnitOfWork

LOOK_BACK = timedelta(days=3)  # sessions this close before `now` still shape the next one


class NotOnboarded(LookupError):
    """The user has not finished onboarding, so there is no plan yet."""


@dataclass(frozen=True)
class PlanOverview:
    """The saved plan, the coming week and the next reminder."""

    profile: Profile
    week: tuple[Slot, ...]
    next_due: SessionInfo | None


async def onboarded(uow: UnitOfWork, user_id: int) -> Profile:
    """The runner's profile; NotOnboarded if there is no plan yet."""
    profile = await uow.users.get(user_id)
    if profile is None or not profile.onboarded:
        raise NotOnboarded(user_id)
    return profile


async def overview(uow: UnitOfWork, profile: Profile, now: datetime,
                   offset: timedelta) -> PlanOverview:
    """The planned reminder and the sessions after it, as the schedule will plan them."""
    routine, booked = await calendar(uow, profile, now, offset)
    planned = await uow.planning.next_planned(profile.user_id)
    after = max(now, profile.paused_until or now)
    count = len(profile.session_days)
    if planned is None:
        week = sessions_ahead(routine, after, booked, count)
    else:
        first = Slot(planned.session_date, planned.due_at)
        week = [first, *sessions_ahead(routine, max(after, planned.due_at),
                                       booked.with_session(first.session_date), count - 1)]
    return PlanOverview(profile, tuple(week), planned)


async def schedule(uow: UnitOfWork, profile: Profile, now: datetime,
                   offset: timedelta) -> SessionInfo | None:
    """Keep exactly one planned reminder for a runner who should get one (PLAN RULE)."""
    if not (profile.onboarded and profile.active and profile.session_days):
        return None
    existing = await uow.planning.next_planned(profile.user_id)
    if existing is not None:
        return existing
    routine, booked = await calendar(uow, profile, now, offset)
    slot = next_session(routine, max(now, profile.paused_until or now), booked)
    found = await uow.planning.replannable_on(profile.user_id, slot.session_date)
    if found is not None:
        await uow.planning.replan(found.id, slot.due_utc)
        return await uow.planning.next_planned(profile.user_id)
    return await uow.sessions.add(profile.user_id, "scheduled", slot.session_date,
                                  slot.due_utc, Delivery.DUE, Status.PLANNED)


async def calendar(uow: UnitOfWork, profile: Profile, now: datetime,
                   offset: timedelta) -> tuple[Routine, Booked]:
    """The runner's routine with this week's moves, and the run dates already used."""
    since = local_date(max(now, profile.paused_until or now), zone_of(profile)) - LOOK_BACK
    moves = await uow.planning.moves(profile.user_id, since)
    races = await uow.races.upcoming(profile.user_id, since - RACE_LOOK_BACK)
    routine = replace(routine_of(profile, offset, moves),
                      races=tuple(stored.race for stored in races))
    return routine, await uow.planning.booked(profile.user_id, since)


def routine_of(profile: Profile, offset: timedelta, moves: tuple[Move, ...] = ()) -> Routine:
    """The plan's view of a runner's settings."""
    if profile.run_end is None:
        raise NotOnboarded(profile.user_id)
    return Routine(profile.session_days, profile.run_end, offset, ZoneInfo(zone_of(profile)),
                   moves)


def pause_end(now: datetime, tz: str, weeks: int) -> datetime:
    """Midnight starting the local day `weeks` weeks from today: reminders resume that day."""
    day = local_date(now, tz) + timedelta(weeks=weeks)
    return reminder_local(day, time(0), timedelta(0), ZoneInfo(tz)).astimezone(UTC)


def zone_of(profile: Profile) -> str:
    if profile.tz is None:
        raise NotOnboarded(profile.user_id)
    return profile.tz


def local_date(now: datetime, tz: str) -> date:
    """The runner's local calendar date at `now`."""
    return now.astimezone(ZoneInfo(tz)).date()

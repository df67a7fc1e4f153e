"""Application services: the runner's plan and schedule, built on coach rules and repositories."""

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.draft import DRAFT_TTL, Draft
from coach.exercises import EXERCISE_IDS
from coach.plan import (
    Booked,
    Move,
    Routine,
    Slot,
    choose_move,
    choose_session_days,
    next_session,
    reminder_local,
    sessions_ahead,
)
from coach.progression import Target
from storage.models import Delivery, Status
from storage.races import RACE_LOOK_BACK, RacesRepo
from storage.records import Profile, SessionInfo
from storage.uow import UnitOfWork

LOOK_BACK = timedelta(days=3)  # sessions this close before `now` still shape the next one


class NotOnboarded(LookupError):
    """The user has not finished onboarding, so there is no plan yet."""


@dataclass(frozen=True)
class PlanOverview:
    """The saved plan, the coming week and the next reminder."""

    profile: Profile
    week: tuple[Slot, ...]
    next_due: SessionInfo | None


@dataclass(frozen=True)
class Moved:
    """A run moved this week, and the plan after it."""

    move: Move
    overview: PlanOverview


class PlanService:
    """Onboarding answers, pause and resume, and keeping one reminder row ahead."""

    def __init__(self, factory: async_sessionmaker[AsyncSession], offset: timedelta) -> None:
        self.factory = factory
        self.offset = offset

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.factory)

    async def profile(self, user_id: int) -> Profile | None:
        async with self.uow() as uow:
            return await uow.users.get(user_id)

    async def register(self, user_id: int, chat_id: int, now: datetime) -> Profile:
        """Create the user on first contact; a returning user becomes active again."""
        async with self.uow() as uow:
            profile = await uow.users.ensure(user_id, chat_id, now)
            if not profile.active or profile.chat_id != chat_id:
                await uow.users.set_fields(user_id, active=True, chat_id=chat_id)
                profile = await uow.users.ensure(user_id, chat_id, now)
            if profile.onboarded:
                await self._schedule(uow, profile, now)
            return profile

    async def save_plan(self, user_id: int, chat_id: int, hard: frozenset[int],
                        cross: frozenset[int], run_end: time, tz: str,
                        now: datetime) -> PlanOverview:
        """Save the onboarding answers, choose the session days and schedule the next one."""
        days = choose_session_days(hard, cross)
        async with self.uow() as uow:
            before = await uow.users.ensure(user_id, chat_id, now)
            await uow.users.save_plan(user_id, sorted(hard), sorted(cross), days, run_end, tz,
                                      now)
            await uow.sessions.cancel_due(user_id)
            await uow.drafts.delete(user_id)
            if before.session_days != days:
                await uow.planning.clear_moves(user_id)  # moves were of the old week
            profile = await uow.users.get(user_id)
            assert profile is not None
            await self._schedule(uow, profile, now)
            return await self._overview(uow, profile, now)

    async def draft(self, user_id: int, now: datetime) -> Draft | None:
        """The runner's onboarding answers so far; a question left too long is dropped."""
        async with self.uow() as uow:
            draft = await uow.drafts.get(user_id)
            if draft is not None and draft.expired(now):
                await uow.drafts.delete(user_id)
                return None
            return draft

    async def drop_stale_drafts(self, now: datetime) -> int:
        """Forget setup answers of runners who left a question unanswered past its TTL."""
        async with self.uow() as uow:
            return await uow.drafts.delete_asked_before(now - DRAFT_TTL)

    async def keep_draft(self, user_id: int, draft: Draft) -> None:
        """Store the answers so far (saving the plan drops them)."""
        async with self.uow() as uow:
            await uow.drafts.put(user_id, draft)

    async def overview(self, user_id: int, now: datetime) -> PlanOverview:
        async with self.uow() as uow:
            profile = await uow.users.get(user_id)
            if profile is None or not profile.onboarded:
                raise NotOnboarded(user_id)
            return await self._overview(uow, profile, now)

    async def _overview(self, uow: UnitOfWork, profile: Profile,
                        now: datetime) -> PlanOverview:
        """The planned reminder and the sessions after it, as the schedule will plan them."""
        routine, booked = await self._calendar(uow, profile, now)
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

    async def pause(self, user_id: int, weeks: int, now: datetime) -> PlanOverview:
        """Hold reminders for `weeks` weeks: until the start of that local day."""
        return await self._replan(user_id, weeks, now)

    async def resume(self, user_id: int, now: datetime) -> PlanOverview:
        """Lift a pause; the next reminder is planned from now."""
        return await self._replan(user_id, None, now)

    async def _replan(self, user_id: int, weeks: int | None, now: datetime) -> PlanOverview:
        """Pause for `weeks` (None: lift the pause) and plan the next reminder after it."""
        async with self.uow() as uow:
            profile = await uow.users.get(user_id)
            if profile is None or not profile.onboarded:
                raise NotOnboarded(user_id)
            until = None if weeks is None else pause_end(now, _tz(profile), weeks)
            await uow.users.set_fields(user_id, paused_until=until)
            await uow.sessions.cancel_due(user_id)
            profile = replace(profile, paused_until=until)
            await self._schedule(uow, profile, now)
            return await self._overview(uow, profile, now)

    async def move_run(self, user_id: int, weekday: int | None, now: datetime) -> Moved:
        """This week's hard run moves to `weekday` (None: tomorrow); its session follows.

        Raises MoveRefused when that day can't take it; later weeks keep the usual days.
        """
        async with self.uow() as uow:
            profile = await uow.users.get(user_id)
            if profile is None or not profile.onboarded:
                raise NotOnboarded(user_id)
            today = local_date(now, _tz(profile))
            to_date = today + timedelta(days=1 if weekday is None
                                        else (weekday - today.weekday()) % 7)
            routine, booked = await self._calendar(uow, profile, now)
            move = choose_move(routine, booked, today, to_date)
            await uow.planning.add_move(user_id, move, now)
            await uow.sessions.cancel_due(user_id)
            await self._schedule(uow, profile, now)
            return Moved(move, await self._overview(uow, profile, now))

    async def set_auto_progression(self, user_id: int, on: bool) -> None:
        async with self.uow() as uow:
            await uow.users.set_fields(user_id, auto_progression=on)

    async def set_load(self, user_id: int, exercise_id: str, load_kg: float,
                       now: datetime) -> Target:
        """Override one exercise's target load; reps and sets stay."""
        if exercise_id not in EXERCISE_IDS:
            raise KeyError(exercise_id)
        async with self.uow() as uow:
            current = await uow.targets.get(user_id, exercise_id)
            target = Target(current.sets, current.reps, load_kg)
            await uow.targets.put(user_id, exercise_id, target, now)
            return target

    async def delete_user(self, user_id: int) -> None:
        async with self.uow() as uow:
            await uow.users.delete(user_id)

    async def reactivate(self, user_id: int, chat_id: int, now: datetime) -> Profile | None:
        """A known user unblocked the bot: active again, next reminder planned.

        Unknown users are not created (that is /start's job); they get None.
        """
        async with self.uow() as uow:
            if await uow.users.get(user_id) is None:
                return None
            await uow.users.set_fields(user_id, active=True, chat_id=chat_id)
            profile = await uow.users.get(user_id)
            assert profile is not None
            if profile.onboarded:
                await self._schedule(uow, profile, now)
            return profile

    async def deactivate(self, user_id: int) -> None:
        """The chat is gone (blocked, deleted): no more reminders until /start or unblock."""
        async with self.uow() as uow:
            await uow.users.set_fields(user_id, active=False)
            await uow.sessions.cancel_due(user_id)

    async def schedule_after(self, uow: UnitOfWork, user_id: int,
                             after: datetime) -> SessionInfo | None:
        """Make sure the next reminder after `after` has its row (used after each delivery)."""
        profile = await uow.users.get(user_id)
        if profile is None:
            return None
        return await self._schedule(uow, profile, after)

    async def _schedule(self, uow: UnitOfWork, profile: Profile,
                        now: datetime) -> SessionInfo | None:
        """Keep exactly one planned reminder for a runner who should get one (PLAN RULE)."""
        if not (profile.onboarded and profile.active and profile.session_days):
            return None
        existing = await uow.planning.next_planned(profile.user_id)
        if existing is not None:
            return existing
        routine, booked = await self._calendar(uow, profile, now)
        slot = next_session(routine, max(now, profile.paused_until or now), booked)
        found = await uow.planning.replannable_on(profile.user_id, slot.session_date)
        if found is not None:
            await uow.planning.replan(found.id, slot.due_utc)
            return await uow.planning.next_planned(profile.user_id)
        return await uow.sessions.add(profile.user_id, "scheduled", slot.session_date,
                                      slot.due_utc, Delivery.DUE, Status.PLANNED)

    async def _calendar(self, uow: UnitOfWork, profile: Profile,
                        now: datetime) -> tuple[Routine, Booked]:
        """The runner's routine with this week's moves, and the run dates already used."""
        since = local_date(max(now, profile.paused_until or now), _tz(profile)) - LOOK_BACK
        moves = await uow.planning.moves(profile.user_id, since)
        races = await RacesRepo(uow.session).upcoming(profile.user_id, since - RACE_LOOK_BACK)
        routine = replace(routine_of(profile, self.offset, moves),
                          races=tuple(stored.race for stored in races))
        return routine, await uow.planning.booked(profile.user_id, since)


def routine_of(profile: Profile, offset: timedelta, moves: tuple[Move, ...] = ()) -> Routine:
    """The plan's view of a runner's settings."""
    return Routine(profile.session_days, _run_end(profile), offset, ZoneInfo(_tz(profile)),
                   moves)


def pause_end(now: datetime, tz: str, weeks: int) -> datetime:
    """Midnight starting the local day `weeks` weeks from today: reminders resume that day."""
    day = local_date(now, tz) + timedelta(weeks=weeks)
    return reminder_local(day, time(0), timedelta(0), ZoneInfo(tz)).astimezone(UTC)


def _run_end(profile: Profile) -> time:
    if profile.run_end is None:
        raise NotOnboarded(profile.user_id)
    return profile.run_end


def _tz(profile: Profile) -> str:
    if profile.tz is None:
        raise NotOnboarded(profile.user_id)
    return profile.tz


def local_date(now: datetime, tz: str) -> date:
    """The runner's local calendar date at `now`."""
    return now.astimezone(ZoneInfo(tz)).date()

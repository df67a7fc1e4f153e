"""Application services: the runner's plan and schedule, built on coach rules and repositories.

Each public method is one transaction; the `*_in` methods run inside a unit of work that a
caller already opened, so one intent (services/onboarding.py) stays one transaction.
"""

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.draft import DRAFT_TTL, Draft
from coach.exercises import EXERCISE_IDS
from coach.plan import Move, choose_move, choose_session_days
from coach.progression import Target
from coach.views import Profile, SessionInfo
from services.schedule import (
    NotOnboarded,
    PlanOverview,
    calendar,
    local_date,
    onboarded,
    overview,
    pause_end,
    routine_of,
    schedule,
    zone_of,
)
from storage.uow import UnitOfWork

__all__ = ["Moved", "NotOnboarded", "PlanOverview", "PlanService", "local_date", "routine_of"]


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
        async with UnitOfWork(self.factory, read_only=True) as uow:
            return await uow.users.get(user_id)

    async def register(self, user_id: int, chat_id: int, now: datetime) -> Profile:
        """Create the user on first contact; a returning user becomes active again."""
        async with self.uow() as uow:
            return await self.register_in(uow, user_id, chat_id, now)

    async def register_in(self, uow: UnitOfWork, user_id: int, chat_id: int,
                          now: datetime) -> Profile:
        profile = await uow.users.ensure(user_id, chat_id, now)
        if not profile.active or profile.chat_id != chat_id:
            await uow.users.set_fields(user_id, active=True, chat_id=chat_id)
            profile = await uow.users.ensure(user_id, chat_id, now)
        if profile.onboarded:
            await schedule(uow, profile, now, self.offset)
        return profile

    async def save_plan(self, user_id: int, chat_id: int, hard: frozenset[int],
                        cross: frozenset[int], run_end: time, tz: str,
                        now: datetime) -> PlanOverview:
        """Save the onboarding answers, choose the session days and schedule the next one."""
        async with self.uow() as uow:
            return await self.save_plan_in(uow, user_id, chat_id, hard, cross, run_end, tz,
                                           now)

    async def save_plan_in(self, uow: UnitOfWork, user_id: int, chat_id: int,
                           hard: frozenset[int], cross: frozenset[int], run_end: time, tz: str,
                           now: datetime) -> PlanOverview:
        days = choose_session_days(hard, cross)
        before = await uow.users.ensure(user_id, chat_id, now)
        await uow.users.save_plan(user_id, sorted(hard), sorted(cross), days, run_end, tz, now)
        await uow.sessions.cancel_due(user_id)
        await uow.drafts.delete(user_id)
        if before.session_days != days:
            await uow.planning.clear_moves(user_id)  # moves were of the old week
        profile = await uow.users.get(user_id)
        assert profile is not None
        await schedule(uow, profile, now, self.offset)
        return await overview(uow, profile, now, self.offset)

    async def draft(self, user_id: int, now: datetime) -> Draft | None:
        """The runner's onboarding answers so far; a question left too long is dropped."""
        async with self.uow() as uow:
            return await self.draft_in(uow, user_id, now)

    @staticmethod
    async def draft_in(uow: UnitOfWork, user_id: int, now: datetime) -> Draft | None:
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
            return await self.overview_in(uow, user_id, now)

    async def overview_in(self, uow: UnitOfWork, user_id: int, now: datetime) -> PlanOverview:
        return await overview(uow, await onboarded(uow, user_id), now, self.offset)

    async def pause(self, user_id: int, weeks: int, now: datetime) -> PlanOverview:
        """Hold reminders for `weeks` weeks: until the start of that local day."""
        return await self._replan(user_id, weeks, now)

    async def resume(self, user_id: int, now: datetime) -> PlanOverview:
        """Lift a pause; the next reminder is planned from now."""
        return await self._replan(user_id, None, now)

    async def _replan(self, user_id: int, weeks: int | None, now: datetime) -> PlanOverview:
        """Pause for `weeks` (None: lift the pause) and plan the next reminder after it."""
        async with self.uow() as uow:
            profile = await onboarded(uow, user_id)
            until = None if weeks is None else pause_end(now, zone_of(profile), weeks)
            await uow.users.set_fields(user_id, paused_until=until)
            await uow.sessions.cancel_due(user_id)
            profile = replace(profile, paused_until=until)
            await schedule(uow, profile, now, self.offset)
            return await overview(uow, profile, now, self.offset)

    async def move_run(self, user_id: int, weekday: int | None, now: datetime) -> Moved:
        """This week's hard run moves to `weekday` (None: tomorrow); its session follows.

        Raises MoveRefused when that day can't take it; later weeks keep the usual days.
        """
        async with self.uow() as uow:
            return await self.move_run_in(uow, user_id, weekday, now)

    async def move_run_in(self, uow: UnitOfWork, user_id: int, weekday: int | None,
                          now: datetime) -> Moved:
        profile = await onboarded(uow, user_id)
        today = local_date(now, zone_of(profile))
        to_date = today + timedelta(days=1 if weekday is None
                                    else (weekday - today.weekday()) % 7)
        routine, booked = await calendar(uow, profile, now, self.offset)
        move = choose_move(routine, booked, today, to_date)
        await uow.planning.add_move(user_id, move, now)
        await uow.sessions.cancel_due(user_id)
        await schedule(uow, profile, now, self.offset)
        return Moved(move, await overview(uow, profile, now, self.offset))

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
                await schedule(uow, profile, now, self.offset)
            return profile

    async def deactivate(self, user_id: int) -> None:
        """The chat is gone (blocked, deleted): no more reminders until /start or unblock."""
        async with self.uow() as uow:
            await uow.users.set_fields(user_id, active=False)
            await uow.sessions.cancel_due(user_id)

    async def schedule_after(self, uow: UnitOfWork, user_id: int,
                             after: datetime) -> SessionInfo | None:
        """Make sure the next reminder after `after` has its row (used after each delivery)."""
        return await schedule_after(uow, user_id, after, self.offset)


async def schedule_after(uow: UnitOfWork, user_id: int, after: datetime,
                         offset: timedelta) -> SessionInfo | None:
    """Make sure the next reminder after `after` has its row (used after each delivery)."""
    profile = await uow.users.get(user_id)
    if profile is None:
        return None
    return await schedule(uow, profile, after, offset)

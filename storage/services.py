"""Application services: the runner's plan and schedule, built on coach rules and repositories."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.draft import DRAFT_TTL, Draft
from coach.exercises import EXERCISE_IDS
from coach.plan import Slot, choose_session_days, next_slot, week_slots
from coach.progression import Target
from storage.models import Delivery, Status
from storage.records import Profile, SessionInfo
from storage.uow import UnitOfWork


class NotOnboarded(LookupError):
    """The user has not finished onboarding, so there is no plan yet."""


@dataclass(frozen=True)
class PlanOverview:
    """The saved plan, the coming week and the next reminder."""

    profile: Profile
    week: tuple[Slot, ...]
    next_due: SessionInfo | None


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
            await uow.users.ensure(user_id, chat_id, now)
            await uow.users.save_plan(user_id, sorted(hard), sorted(cross), days, run_end, tz,
                                      now)
            await uow.sessions.cancel_due(user_id)
            await uow.drafts.delete(user_id)
            profile = await uow.users.get(user_id)
            assert profile is not None
            await self._schedule(uow, profile, now)
        return await self.overview(user_id, now)

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
            after = max(now, profile.paused_until or now)
            week = tuple(week_slots(profile.session_days, _run_end(profile), self.offset,
                                    ZoneInfo(_tz(profile)), after))
            return PlanOverview(profile, week, await uow.sessions.next_due(user_id))

    async def pause(self, user_id: int, until: datetime, now: datetime) -> PlanOverview:
        """Hold reminders until `until`; the next one is planned after it."""
        return await self._replan(user_id, until, now)

    async def resume(self, user_id: int, now: datetime) -> PlanOverview:
        """Lift a pause; the next reminder is planned from now."""
        return await self._replan(user_id, None, now)

    async def _replan(self, user_id: int, paused_until: datetime | None,
                      now: datetime) -> PlanOverview:
        async with self.uow() as uow:
            await uow.users.set_fields(user_id, paused_until=paused_until)
            await uow.sessions.cancel_due(user_id)
            profile = await uow.users.get(user_id)
            if profile is None or not profile.onboarded:
                raise NotOnboarded(user_id)
            await self._schedule(uow, profile, now)
        return await self.overview(user_id, now)

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
        if not (profile.onboarded and profile.active and profile.session_days):
            return None
        existing = await uow.sessions.next_due(profile.user_id)
        if existing is not None and existing.due_at > now:
            return existing
        after = max(now, profile.paused_until or now)
        slot = next_slot(profile.session_days, _run_end(profile), self.offset,
                         ZoneInfo(_tz(profile)), after)
        found = await uow.sessions.scheduled_on(profile.user_id, slot.session_date)
        if found is not None:
            return found
        return await uow.sessions.add(profile.user_id, "scheduled", slot.session_date,
                                      slot.due_utc, Delivery.DUE, Status.PLANNED)


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

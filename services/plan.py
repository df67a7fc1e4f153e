"""The runner's plan and schedule as use cases, built on coach rules and repositories.

Each is a function `name(uow, now, …)` run inside the transaction its caller opened
(services/runtime.Units), so one intent stays one transaction; `offset` is how long before
the run's end a reminder goes out (the bot's setting).
"""

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

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
from services.uow import UnitOfWork

__all__ = ["Moved", "NotOnboarded", "PlanOverview", "deactivate", "delete_user", "draft_of",
           "drop_stale_drafts", "keep_draft", "local_date", "move_run", "pause", "plan_overview",
           "profile_of", "reactivate", "register", "resume", "routine_of", "save_plan",
           "schedule_after", "set_auto_progression", "set_load"]


@dataclass(frozen=True)
class Moved:
    """A run moved this week, and the plan after it."""

    move: Move
    overview: PlanOverview


async def profile_of(uow: UnitOfWork, user_id: int) -> Profile | None:
    return await uow.users.get(user_id)


async def register(uow: UnitOfWork, now: datetime, user_id: int, chat_id: int,
                   offset: timedelta) -> Profile:
    """Create the user on first contact; a returning user becomes active again."""
    profile = await uow.users.ensure(user_id, chat_id, now)
    if not profile.active or profile.chat_id != chat_id:
        await uow.users.set_fields(user_id, active=True, chat_id=chat_id)
        profile = await uow.users.ensure(user_id, chat_id, now)
    if profile.onboarded:
        await schedule(uow, profile, now, offset)
    return profile


async def save_plan(uow: UnitOfWork, now: datetime, user_id: int, chat_id: int,
                    hard: frozenset[int], cross: frozenset[int], run_end: time, tz: str,
                    offset: timedelta) -> PlanOverview:
    """Save the onboarding answers, choose the session days and schedule the next one."""
    days = choose_session_days(hard, cross)
    before = await uow.users.ensure(user_id, chat_id, now)
    await uow.users.save_plan(user_id, sorted(hard), sorted(cross), days, run_end, tz, now)
    await uow.sessions.cancel_due(user_id)
    await uow.drafts.delete(user_id)
    if before.session_days != days:
        await uow.planning.clear_moves(user_id)  # moves were of the old week
    profile = await uow.users.get(user_id)
    assert profile is not None
    await schedule(uow, profile, now, offset)
    return await overview(uow, profile, now, offset)


async def draft_of(uow: UnitOfWork, now: datetime, user_id: int) -> Draft | None:
    """The runner's onboarding answers so far; a question left too long is dropped."""
    draft = await uow.drafts.get(user_id)
    if draft is not None and draft.expired(now):
        await uow.drafts.delete(user_id)
        return None
    return draft


async def drop_stale_drafts(uow: UnitOfWork, now: datetime) -> int:
    """Forget setup answers of runners who left a question unanswered past its TTL."""
    return await uow.drafts.delete_asked_before(now - DRAFT_TTL)


async def keep_draft(uow: UnitOfWork, user_id: int, draft: Draft) -> None:
    """Store the answers so far (saving the plan drops them)."""
    await uow.drafts.put(user_id, draft)


async def plan_overview(uow: UnitOfWork, now: datetime, user_id: int,
                        offset: timedelta) -> PlanOverview:
    """The onboarded runner's plan: session days, the next reminder, a pause."""
    return await overview(uow, await onboarded(uow, user_id), now, offset)


async def pause(uow: UnitOfWork, now: datetime, user_id: int, weeks: int,
                offset: timedelta) -> PlanOverview:
    """Hold reminders for `weeks` weeks: until the start of that local day."""
    return await _replan(uow, now, user_id, weeks, offset)


async def resume(uow: UnitOfWork, now: datetime, user_id: int,
                 offset: timedelta) -> PlanOverview:
    """Lift a pause; the next reminder is planned from now."""
    return await _replan(uow, now, user_id, None, offset)


async def _replan(uow: UnitOfWork, now: datetime, user_id: int, weeks: int | None,
                  offset: timedelta) -> PlanOverview:
    """Pause for `weeks` (None: lift the pause) and plan the next reminder after it."""
    profile = await onboarded(uow, user_id)
    until = None if weeks is None else pause_end(now, zone_of(profile), weeks)
    await uow.users.set_fields(user_id, paused_until=until)
    await uow.sessions.cancel_due(user_id)
    profile = replace(profile, paused_until=until)
    await schedule(uow, profile, now, offset)
    return await overview(uow, profile, now, offset)


async def move_run(uow: UnitOfWork, now: datetime, user_id: int, weekday: int | None,
                   offset: timedelta) -> Moved:
    """This week's hard run moves to `weekday` (None: tomorrow); its session follows.

    Raises MoveRefused when that day can't take it; later weeks keep the usual days.
    """
    profile = await onboarded(uow, user_id)
    today = local_date(now, zone_of(profile))
    to_date = today + timedelta(days=1 if weekday is None
                                else (weekday - today.weekday()) % 7)
    routine, booked = await calendar(uow, profile, now, offset)
    move = choose_move(routine, booked, today, to_date)
    await uow.planning.add_move(user_id, move, now)
    await uow.sessions.cancel_due(user_id)
    await schedule(uow, profile, now, offset)
    return Moved(move, await overview(uow, profile, now, offset))


async def set_auto_progression(uow: UnitOfWork, user_id: int, on: bool) -> None:
    await uow.users.set_fields(user_id, auto_progression=on)


async def set_load(uow: UnitOfWork, now: datetime, user_id: int, exercise_id: str,
                   load_kg: float) -> Target:
    """Override one exercise's target load; reps and sets stay."""
    if exercise_id not in EXERCISE_IDS:
        raise KeyError(exercise_id)
    current = await uow.targets.get(user_id, exercise_id)
    target = Target(current.sets, current.reps, load_kg)
    await uow.targets.put(user_id, exercise_id, target, now)
    return target


async def delete_user(uow: UnitOfWork, user_id: int) -> None:
    await uow.users.delete(user_id)


async def reactivate(uow: UnitOfWork, now: datetime, user_id: int, chat_id: int,
                     offset: timedelta) -> Profile | None:
    """A known user unblocked the bot: active again, next reminder planned.

    Unknown users are not created (that is /start's job); they get None.
    """
    if await uow.users.get(user_id) is None:
        return None
    await uow.users.set_fields(user_id, active=True, chat_id=chat_id)
    profile = await uow.users.get(user_id)
    assert profile is not None
    if profile.onboarded:
        await schedule(uow, profile, now, offset)
    return profile


async def deactivate(uow: UnitOfWork, user_id: int) -> None:
    """The chat is gone (blocked, deleted): no more reminders until /start or unblock."""
    await uow.users.set_fields(user_id, active=False)
    await uow.sessions.cancel_due(user_id)


async def schedule_after(uow: UnitOfWork, user_id: int, after: datetime,
                         offset: timedelta) -> SessionInfo | None:
    """Make sure the next reminder after `after` has its row (used after each delivery)."""
    profile = await uow.users.get(user_id)
    if profile is None:
        return None
    return await schedule(uow, profile, after, offset)

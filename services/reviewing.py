"""review_due: the weekly review use case; the reviews table is the schedule, like reminders.

Each pass gives newly onboarded runners their default review row, releases claims a crashed
sender left behind, then claims due rows atomically (one sender per row, across instances),
sends each review and moves the row to the same local day and time next week (zoneinfo: DST
changes keep it at the local hour). A failed send keeps its claim until the claim timeout,
so it is retried every few minutes; a review more than `grace` late (the bot was down) is not
sent and the row moves on. Off, gone or paused runners get no review.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.clock import Clock
from coach.review import WeeklyReview, next_review_at
from services.ports import RecipientGone, ReviewSender, Throttled, Transient
from storage.records import Profile
from storage.reviews import ReviewPlan
from storage.uow import UnitOfWork

log = logging.getLogger("scheduler.reviews")
UowFactory = Callable[[], UnitOfWork]
Content = Callable[[int, datetime], Awaitable[WeeklyReview]]


@dataclass(frozen=True)
class ReviewLimits:
    """How late a review may still go out, batch size and claim timeout."""

    grace: timedelta = timedelta(hours=12)
    batch: int = 200
    claim_timeout: timedelta = timedelta(minutes=5)


async def review_due(uow_factory: UowFactory, clock: Clock, sender: ReviewSender,
                     content: Content, limits: ReviewLimits) -> int:
    """Send every review due now; return how many went out."""
    now = clock.now()
    async with uow_factory() as uow:
        await uow.reviews.requeue_stale(now - limits.claim_timeout)
        await uow.reviews.seed_missing(now)
    sent = 0
    while True:
        stamp = clock.now()
        async with uow_factory() as uow:
            claimed = await uow.reviews.claim_due(stamp, limits.batch)
            profiles = {plan.user_id: await uow.users.get(plan.user_id) for plan in claimed}
        for plan in claimed:
            sent += await _one(uow_factory, clock, sender, content, limits,
                               plan, profiles[plan.user_id], stamp)
        if len(claimed) < limits.batch:
            return sent


async def _one(uow_factory: UowFactory, clock: Clock, sender: ReviewSender, content: Content,
               limits: ReviewLimits, plan: ReviewPlan, profile: Profile | None,
               stamp: datetime) -> int:
    now = clock.now()
    assert plan.due_at is not None
    if profile is None or profile.tz is None or not plan.enabled:
        await _settle(uow_factory, plan, stamp, None, None)
        return 0
    following = next_review_at(plan.weekday, plan.minutes, profile.tz, max(now, plan.due_at))
    reason = _needless(profile, plan, now, limits)
    if reason is not None:
        log.info("review outcome=%s user=%s", reason, plan.user_id)
        await _settle(uow_factory, plan, stamp, following, None)
        return 0
    try:
        await sender.review(profile, await content(plan.user_id, now))
    except RecipientGone:
        async with uow_factory() as uow:
            await uow.users.set_fields(plan.user_id, active=False)
            await uow.sessions.cancel_due(plan.user_id)
        await _settle(uow_factory, plan, stamp, following, None)
        return 0
    except Exception as exc:  # the claim lapses after claim_timeout: a retry, while in grace
        if not isinstance(exc, Throttled | Transient):
            log.exception("review send failed user=%s", plan.user_id)
        log.info("review outcome=retried user=%s reason=%s", plan.user_id, type(exc).__name__)
        return 0
    await _settle(uow_factory, plan, stamp, following, now)
    log.info("review outcome=sent user=%s", plan.user_id)
    return 1


def _needless(profile: Profile, plan: ReviewPlan, now: datetime,
              limits: ReviewLimits) -> str | None:
    assert plan.due_at is not None
    if not profile.active or not profile.onboarded:
        return "inactive"
    if profile.paused_until is not None and profile.paused_until > now:
        return "paused"
    if now - plan.due_at > limits.grace:
        return "late"
    return None


async def _settle(uow_factory: UowFactory, plan: ReviewPlan, stamp: datetime,
                  following: datetime | None, sent: datetime | None) -> None:
    async with uow_factory() as uow:
        if not await uow.reviews.settle(plan.user_id, stamp, following, sent):
            log.info("review outcome=claim_lost user=%s", plan.user_id)

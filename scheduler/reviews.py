"""The weekly review job: the reviews table is the schedule, like reminders.

Each pass gives newly onboarded runners their default review row, releases claims a
crashed sender left behind, then claims due rows atomically (one sender per row, across
instances), sends each review and moves the row to the same local day and time next week
(zoneinfo: DST changes keep it at the local hour). A failed send keeps its claim until the
claim timeout, so it is retried every few minutes; a review more than `grace` late (the bot
was down) is not sent and the row moves on. Off, gone or paused runners get no review.
"""

import logging
from datetime import datetime, timedelta
from typing import Protocol

from coach.clock import Clock
from coach.review import WeeklyReview, next_review_at
from services.plan import PlanService
from services.ports import RecipientGone, Throttled, Transient
from services.weekly import WeeklyService
from storage.records import Profile
from storage.reviews import ReviewPlan

log = logging.getLogger(__name__)
GRACE = timedelta(hours=12)


class ReviewSender(Protocol):
    """Renders and sends the weekly review; implemented by the bot layer."""

    async def review(self, profile: Profile, review: WeeklyReview) -> int:
        """Send it; return the Telegram message id."""


class Reviewer:
    """Claims due weekly reviews and sends them."""

    def __init__(self, weekly: WeeklyService, plans: PlanService, sender: ReviewSender,
                 clock: Clock, *, grace: timedelta = GRACE, batch: int = 200,
                 claim_timeout: timedelta = timedelta(minutes=5)) -> None:
        self.weekly = weekly
        self.plans = plans
        self.sender = sender
        self.clock = clock
        self.grace = grace
        self.batch = batch
        self.claim_timeout = claim_timeout

    async def tick(self) -> int:
        """Send every review due now; return how many went out."""
        now = self.clock.now()
        async with self.weekly.uow() as uow:
            await uow.reviews.requeue_stale(now - self.claim_timeout)
            await uow.reviews.seed_missing(now)
        sent = 0
        while True:
            stamp = self.clock.now()
            async with self.weekly.uow() as uow:
                claimed = await uow.reviews.claim_due(stamp, self.batch)
            for plan in claimed:
                sent += await self._one(plan, stamp)
            if len(claimed) < self.batch:
                return sent

    async def _one(self, plan: ReviewPlan, stamp: datetime) -> int:
        now = self.clock.now()
        profile = await self.plans.profile(plan.user_id)
        assert plan.due_at is not None
        if profile is None or profile.tz is None or not plan.enabled:
            await self._settle(plan, stamp, None, None)
            return 0
        after = max(now, plan.due_at)
        following = next_review_at(plan.weekday, plan.minutes, profile.tz, after)
        reason = self._needless(profile, plan, now)
        if reason is not None:
            log.info("review outcome=%s user=%s", reason, plan.user_id)
            await self._settle(plan, stamp, following, None)
            return 0
        try:
            review = await self.weekly.content(plan.user_id, now)
            await self.sender.review(profile, review)
        except RecipientGone:
            await self.plans.deactivate(plan.user_id)
            await self._settle(plan, stamp, following, None)
            return 0
        except Exception as exc:  # the claim lapses after claim_timeout: a retry, while in grace
            if not isinstance(exc, Throttled | Transient):
                log.exception("review send failed user=%s", plan.user_id)
            log.info("review outcome=retried user=%s reason=%s", plan.user_id,
                     type(exc).__name__)
            return 0
        await self._settle(plan, stamp, following, now)
        log.info("review outcome=sent user=%s", plan.user_id)
        return 1

    def _needless(self, profile: Profile, plan: ReviewPlan, now: datetime) -> str | None:
        assert plan.due_at is not None
        if not profile.active or not profile.onboarded:
            return "inactive"
        if profile.paused_until is not None and profile.paused_until > now:
            return "paused"
        if now - plan.due_at > self.grace:
            return "late"
        return None

    async def _settle(self, plan: ReviewPlan, stamp: datetime, following: datetime | None,
                      sent: datetime | None) -> None:
        async with self.weekly.uow() as uow:
            if not await uow.reviews.settle(plan.user_id, stamp, following, sent):
                log.info("review outcome=claim_lost user=%s", plan.user_id)

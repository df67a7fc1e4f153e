"""When weekly reviews go out: a job every few minutes makes one service call, `review_due`.

What a review pass does is the use case's (services/review.py).
"""

from datetime import timedelta

from coach.clock import Clock
from services.plan import PlanService
from services.ports import ReviewSender
from services.review import ReviewLimits, WeeklyService, review_due

GRACE = timedelta(hours=12)


class Reviewer:
    """The weekly review job."""

    def __init__(self, weekly: WeeklyService, plans: PlanService, sender: ReviewSender,
                 clock: Clock, *, grace: timedelta = GRACE, batch: int = 200,
                 claim_timeout: timedelta = timedelta(minutes=5)) -> None:
        self.weekly = weekly
        self.plans = plans
        self.sender = sender
        self.clock = clock
        self.limits = ReviewLimits(grace=grace, batch=batch, claim_timeout=claim_timeout)

    async def tick(self) -> int:
        """Send every review due now; return how many went out."""
        return await review_due(self.weekly.uow, self.clock, self.sender,
                                self.weekly.content, self.limits)

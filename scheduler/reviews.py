"""When weekly reviews go out: a job every few minutes makes one service call, `review_due`.

What a review pass does is the use case's (services/review.py).
"""

from datetime import datetime, timedelta

from coach.clock import Clock
from coach.review import WeeklyReview
from services.ports import ReviewSender
from services.review import ReviewLimits, review_content, review_due
from services.uow import UowFactory

GRACE = timedelta(hours=12)


class Reviewer:
    """The weekly review job: `units` opens its transactions, `offset` is how long before
    the run's end a reminder goes out (the review names the coming week's)."""

    def __init__(self, units: UowFactory, offset: timedelta, sender: ReviewSender,
                 clock: Clock, *, grace: timedelta = GRACE, batch: int = 200,
                 claim_timeout: timedelta = timedelta(minutes=5)) -> None:
        self.units = units
        self.offset = offset
        self.sender = sender
        self.clock = clock
        self.limits = ReviewLimits(grace=grace, batch=batch, claim_timeout=claim_timeout)

    async def content(self, user_id: int, now: datetime) -> WeeklyReview:
        async with self.units() as uow:
            return await review_content(uow, now, user_id, self.offset)

    async def tick(self) -> int:
        """Send every review due now; return how many went out."""
        return await review_due(self.units, self.clock, self.sender, self.content, self.limits)

"""The onboarding draft: the answers collected so far, before the plan is saved."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

DRAFT_TTL = timedelta(hours=1)
STEPS = ("hard", "cross", "time", "tz")


@dataclass
class Draft:
    """Answers so far and the question being asked (`step`).

    `single` marks a /settings edit of one answer: the first answer saves the plan.
    """

    step: str = "hard"
    hard: set[int] = field(default_factory=set)
    cross: set[int] = field(default_factory=set)
    run_end: time | None = None
    tz: str | None = None
    single: bool = False
    asked_at: datetime | None = None

    def expired(self, now: datetime) -> bool:
        """A question left unanswered for DRAFT_TTL is dropped.

        Days later a typed rep report is then read as a report, not as an answer to a
        forgotten /settings question.
        """
        return self.asked_at is not None and now - self.asked_at > DRAFT_TTL

"""What a scheduler pass did: counters, and one key=value log line per delivery outcome.

Log lines carry ids, outcome, attempt and reason class only; never message texts or tokens:
`delivery outcome=retried session=12 user=1001 attempt=2 reason=server_error retry_in=20s`.
Outcomes: sent, missed, retried, given_up, user_inactive, nudged (and nudge_dropped at DEBUG).
"""

import logging
from dataclasses import dataclass

from coach.views import SessionInfo

log = logging.getLogger("scheduler.delivery")
LEVELS = {"retried": logging.WARNING, "given_up": logging.WARNING,
          "nudge_dropped": logging.DEBUG}


def outcome(name: str, session: SessionInfo, **extra: object) -> None:
    """Log one delivery outcome as key=value pairs."""
    if not log.isEnabledFor(LEVELS.get(name, logging.INFO)):
        return
    fields = "".join(f" {key}={value}" for key, value in extra.items())
    log.log(LEVELS.get(name, logging.INFO), "delivery outcome=%s session=%s user=%s%s", name,
            session.id, session.user_id, fields)


@dataclass
class TickReport:
    """What one pass of the scheduler did."""

    sent: int = 0
    missed: int = 0
    failed: int = 0  # sends that failed and were put back for a later retry
    gone: int = 0
    given_up: int = 0
    nudged: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.missed + self.failed + self.gone + self.given_up + self.nudged

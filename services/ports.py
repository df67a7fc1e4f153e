"""The Telegram sender port: what bot/ and scheduler/ agree a send can end in.

bot/ translates Telegram's errors into these; scheduler/ and the services handle them, so
neither imports the other:

- `RecipientGone`: 403 (blocked, deactivated) or "chat not found"; the user becomes inactive.
- `Throttled`: 429 flood control; Telegram says how long to wait. It is global to the bot, so
  the sending pass waits it out (a few times) instead of hammering on.
- `Transient`: 5xx answers, network errors, time-outs; the row is retried later with capped
  exponential backoff, other users' reminders go on meanwhile. Its reason
  "outcome_unknown" means the request was written but the answer was lost (read time-out,
  connection dropped): Telegram may have delivered it, so the retry may be a duplicate.

The senders themselves (`Sender`, `NudgeSender`, `ReviewSender`) are the port's other half:
the services call them, bot/ implements them.
"""

from typing import Protocol

from coach.review import WeeklyReview
from coach.views import Profile, SessionView


class RecipientGone(Exception):
    """The chat can no longer be reached (the user blocked the bot or deleted the chat)."""


class Throttled(Exception):
    """Telegram answered 429: nothing may be sent for `retry_after` seconds."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"flood control: retry after {retry_after:g} s")
        self.retry_after = retry_after


class Transient(Exception):
    """A fault worth retrying later; `reason` is its class.

    server_error, network, timeout (not sent), or outcome_unknown (perhaps delivered).
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def reason_of(exc: Exception) -> str:
    """The reason class of a failed send, for logs: rate_limited, server_error, … or error."""
    if isinstance(exc, Throttled):
        return "rate_limited"
    return exc.reason if isinstance(exc, Transient) else "error"


class Sender(Protocol):
    """Renders and sends what the scheduler delivers; implemented by the bot layer.

    Each method returns the Telegram message id, or raises one of the faults above.
    """

    async def reminder(self, view: SessionView) -> int:
        """Send the session reminder."""

    async def missed(self, view: SessionView) -> int:
        """Tell the runner a reminder could not go out in time."""


class NudgeSender(Protocol):
    """Sends the next-morning nudge; implemented by the bot layer."""

    async def nudge(self, view: SessionView) -> int:
        """Offer to log the session late or skip it."""


class ReviewSender(Protocol):
    """Renders and sends the weekly review; implemented by the bot layer."""

    async def review(self, profile: Profile, review: WeeklyReview) -> int:
        """Send it."""

"""`coachbot status` (a read use case): how many runners, where their reminders stand."""

from dataclasses import dataclass, field
from datetime import datetime

from coach.stored import SEND_OUTCOME_UNKNOWN
from coach.views import Delivery, Nudge
from services.uow import UnitOfWork


@dataclass(frozen=True)
class StatusCounts:
    """Users, reminders by delivery state, and nudges by state."""

    users: int
    active_users: int
    due_now: int  # due and waiting for the scheduler (retries once their time has come)
    retrying: int  # put back after a failed send, attempts > 0
    deliveries: dict[str, int] = field(default_factory=dict)
    nudges: dict[str, int] = field(default_factory=dict)
    outcome_unknown: int = 0  # sends whose answer was lost: perhaps delivered, then retried
    updates_waiting: int = 0  # stored, not handled yet (in hand, or waiting for a later pass)
    updates_given_up: int = 0  # failed pass after pass for passing faults; runner asked to resend

    def delivery(self, state: Delivery) -> int:
        return self.deliveries.get(state.value, 0)

    def nudge(self, state: Nudge) -> int:
        return self.nudges.get(state.value, 0)


async def status_counts(uow: UnitOfWork, now: datetime) -> StatusCounts:
    """Count users and sessions (a read: run it in a transaction of its own)."""
    users, active = await uow.stats.users()
    unknown, _ = await uow.ops.read(SEND_OUTCOME_UNKNOWN)
    waiting, given_up = await uow.inbox.counts()
    return StatusCounts(users, active, await uow.stats.due_now(now), await uow.stats.retrying(),
                        await uow.stats.by_delivery(), await uow.stats.by_nudge(), unknown,
                        waiting, given_up)


def render_status(counts: StatusCounts) -> str:
    """Plain lines for a terminal: `name: value`, aligned."""
    rows = [
        ("users", f"{counts.users} ({counts.active_users} active)"),
        ("reminders due now", str(counts.due_now)),
        ("retrying after a failed send", str(counts.retrying)),
        ("reminders sent", str(counts.delivery(Delivery.SENT))),
        ("missed-session notes", str(counts.delivery(Delivery.MISSED))),
        ("given up (failed)", str(counts.delivery(Delivery.FAILED))),
        ("cancelled (blocked, skipped)", str(counts.delivery(Delivery.CANCELLED))),
        ("claimed right now", str(counts.delivery(Delivery.CLAIMED))),
        ("nudges sent", str(counts.nudge(Nudge.SENT))),
        ("nudges waiting", str(counts.nudge(Nudge.DUE))),
        ("nudges failed", str(counts.nudge(Nudge.FAILED))),
        ("sends of unknown outcome", f"{counts.outcome_unknown} (answer lost; may repeat)"),
        ("updates waiting to be handled", str(counts.updates_waiting)),
        ("updates given up (dead letters)", str(counts.updates_given_up)),
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name + ':':<{width + 1}} {value}" for name, value in rows)

"""`coachbot status`: counts of users and of reminders by outcome, rendered for a terminal."""

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from fakes.scheduler import MONDAY_NOON, TUESDAY_DUE, ScriptedSender, onboard
from scheduler.delivery import Deliverer
from scheduler.pacing import Pacer
from services.ports import RecipientGone, Transient
from services.runtime import Units
from services.status import StatusCounts, render_status, status_counts


async def test_status_counts_users_and_reminders_by_outcome(
    factory: async_sessionmaker[AsyncSession],
) -> None:
    clock = FakeClock(MONDAY_NOON)
    plans, sender = Units(factory), ScriptedSender(clock)
    for user in (1, 2, 3, 4):
        await onboard(plans, user, MONDAY_NOON)
    sender.script = {2: [RecipientGone("blocked")], 3: [Transient("server_error")]}
    clock.set(TUESDAY_DUE)
    await Deliverer(plans, sender, clock, grace=timedelta(hours=2), pacer=Pacer()).tick()
    counts = await Units(factory).run(status_counts, TUESDAY_DUE + timedelta(minutes=1))
    assert (counts.users, counts.active_users) == (4, 3)
    assert (counts.due_now, counts.retrying) == (1, 1)
    assert counts.deliveries["sent"] == 2
    assert counts.deliveries["cancelled"] == 1
    assert counts.deliveries["due"] == 3  # the retry and two users' next sessions


def test_the_status_report_reads_as_aligned_lines() -> None:
    counts = StatusCounts(10, 8, 1, 2, {"sent": 30, "missed": 3, "failed": 1},
                          {"sent": 4})
    text = render_status(counts)
    assert "users:" in text
    assert "10 (8 active)" in text
    lines = dict(line.split(":", 1) for line in text.splitlines())
    assert lines["reminders sent"].strip() == "30"
    assert lines["given up (failed)"].strip() == "1"
    assert lines["nudges sent"].strip() == "4"
    value_columns = {len(line) - len(line.split(":", 1)[1].lstrip()) for line in lines_of(text)}
    assert len(value_columns) == 1


def lines_of(text: str) -> list[str]:
    return text.splitlines()

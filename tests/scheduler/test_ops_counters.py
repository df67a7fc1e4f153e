"""Claims stamped by the database's clock, the scheduler's heartbeat, sends of unknown outcome."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.stored import SCHEDULER_TICK
from coach.views import SessionView
from fakes.scheduler import MONDAY_NOON, TUESDAY_DUE, ScriptedSender, onboard
from scheduler.delivery import Deliverer
from scheduler.pacing import Pacer
from services.ports import Transient
from services.runtime import Units
from services.status import status_counts

GRACE = timedelta(hours=2)
CLAIM_TIMEOUT = timedelta(minutes=5)
ALICE = 1


@dataclass
class MeanwhileSender(ScriptedSender):
    """Runs `meanwhile` (another instance's pass) while its first reminder is on the wire."""

    meanwhile: Callable[[], Awaitable[object]] | None = None

    async def reminder(self, view: SessionView) -> int:
        if self.meanwhile is not None:
            other, self.meanwhile = self.meanwhile, None
            await other()
        return await super().reminder(view)


def deliverer(plans: Units, sender: ScriptedSender, clock: FakeClock) -> Deliverer:
    return Deliverer(plans, sender, clock, grace=GRACE, pacer=Pacer(),
                     claim_timeout=CLAIM_TIMEOUT, server_clock=True)


def on_postgres(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite serves one host: its claims use that host's clock")


async def test_an_instance_whose_clock_runs_an_hour_ahead_leaves_a_fresh_claim_alone(
    db_url: str, plans: Units,
) -> None:
    on_postgres(db_url)
    await onboard(plans, ALICE, MONDAY_NOON)
    behind, ahead = FakeClock(TUESDAY_DUE), FakeClock(TUESDAY_DUE + timedelta(hours=1))
    other_sender = ScriptedSender(ahead)
    other = deliverer(plans, other_sender, ahead)
    sender = MeanwhileSender(behind, meanwhile=other.tick)
    assert (await deliverer(plans, sender, behind).tick()).sent == 1
    assert sender.kinds(ALICE) == ["reminder"]
    assert other_sender.kinds(ALICE) == []  # it did not take over the claim: no duplicate


async def test_a_claim_left_by_a_dead_instance_is_requeued_by_the_database_clock(
    db_url: str, plans: Units, sender: ScriptedSender,
) -> None:
    on_postgres(db_url)
    await onboard(plans, ALICE, MONDAY_NOON)
    async with plans() as uow:
        assert len(await uow.claims.claim_due(TUESDAY_DUE, 10, server_clock=True)) == 1
        assert await uow.claims.requeue_stale_claims(
            TUESDAY_DUE + timedelta(days=1), stale_after=CLAIM_TIMEOUT) == 0  # fresh by now()
        assert await uow.claims.requeue_stale_claims(
            TUESDAY_DUE, stale_after=-CLAIM_TIMEOUT) == 1  # as if the timeout had passed


async def test_every_pass_stamps_the_scheduler_heartbeat(
    plans: Units, sender: ScriptedSender, clock: FakeClock,
) -> None:
    tick = deliverer(plans, sender, clock).tick
    await tick()
    await tick()
    async with plans() as uow:
        count, at = await uow.ops.read(SCHEDULER_TICK)
    assert count == 2
    assert at is not None


async def test_a_send_whose_answer_was_lost_is_counted_and_retried(
    factory: async_sessionmaker[AsyncSession], plans: Units, sender: ScriptedSender,
    clock: FakeClock,
) -> None:
    await onboard(plans, ALICE, MONDAY_NOON)
    sender.script = {ALICE: [Transient("outcome_unknown")]}
    clock.set(TUESDAY_DUE)
    assert (await deliverer(plans, sender, clock).tick()).failed == 1
    clock.advance(timedelta(seconds=10))
    assert (await deliverer(plans, sender, clock).tick()).sent == 1
    assert (await Units(factory).run(status_counts, clock.now())).outcome_unknown == 1

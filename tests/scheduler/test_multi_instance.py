"""Several bot instances on one database: every due reminder goes out exactly once.

Each instance is a Deliverer with its own engine (its own connections, as a separate
process would have), all sharing one database and one recording sender. Their ticks run
concurrently, round after round, while new reminders fall due. PostgreSQL claims with
`SELECT … FOR UPDATE SKIP LOCKED`; SQLite with a conditional UPDATE inside BEGIN IMMEDIATE.
"""

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from coach.clock import FakeClock
from coach.views import SessionView
from scheduler.delivery import Deliverer
from scheduler.pacing import Pacer
from services.runtime import Units
from storage.db import create_engine, session_factory
from tests.scheduler.crash_helpers import delivery_of, seed_due, tally

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
INSTANCES = 3
ROUNDS = 4
DUE_PER_ROUND = 60
BATCH = 7  # small batches: many claims per tick, so the instances really interleave


class InstanceSender:
    """One instance's sender; every send lands in the log shared by all instances."""

    def __init__(self, instance: int, log: list[tuple[int, int]]) -> None:
        self.instance = instance
        self.log = log

    async def reminder(self, view: SessionView) -> int:
        await asyncio.sleep(0)  # a send is a network wait: let the other instances run
        self.log.append((self.instance, view.session.id))
        return len(self.log)

    async def missed(self, view: SessionView) -> int:
        return await self.reminder(view)

    async def nudge(self, view: SessionView) -> int:
        return await self.reminder(view)


async def test_concurrent_instances_deliver_every_due_reminder_exactly_once(db_url: str) -> None:
    due = [NOW + timedelta(minutes=r) for r in range(ROUNDS) for _ in range(DUE_PER_ROUND)]
    session_ids = await seed_due(db_url, due)
    clock = FakeClock(NOW)
    log: list[tuple[int, int]] = []
    engines: list[AsyncEngine] = [create_engine(db_url) for _ in range(INSTANCES)]
    try:
        deliverers = [
            Deliverer(Units(session_factory(engine)),
                      InstanceSender(n, log), clock, grace=timedelta(hours=2), batch=BATCH,
                      pacer=Pacer())
            for n, engine in enumerate(engines)
        ]
        for r in range(ROUNDS):
            clock.set(NOW + timedelta(minutes=r))
            reports = await asyncio.gather(*(d.tick() for d in deliverers))
            assert sum(report.sent for report in reports) == DUE_PER_ROUND, reports
            assert sum(report.handled for report in reports) == DUE_PER_ROUND, reports
    finally:
        for engine in engines:
            await engine.dispose()

    sends = Counter(session_id for _, session_id in log)
    repeated = {session_id: n for session_id, n in sends.items() if n > 1}
    assert not repeated, f"reminders sent more than once: {repeated}"
    assert set(sends) == set(session_ids), "some due reminders were never sent"
    assert tally(await delivery_of(db_url, session_ids)) == {"sent": len(session_ids)}
    by_instance = Counter(instance for instance, _ in log)
    print(f"\nmulti-instance ({db_url.split(':')[0]}): {len(session_ids)} reminders, "
          f"{INSTANCES} instances, sent per instance {sorted(by_instance.values())}, "
          f"{sum(sends.values()) - len(sends)} duplicates")
    assert len(by_instance) >= 2, f"the instances did not share the work: {by_instance}"


class SlowSender(InstanceSender):
    """Each send takes `seconds` of the shared fake clock; at send number `at` another
    instance's tick runs to completion (it happens while this send waits on the network)."""

    def __init__(self, instance: int, log: list[tuple[int, int]], clock: FakeClock,
                 seconds: float, at: int, meanwhile: Callable[[], Awaitable[object]]) -> None:
        super().__init__(instance, log)
        self.clock = clock
        self.seconds = seconds
        self.at = at
        self.meanwhile = meanwhile

    async def reminder(self, view: SessionView) -> int:
        self.clock.advance(timedelta(seconds=self.seconds))
        if len([i for i, _ in self.log if i == self.instance]) + 1 == self.at:
            await self.meanwhile()
        return await super().reminder(view)


@pytest.mark.parametrize("batch", [10, 30])  # 30 x 15 s: one batch outlasts the timeout
async def test_a_long_burst_on_one_instance_is_not_resent_by_another(
    db_url: str, batch: int,
) -> None:
    rows, send_seconds = 30, 15.0  # 30 sends x 15 s: longer than the 5 min claim timeout
    session_ids = await seed_due(db_url, [NOW] * rows)
    clock = FakeClock(NOW)
    log: list[tuple[int, int]] = []
    engines: list[AsyncEngine] = [create_engine(db_url) for _ in range(2)]
    try:
        other = Deliverer(Units(session_factory(engines[1])),
                          InstanceSender(1, log), clock, grace=timedelta(hours=2),
                          batch=batch, claim_timeout=timedelta(minutes=5))
        busy = Deliverer(Units(session_factory(engines[0])),
                         SlowSender(0, log, clock, send_seconds, 25, other.tick), clock,
                         grace=timedelta(hours=2), batch=batch,
                         claim_timeout=timedelta(minutes=5))
        await busy.tick()
    finally:
        for engine in engines:
            await engine.dispose()

    sends = Counter(session_id for _, session_id in log)
    assert set(sends) == set(session_ids)
    assert max(sends.values()) == 1, f"re-sent: {sorted(s for s, n in sends.items() if n > 1)}"

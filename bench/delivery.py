"""Delivery benchmark: reminders per second, and whether an idle pass grows with users.

Run: make bench   (or: .venv/bin/python -m bench.delivery [--users N] [--due N] [--pg URL])
Prints figures and ratios measured in the same run; nothing is asserted.
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from coach.clock import FakeClock
from coach.reports import parse_report
from coach.views import Delivery, SessionView, Status
from scheduler.delivery import Deliverer
from scheduler.pacing import Pacer
from services.runtime import Units
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import SessionRow, User

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
REPORT = "sldl 8/8 8/8 8/7\ngoblet 3x8 @ 12kg\nlunge 8 8 8\ncalf skip\nstep up 8 8 7 @ 10 kg"


class NullSender:
    """Counts reminders instead of sending them."""

    def __init__(self) -> None:
        self.count = 0

    async def reminder(self, view: SessionView) -> int:
        self.count += 1
        return self.count

    async def missed(self, view: SessionView) -> int:
        return await self.reminder(view)


async def seed(url: str, users: int, due: int) -> None:
    """`users` onboarded runners; `due` of them have a reminder due now, the rest next week."""
    engine = create_engine(url)
    rows = [dict(id=i, chat_id=i, tz="Europe/Berlin", run_end_minutes=18 * 60 + 30,
                 hard_days=0b1010, cross_days=0, session_days=0b1010, active=True,
                 auto_progression=True, onboarded_at=NOW, created_at=NOW)
            for i in range(1, users + 1)]
    sessions = [dict(user_id=i, kind="scheduled", session_date=date(2026, 11, 24),
                     due_at=NOW if i <= due else NOW + timedelta(days=7),
                     delivery=Delivery.DUE.value, status=Status.PLANNED.value)
                for i in range(1, users + 1)]
    async with engine.begin() as conn:
        for start in range(0, users, 5000):
            await conn.execute(insert(User), rows[start:start + 5000])
            await conn.execute(insert(SessionRow), sessions[start:start + 5000])
    await engine.dispose()


async def timed_tick(url: str, repeat: int = 1) -> tuple[float, int]:
    """Median seconds of `repeat` ticks at NOW, and how many reminders the first one sent."""
    engine = create_engine(url)
    sender = NullSender()
    # No pacer: this measures the scheduler's own cost, not the 25/s send limit.
    deliverer = Deliverer(Units(session_factory(engine)), sender,
                          FakeClock(NOW), grace=timedelta(hours=2), pacer=Pacer())
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        await deliverer.tick()
        times.append(time.perf_counter() - start)
    await engine.dispose()
    return statistics.median(times), sender.count


async def fresh(url_for: str, users: int, due: int) -> str:
    await asyncio.to_thread(upgrade, url_for)
    await seed(url_for, users, due)
    return url_for


def parse_figures(rounds: int = 2000) -> tuple[float, float]:
    """Microseconds per five-line report: the parser, and a bare split as the floor."""
    start = time.perf_counter()
    for _ in range(rounds):
        parse_report(REPORT, ())
    parser = (time.perf_counter() - start) / rounds * 1e6
    start = time.perf_counter()
    for _ in range(rounds):
        [line.split() for line in REPORT.splitlines()]
    floor = (time.perf_counter() - start) / rounds * 1e6
    return parser, floor


async def main(users: int, due: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        burst = await fresh(f"sqlite+aiosqlite:///{base / 'burst.db'}", due, due)
        seconds, sent = await timed_tick(burst)
        print(f"burst: {sent} due reminders delivered in {seconds:.2f} s "
              f"= {sent / seconds:,.0f}/s (Telegram allows ~30/s: {sent / seconds / 30:.0f}x)")
        small = await fresh(f"sqlite+aiosqlite:///{base / 'small.db'}", 100, 0)
        large = await fresh(f"sqlite+aiosqlite:///{base / 'large.db'}", users, 0)
        idle_small, _ = await timed_tick(small, repeat=50)
        idle_large, _ = await timed_tick(large, repeat=50)
        print(f"idle pass: {idle_small * 1000:.2f} ms with 100 users, "
              f"{idle_large * 1000:.2f} ms with {users:,} users "
              f"(ratio {idle_large / idle_small:.2f}; 1.0 = no growth)")
    parser, floor = parse_figures()
    print(f"parse a 5-line report: {parser:.0f} µs (bare split: {floor:.1f} µs, "
          f"ratio {parser / floor:.0f}x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--due", type=int, default=1_000)
    args = parser.parse_args()
    asyncio.run(main(args.users, args.due))

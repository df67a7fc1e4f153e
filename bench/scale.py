"""Scale of runners: start-up, memory and cost per reminder at 1k/10k/100k, beside the naive peer.

Run: python -m bench.scale [--users 1000 10000 100000] [--due 500] [--tiny]

For each size, a SQLite file holds that many onboarded runners, each with a planned reminder.
- ours: `python -m bot.main run` as a child process against the fake Bot API (real HTTP):
  seconds from spawn to its first getUpdates, and its resident memory (VmRSS) then;
- naive: bench/naive_peer.py, one PTB `run_daily` job per runner, timed the same way;
- per reminder: `due` of the reminders made due now and delivered in this process with an
  instant sender, batched (`deliver_due`) and one at a time (the path before batching).
Prints a table with the ratios naive / ours, writes bench/results/scale.json; nothing is
asserted.
"""

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, update

from bench.delivery import NullSender
from bench.dispatch import NOW, batched, naive, write
from bench.table import machine
from coach.views import Delivery, Status
from fakes.telegram_api import FakeTelegram
from services.runtime import Units
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import SessionRow, User

RESULTS = Path(__file__).parent / "results" / "scale.json"
REPO = Path(__file__).resolve().parents[1]
CHUNK = 10_000


@dataclass
class Row:
    users: int
    ours_startup_s: float
    ours_rss_mib: float
    naive_startup_s: float
    naive_rss_mib: float
    batched_ms_per_reminder: float
    one_at_a_time_ms_per_reminder: float


async def seed(url: str, users: int) -> None:
    """Onboarded runners, each with next week's reminder planned."""
    engine = create_engine(url)
    later = NOW + timedelta(days=7)
    async with engine.begin() as conn:
        for start in range(1, users + 1, CHUNK):
            ids = range(start, min(users, start + CHUNK - 1) + 1)
            await conn.execute(insert(User), [dict(
                id=i, chat_id=i, tz="UTC", run_end_minutes=12 * 60, hard_days=127,
                cross_days=0, session_days=127, active=True, auto_progression=True,
                onboarded_at=NOW, created_at=NOW) for i in ids])
            await conn.execute(insert(SessionRow), [dict(
                user_id=i, kind="scheduled", session_date=later.date(), due_at=later,
                delivery=Delivery.DUE.value, status=Status.PLANNED.value) for i in ids])
    await engine.dispose()


async def make_due(url: str, first: int, count: int) -> None:
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.execute(update(SessionRow).where(
            SessionRow.user_id.between(first, first + count - 1)).values(
            due_at=NOW, session_date=NOW.date()))
    await engine.dispose()


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def first_poll(args: list[str], env: dict[str, str],
                     fake: FakeTelegram) -> tuple[float, float]:
    """Spawn a child; seconds until its first getUpdates, and its RSS then (MiB)."""
    seen = len(fake.calls)
    start = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=REPO, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    try:
        while not any(c.method.lower() == "getupdates" for c in fake.calls[seen:]):
            if proc.returncode is not None or time.perf_counter() - start > 300:
                raise RuntimeError(f"{args} exited or never polled")
            await asyncio.sleep(0.01)  # watching another process: nothing else to wait on
        return time.perf_counter() - start, rss_mib(proc.pid)
    finally:
        proc.terminate()
        await proc.wait()


def child_env(url: str, fake: FakeTelegram) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")}
    env.update(BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.url, DATABASE_URL=url,
               PYTHONPATH=str(REPO), LOG_LEVEL="WARNING", SCHEDULER_INTERVAL_SECONDS="600")
    return env


async def per_reminder_ms(url: str, users: int, due: int) -> tuple[float, float]:
    """Milliseconds per reminder: batched, then one at a time, on this database."""
    out = []
    for first, run in ((1, batched), (due + 1, naive(due))):
        await make_due(url, first, due)
        engine = create_engine(url)
        plans = Units(session_factory(engine))
        start = time.perf_counter()
        sent = await run(plans, NullSender())
        out.append((time.perf_counter() - start) / max(sent, 1) * 1000)
        await engine.dispose()
    return out[0], out[1]


async def row_for(users: int, due: int, folder: Path, fake: FakeTelegram) -> Row:
    url = f"sqlite+aiosqlite:///{folder / f'scale_{users}.db'}"
    await asyncio.to_thread(upgrade, url)
    await seed(url, users)
    env = child_env(url, fake)
    ours = await first_poll(["-m", "bot.main", "run"], env, fake)
    peer = await first_poll(["-m", "bench.naive_peer", url, fake.url, fake.token], env, fake)
    batched_ms, naive_ms = await per_reminder_ms(url, users, min(due, users // 2))
    return Row(users, round(ours[0], 2), round(ours[1], 1), round(peer[0], 2),
               round(peer[1], 1), round(batched_ms, 3), round(naive_ms, 3))


def table(rows: list[Row]) -> str:
    lines = [f"{'users':>7} | {'start-up s':>10} {'naive':>7} {'ratio':>6} | {'RSS MiB':>8} "
             f"{'naive':>7} {'ratio':>6} | {'ms/reminder':>11} {'1-at-a-time':>11} {'ratio':>6}"]
    for r in rows:
        lines.append(
            f"{r.users:>7,} | {r.ours_startup_s:>10.2f} {r.naive_startup_s:>7.2f} "
            f"{r.naive_startup_s / r.ours_startup_s:>6.1f} | {r.ours_rss_mib:>8.1f} "
            f"{r.naive_rss_mib:>7.1f} {r.naive_rss_mib / r.ours_rss_mib:>6.2f} | "
            f"{r.batched_ms_per_reminder:>11.3f} {r.one_at_a_time_ms_per_reminder:>11.3f} "
            f"{r.one_at_a_time_ms_per_reminder / r.batched_ms_per_reminder:>6.1f}")
    return "\n".join(lines)


async def main(sizes: list[int], due: int, out: Path) -> None:
    fake = FakeTelegram()
    await fake.start()
    rows = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for users in sizes:
                rows.append(await row_for(users, due, Path(folder), fake))
                fake.calls.clear()
    finally:
        await fake.stop()
    print(table(rows))
    write(out, {
        "rows": [asdict(r) for r in rows], "due_per_size": due,
        "machine": machine()})
    print(f"written to {out}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--due", type=int, default=500)
    parser.add_argument("--tiny", action="store_true", help="50 and 200 runners; for tests")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    asyncio.run(main([50, 200] if args.tiny else args.users, 10 if args.tiny else args.due,
                     args.out))

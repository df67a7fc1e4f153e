"""Progress benchmark: /progress chart and /export latency over a year of history per runner.

Run: .venv/bin/python -m bench.progress [--runners N] [--samples N] [--url URL] [--tiny]
Seeds N runners (default 300; --runners 10000 is the full-size run) with a year of three
sessions a week, five exercises each (per-leg reps on the one-leg lifts), then times, for
`samples` random runners: the chart (history query, resolve, series, PNG render) and the
export (history query, resolve, CSV text). Prints p50/p99 beside the target (chart p99 <
300 ms) and writes bench/results/progress.json. The first chart pays matplotlib's import;
it is reported apart and left out of the percentiles.
"""

import argparse
import asyncio
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from bench import table
from bot.charts import render
from coach.exercises import CATALOGUE
from coach.history import series
from services.progress import export_history, progress_data
from services.runtime import Units
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import EntryRow, SessionRow, User

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
FIRST_DAY = date(2025, 11, 25)
SESSIONS = 156  # three a week for a year


def _entries(user: int, session: int, number: int, at: datetime) -> list[dict[str, object]]:
    out = []
    for exercise in CATALOGUE:
        load = exercise.first_load_kg + 2.0 * (number // 12)
        reps = [5 + (number + k) % 4 for k in range(3)]
        row: dict[str, object] = dict(
            session_id=session, user_id=user, exercise_id=exercise.id, kind="sets",
            reps=" ".join(map(str, reps)), load_kg=load, created_at=at)
        if exercise.unilateral:
            right = [max(1, r - (number % 3 == 0)) for r in reps]
            row.update(left=" ".join(map(str, reps)), right=" ".join(map(str, right)),
                       reps=" ".join(str(min(a, b)) for a, b in zip(reps, right, strict=True)))
        else:
            row.update(left=None, right=None)
        out.append(row)
    return out


async def seed(url: str, runners: int) -> None:
    """`runners` onboarded runners, each with a year of finished sessions."""
    engine = create_engine(url)
    async with engine.begin() as conn:
        await conn.execute(insert(User), [dict(
            id=i, chat_id=i, tz="Europe/Berlin", run_end_minutes=18 * 60 + 30, hard_days=0b10101,
            cross_days=0, session_days=0b10101, active=True, auto_progression=True,
            onboarded_at=NOW, created_at=NOW) for i in range(1, runners + 1)])
    session_id = 0
    for first in range(1, runners + 1, 50):
        sessions, entries = [], []
        for user in range(first, min(first + 50, runners + 1)):
            for number in range(SESSIONS):
                session_id += 1
                day = FIRST_DAY + timedelta(days=(number * 7) // 3)
                at = datetime(day.year, day.month, day.day, 17, 30, tzinfo=UTC)
                sessions.append(dict(id=session_id, user_id=user, kind="adhoc",
                                     session_date=day, due_at=at, delivery="none",
                                     status="done", closed_at=at))
                entries += _entries(user, session_id, number, at)
        async with engine.begin() as conn:
            await conn.execute(insert(SessionRow), sessions)
            await conn.execute(insert(EntryRow), entries)
    await engine.dispose()


def _percentiles(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1),
            "p99_ms": round(p99 * 1000, 1), "max_ms": round(ordered[-1] * 1000, 1)}


async def measure(url: str, runners: int, samples: int) -> dict[str, object]:
    engine = create_engine(url)
    history = Units(session_factory(engine))
    picks = random.Random(7).sample(range(1, runners + 1), min(samples, runners))
    start = time.perf_counter()
    render(series((await history.run(progress_data, NOW, picks[0])).history, "sldl"))
    first = time.perf_counter() - start
    charts, exports, chart_cpu, export_cpu, rows = [], [], [], [], 0
    for user in picks:
        start, cpu = time.perf_counter(), time.process_time()
        data = await history.run(progress_data, NOW, user)
        png = await asyncio.to_thread(render, series(data.history, "sldl"))
        charts.append(time.perf_counter() - start)
        chart_cpu.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        text = await history.run(export_history, user)
        exports.append(time.perf_counter() - start)
        export_cpu.append(time.process_time() - cpu)
        rows = text.count("\n") - 1
    await engine.dispose()
    return {"runners": runners, "sessions_per_runner": SESSIONS, "samples": len(picks),
            "csv_rows_per_runner": rows, "png_bytes": len(png),
            "first_chart_ms": round(first * 1000, 1), "chart": _percentiles(charts),
            "export": _percentiles(exports), "chart_cpu": _percentiles(chart_cpu),
            "export_cpu": _percentiles(export_cpu), "load_average": os.getloadavg()[0]}


async def main(runners: int, samples: int, url: str | None, out: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = url or f"sqlite+aiosqlite:///{Path(folder) / 'progress.db'}"
        await asyncio.to_thread(upgrade, url)
        start = time.perf_counter()
        await seed(url, runners)
        print(f"seeded {runners:,} runners × {SESSIONS} sessions in "
              f"{time.perf_counter() - start:.0f} s")
        figures = await measure(url, runners, samples)
    figures["database"] = url.split(":", 1)[0]
    figures["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    chart, export = figures["chart"], figures["export"]
    assert isinstance(chart, dict)
    assert isinstance(export, dict)
    chart_cpu, export_cpu = figures["chart_cpu"], figures["export_cpu"]
    assert isinstance(chart_cpu, dict)
    assert isinstance(export_cpu, dict)
    print(f"/progress chart (query + resolve + render): p50 {chart['p50_ms']} ms, "
          f"p99 {chart['p99_ms']} ms wall; CPU p50 {chart_cpu['p50_ms']} ms, p99 "
          f"{chart_cpu['p99_ms']} ms (first chart, matplotlib import: "
          f"{figures['first_chart_ms']} ms)")
    print(f"/export ({figures['csv_rows_per_runner']} rows): p50 {export['p50_ms']} ms, "
          f"p99 {export['p99_ms']} ms wall; CPU p50 {export_cpu['p50_ms']} ms, p99 "
          f"{export_cpu['p99_ms']} ms")
    print(f"load average during the run: {figures['load_average']:.1f} "
          f"on {os.cpu_count()} cores (wall times grow with it, CPU times much less)")
    table.print_table(f"History: a year for {runners:,} runners", [
        ("/progress chart p50", f"{chart['p50_ms']} ms", "-", "-"),
        ("/progress chart p99", f"{chart['p99_ms']} ms", "< 300 ms", "-"),
        ("/export p50", f"{export['p50_ms']} ms", "-", "-"),
        ("/export p99", f"{export['p99_ms']} ms", "-", "-")])
    table.write("progress", figures, out)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runners", type=int, default=300)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--url", default=None, help="a migrated, empty database instead")
    parser.add_argument("--tiny", action="store_true", help="5 runners, 3 samples (tests)")
    parser.add_argument("--out", type=Path, default=None, help="folder for the JSON")
    args = parser.parse_args()
    runners, samples = (5, 3) if args.tiny else (args.runners, args.samples)
    asyncio.run(main(runners, samples, args.url, args.out))

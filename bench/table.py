"""What every benchmark prints and writes: percentiles, a table beside targets, a JSON file."""

import json
import os
import platform
import statistics
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
Row = tuple[str, str, str, str]  # figure, measured, target, naive peer


def percentiles(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds (nearest rank); zeros for no samples."""
    if not seconds:
        return {"p50_ms": 0.0, "p95_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0, "samples": 0}
    ordered = sorted(seconds)

    def rank(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000, 1)

    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": rank(0.95),
            "p99_ms": rank(0.99), "max_ms": round(ordered[-1] * 1000, 1),
            "samples": len(ordered)}


def machine() -> dict[str, object]:
    """Where the figures were measured, and how fast that machine ran just then."""
    return {"cores": os.cpu_count(), "python": platform.python_version(),
            "load_average": round(os.getloadavg()[0], 2),
            "reference_ms": reference_ms(),
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds")}


def reference_ms(rounds: int = 5) -> float:
    """CPU milliseconds a fixed piece of plain Python takes here now (the median of
    `rounds`). The same code's figures move with the machine's speed, which on a shared
    machine changes from hour to hour: two runs' figures compare through this one."""
    spent = []
    for _ in range(rounds):
        started = time.process_time()
        _reference_work()
        spent.append(time.process_time() - started)
    return round(statistics.median(spent) * 1000, 1)


def _reference_work() -> int:
    """Strings, a dict and small objects, as the bot's own code handles them."""
    seen: dict[str, list[int]] = {}
    for n in range(100_000):
        key = f"runner {n % 509}"
        seen.setdefault(key, []).append(n)
    return sum(len(value) for value in seen.values())


def print_table(title: str, rows: Sequence[Row]) -> None:
    header: Row = ("figure", "measured", "target", "naive peer")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    print(f"\n{title}")
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


def write(name: str, figures: dict[str, object], folder: Path | None = None) -> Path:
    """bench/results/NAME.json (or NAME.json in `folder`), with the machine's description."""
    path = (folder or RESULTS) / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({**figures, "machine": machine()}, indent=2) + "\n")
    print(f"written to {path}")
    return path

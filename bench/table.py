"""What every benchmark prints and writes: percentiles, a table beside targets, a JSON file."""

import json
import os
import platform
import statistics
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
    """Where the figures were measured."""
    return {"cores": os.cpu_count(), "python": platform.python_version(),
            "load_average": round(os.getloadavg()[0], 2),
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds")}


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

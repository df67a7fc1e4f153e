"""The dispatch and scale benchmarks run at tiny size so they cannot rot (no timing asserted)."""

import json
from pathlib import Path

from bench import dispatch, scale


async def test_the_dispatch_bench_delivers_every_due_reminder_on_each_path(
    tmp_path: Path,
) -> None:
    out = tmp_path / "dispatch.json"
    await dispatch.main([20, 60], 20, use_pg=False, out=out, weeks=4)
    result = json.loads(out.read_text())
    assert {(r["path"], r["due"], r["sent"]) for r in result["rows"]} == {
        ("batched", 20, 20), ("each-send", 20, 20), ("batched-http", 20, 20),
        ("one-at-a-time", 20, 20), ("batched", 60, 60), ("each-send", 60, 60),
        ("batched-http", 60, 60), ("one-at-a-time", 60, 20), ("nudges", 20, 20),
        ("nudges", 60, 60)}
    assert result["reminders_per_second"] > 0
    for row in result["rows"]:  # the headline path is the median of its passes
        passes = row.get("passes")
        assert (passes is not None) == (row["path"] == "batched")
        assert passes is None or (len(passes) == dispatch.PASSES
                                  and row["per_second"] == sorted(passes)[len(passes) // 2])
    assert result["postgresql_skipped"] == "--no-pg given"


async def test_the_scale_bench_starts_both_bots_and_prices_a_reminder(tmp_path: Path) -> None:
    out = tmp_path / "scale.json"
    await scale.main([50], 10, out)
    (row,) = json.loads(out.read_text())["rows"]
    assert row["users"] == 50
    assert row["ours_rss_mib"] > 0
    assert row["naive_rss_mib"] > 0
    assert row["batched_ms_per_reminder"] > 0

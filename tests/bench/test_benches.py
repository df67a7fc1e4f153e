"""The benchmarks run at tiny size so none can rot; no timing is asserted."""

import json
from pathlib import Path

import pytest

from bench import cap, conversation, paired, progress


async def test_the_cap_bench_writes_its_figures_with_no_429(tmp_path: Path) -> None:
    await cap.main(40, ["fan-out", "delivery"], peer=False, out=tmp_path, rtts_ms=(50, 250))
    figures = json.loads((tmp_path / "cap.json").read_text())
    assert figures["throttled_429"] == 0
    # 40 sends: a run this short may pass 1 (a second's 30, then the rest); no 429 still
    assert 0 < figures["share_at_rtt_50_ms"] < 1.5
    assert 0 < figures["share_at_rtt_250_ms"] < 1.5
    for path in ("fan-out", "delivery", "delivery, rtt 50 ms", "delivery, rtt 250 ms"):
        ours = figures[path]["budget"]
        assert ours["reminders_delivered"] == 40
        assert ours["answers_429"] == 0
        assert {"ratio_of_cap", "last_reminder_late_s", "replies"} <= ours.keys()
    assert figures["machine"]["cores"]
    assert figures["machine"]["reference_ms"] > 0  # how fast the machine ran then


async def test_the_conversation_bench_measures_every_reply(tmp_path: Path) -> None:
    await conversation.main(5, 1, out=tmp_path, one=3, repeat=3, year_sessions=8)
    figures = json.loads((tmp_path / "conversation.json").read_text())
    assert figures["processing"]["samples"] == 5
    assert figures["at_the_limit"]["samples"] == 5
    assert figures["at_the_limit"]["answers_429"] == 0
    assert figures["transactions_per_update"] >= 1  # the budget: tests/bot/test_message_cost.py
    assert figures["statements_per_update"] >= figures["transactions_per_update"]
    for key in ("cpu_ms_per_report", "p99_ms_one_runner", "p99_ms_50_at_once",
                "finish_ms_year_vs_none"):
        assert isinstance(figures[key], int | float)
    runs = figures["cpu_ms_per_report_runs"]  # the figure is the median of the runs
    assert len(runs) == conversation.RUNS
    assert figures["cpu_ms_per_report"] == sorted(runs)[len(runs) // 2]


async def test_the_history_bench_times_charts_and_exports(tmp_path: Path) -> None:
    await progress.main(3, 2, None, tmp_path)
    figures = json.loads((tmp_path / "progress.json").read_text())
    assert figures["samples"] == 2
    assert figures["csv_rows_per_runner"] > 0


def test_the_paired_bench_runs_a_base_commit_and_this_tree_on_one_seeded_file() -> None:
    if not (paired.ROOT / ".git").exists():
        pytest.skip("not a git checkout: there is no base commit to export")
    results = paired.main("HEAD", runs=1, due=20, weeks=2)
    assert [len(rows) for rows in results.values()] == [1, 1]
    for rows in results.values():
        assert rows[0]["sent"] == 20
        assert rows[0]["main_cpu_s"] > 0


def test_the_paired_bench_counts_typed_reports_of_a_base_commit_and_this_tree() -> None:
    if not (paired.ROOT / ".git").exists():
        pytest.skip("not a git checkout: there is no base commit to export")
    results = paired.reports("HEAD", runs=1, count=3)
    for rows in results.values():
        assert rows[0]["one_runner_samples"] == 3
        assert rows[0]["statements_per_update"] > 0

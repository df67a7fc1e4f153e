"""The docs' tables (docs/performance.md, the corpus in docs/coaching.md) are made from
bench/results/*.json and cannot drift."""

import json
from pathlib import Path

from bench import report


def test_the_performance_page_matches_the_result_files() -> None:
    assert report.main(["--check"]) == 0


def test_a_bench_never_run_says_so_instead_of_failing(tmp_path: Path) -> None:
    text = report.generated(tmp_path)
    assert text.count("Not measured yet.") == len(report.SECTIONS)


def test_a_missing_key_shows_a_dash(tmp_path: Path) -> None:
    (tmp_path / "conversation.json").write_text(json.dumps({"runners": 50}))
    text = report.generated(tmp_path)
    assert "| send rate lifted (the bot's own cost) | — | — | — | — |" in text


def test_the_generated_part_is_replaced_and_the_prose_kept(tmp_path: Path) -> None:
    (tmp_path / "statements.json").write_text(json.dumps({"undo": {"sqlite": 5}}))
    old = f"# Title\n\nprose\n\n{report.BEGIN}\nstale 123\n{report.END}\n\nafter\n"
    new = report.rewritten(old, tmp_path)
    assert new.startswith("# Title\n\nprose\n\n")
    assert new.endswith("\n\nafter\n")
    assert "stale 123" not in new
    assert "| undo | 5 | — | — |" in new


def test_the_corpus_tables_are_made_from_the_corpus_results(tmp_path: Path) -> None:
    (tmp_path / "corpus.json").write_text(json.dumps({"all": {
        "phrasings": 200, "right": 150, "asked": 30, "refused": 20, "misread": 0}}))
    begin, end = report.marks("corpus", "corpus")
    begin_ru, end_ru = report.marks("corpus_ru", "corpus")
    old = f"prose\n{begin}\n| stale | 1 |\n{end}\nmore\n{begin_ru}\nold\n{end_ru}\nend\n"
    new = report.parts_rewritten(old, tmp_path)
    assert new.startswith(f"prose\n{begin}\n")
    assert new.endswith(f"{end_ru}\nend\n")
    assert "stale" not in new
    assert "| read right (stored exactly as expected) | 75.0% (150) |" in new
    assert f"{begin_ru}\nNot measured yet.\n{end_ru}" in new


def test_each_section_says_how_fast_the_machine_ran(tmp_path: Path) -> None:
    (tmp_path / "cap.json").write_text(json.dumps({"machine": {
        "cores": 2, "python": "3.11.7", "load_average": 0.5, "reference_ms": 27.2,
        "measured_at": "2026-12-06T12:00:00+00:00"}}))
    (tmp_path / "dispatch.json").write_text(json.dumps({
        "machine": "x86_64 3.11.7", "cores": 2, "load_average": 1.0,
        "when": "2026-12-05T12:00:00+00:00"}))  # a file from before the reference work
    text = report.generated(tmp_path)
    assert "(2 cores, Python 3.11.7, load 0.50, reference work 27.2 ms, 2026-12-06" in text
    assert "(x86_64 3.11.7, 2 cores, load 1, 2026-12-05T12:00:00+00:00)" in text

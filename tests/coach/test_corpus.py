"""The phrasing corpus (tests/coach/corpus.txt): every phrasing read as expected."""

import json
from functools import cache

import pytest

from bench.corpus import CONTEXTS, Case, by_kind, counts, describe, load_corpus, score
from bench.table import RESULTS
from coach.understand import understand

CASES = load_corpus()


@cache
def scored() -> dict[str, list[tuple[Case, str]]]:
    return score(CASES)


def test_the_corpus_holds_more_than_800_phrasings_each_of_a_kind() -> None:
    assert len(CASES) > 800
    assert all(case.kind for case in CASES)


def test_the_figures_by_kind_add_up_to_the_whole_corpus() -> None:
    rows = by_kind(scored()).splitlines()[1:]
    assert sum(int(row[64:].split()[0]) for row in rows) == len(CASES)


def test_the_corpus_has_no_misreadings() -> None:
    assert scored()["misread"] == []


def test_the_corpus_figures_in_the_docs_are_this_corpus_s() -> None:
    # docs/coaching.md's tables come from this file (bench.report); a changed corpus or
    # reader without `python -m bench.corpus` would leave them stale
    stored = json.loads((RESULTS / "corpus.json").read_text())
    assert (stored["all"], stored["russian"]) == (counts(scored()),
                                                   counts(scored(), "corpus_ru"))


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.context}:{c.text[:40]}")
def test_each_phrasing_is_read_as_expected(case: Case) -> None:
    assert describe(understand(case.text, CONTEXTS[case.context])) == case.expected

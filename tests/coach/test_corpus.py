"""The phrasing corpus (tests/coach/corpus.txt): every phrasing read as expected."""

import pytest

from bench.corpus import CONTEXTS, Case, describe, load_corpus, score
from coach.understand import understand

CASES = load_corpus()


def test_the_corpus_holds_at_least_300_phrasings() -> None:
    assert len(CASES) >= 300


def test_the_corpus_has_no_misreadings() -> None:
    assert score(CASES)["misread"] == []


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.context}:{c.text[:40]}")
def test_each_phrasing_is_read_as_expected(case: Case) -> None:
    assert describe(understand(case.text, CONTEXTS[case.context])) == case.expected

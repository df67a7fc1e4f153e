"""A one-line rep report costs at most six SQL statements, in one transaction."""

import pytest

from bench.statements import INTENTS, measure

BUDGET = {"log_report one line": 6}


@pytest.mark.parametrize("intent", INTENTS)
async def test_each_intent_runs_in_one_transaction_within_its_statement_budget(
        db_url: str, intent: str) -> None:
    counted = await measure(db_url, intent)
    assert counted.transactions == 1, counted.statements
    assert len(counted.statements) <= BUDGET.get(intent, 20), counted.statements

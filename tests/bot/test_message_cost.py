"""A typed report costs two transactions at the handler: the inbox's store, then one that
reads, stores the report and marks the update handled (services/messages.py)."""

from datetime import timedelta

from bench.statements import ONE_LINE, RUNNER, counting, prepare
from tests.bot.conftest import START, Harness
from tests.fakes.telegram_api import FakeUser

MAX_TRANSACTIONS = 2
MAX_STATEMENTS = 8  # BEGINs counted


async def test_a_typed_report_costs_two_transactions_and_at_most_eight_statements(
        harness: Harness) -> None:
    services = harness.services()
    await prepare(services.sessions.factory, RUNNER, START)
    harness.clock.set(START + timedelta(minutes=5))
    user = FakeUser(id=RUNNER)
    with counting(services.engine) as counted:
        await harness.says(user, ONE_LINE)
        await harness.reply(user, "Goblet squat")
        await harness.settled()
    assert counted.transactions <= MAX_TRANSACTIONS, counted.statements
    assert len(counted.statements) <= MAX_STATEMENTS, counted.statements
    pending = await harness.app.bot_data["ingest"].inbox.pending()  # type: ignore[union-attr]
    assert pending == []  # marked handled in the report's own commit

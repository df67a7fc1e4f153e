"""What a typed report costs at the handler, counted as the bot really runs: the inbox's
store, the one transaction that reads, stores the report and marks the update acted on
(services/messages.py), and the handled mark once the answer is out (bot/handling.py)."""

from datetime import timedelta

from bench.statements import ONE_LINE, RUNNER, counting, prepare
from bot.ingest import Ingest
from fakes.telegram_api import FakeUser
from tests.bot.conftest import START, Harness

MAX_TRANSACTIONS = 3
MAX_STATEMENTS = 12  # BEGINs counted


async def test_a_typed_report_costs_three_transactions_and_at_most_twelve_statements(
        harness: Harness) -> None:
    services = harness.services()
    assert harness.app is not None
    ingest = harness.app.bot_data["ingest"]
    assert isinstance(ingest, Ingest)
    await prepare(services.sessions.factory, RUNNER, START)
    harness.clock.set(START + timedelta(minutes=5))
    user = FakeUser(id=RUNNER)
    for text, saved in ((ONE_LINE, "Goblet squat"), ("lunge 8 8 8", "Reverse lunge")):
        with counting(services.engine) as counted:
            await harness.says(user, text)
            await harness.reply(user, saved)
            await harness.settled()
        print(f"{text!r}: {counted.transactions} transactions, "
              f"{len(counted.statements)} statements")
        assert counted.transactions <= MAX_TRANSACTIONS, counted.statements
        assert len(counted.statements) <= MAX_STATEMENTS, counted.statements
    assert await ingest.inbox.pending() == []

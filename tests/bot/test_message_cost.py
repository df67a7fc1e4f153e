"""What a typed report costs at the handler, counted as the bot really runs: the inbox's
store (which also marks the previous answered update handled: bot/ingest.py) and the one
transaction that reads, stores the report and marks the update acted on
(services/messages.py)."""

from datetime import timedelta

from bench.statements import ONE_LINE, RUNNER, counting, prepare
from bot.ingest import Ingest
from fakes.telegram_api import FakeUser
from tests.bot.conftest import START, Harness

MAX_TRANSACTIONS = 2
MAX_STATEMENTS = 8  # BEGINs counted


async def test_a_typed_report_costs_two_transactions_and_at_most_eight_statements(
        harness: Harness) -> None:
    services = harness.services()
    assert harness.app is not None
    ingest = harness.app.bot_data["ingest"]
    assert isinstance(ingest, Ingest)
    await prepare(services.units.factory, RUNNER, START)
    harness.clock.set(START + timedelta(minutes=5))
    user = FakeUser(id=RUNNER)
    for text, saved in ((ONE_LINE, "Goblet squat"), ("lunge 8 8 8", "Reverse lunge")):
        with counting(services.engine) as counted:
            await harness.says(user, text)
            await harness.reply(user, saved)
            await harness.settled()
        print(f"{text!r}: {counted.transactions} transactions, "
              f"{len(counted.statements)} statements", counted.statements)
        assert counted.transactions <= MAX_TRANSACTIONS, counted.statements
        assert len(counted.statements) <= MAX_STATEMENTS, counted.statements
    assert {p.update_id for p in await ingest.inbox.pending()} == ingest.answered
    await ingest.flush()  # the keeper's renewal or the next arrival would do it
    assert await ingest.inbox.pending() == []

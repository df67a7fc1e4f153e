"""A typed report costs two transactions at the handler: the inbox's store, then one that
reads, stores the report and marks the update acted on (services/messages.py). Its handled
mark, once the answer is out, rides the next such commit, or a flush when the bot is quiet."""

from datetime import timedelta

from bench.statements import ONE_LINE, RUNNER, counting, prepare
from bot.ingest import Ingest
from tests.bot.conftest import START, Harness
from tests.fakes.telegram_api import FakeUser

MAX_TRANSACTIONS = 2
MAX_STATEMENTS = 8  # BEGINs counted


async def test_a_typed_report_costs_two_transactions_and_at_most_eight_statements(
        harness: Harness) -> None:
    services = harness.services()
    assert harness.app is not None
    ingest = harness.app.bot_data["ingest"]
    assert isinstance(ingest, Ingest)
    ingest.quiet = 3600.0  # no flush on a timer: the second report's commit carries the mark
    await prepare(services.sessions.factory, RUNNER, START)
    harness.clock.set(START + timedelta(minutes=5))
    user = FakeUser(id=RUNNER)
    for text, saved in ((ONE_LINE, "Goblet squat"), ("lunge 8 8 8", "Reverse lunge")):
        with counting(services.engine) as counted:
            await harness.says(user, text)
            await harness.reply(user, saved)
            await harness.settled()
        assert counted.transactions <= MAX_TRANSACTIONS, counted.statements
        assert len(counted.statements) <= MAX_STATEMENTS, counted.statements
    pending = await ingest.inbox.pending()
    assert [p.acted for p in pending] == [True]  # the first was marked by the second's commit
    await ingest.flush()
    assert await ingest.inbox.pending() == []

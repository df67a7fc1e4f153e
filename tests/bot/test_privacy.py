"""/privacy says what is kept and why; /deleteme leaves no row of the user anywhere."""

from sqlalchemy import func, select

from fakes.telegram_api import FakeUser
from storage.db import create_engine, session_factory
from storage.models import Base
from storage.uow import UnitOfWork
from tests.bot.conftest import Harness
from tests.bot.test_flows import onboard, reminder


async def rows_of(h: Harness, user_id: int) -> dict[str, int]:
    """The user's rows per table: the repository's count, plus every table of the schema
    with a user column (so a table added later can't be forgotten by /deleteme).

    Counted once the bot has handled what it received: an update waiting in the inbox
    carries its user until it is handled."""
    await h.settled()
    engine = create_engine(h.database_url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            counts = await uow.users.row_counts(user_id)
        async with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                column = table.c.get("user_id")
                if column is None and table.name == "users":
                    column = table.c.id
                if column is not None:
                    query = select(func.count()).select_from(table).where(column == user_id)
                    counts[f"schema:{table.name}"] = int((await conn.scalar(query)) or 0)
        return counts
    finally:
        await engine.dispose()


async def test_privacy_says_what_is_kept_why_how_long_and_how_to_delete_it(
    harness: Harness, runner: FakeUser,
) -> None:
    await harness.says(runner, "/privacy")
    answer = (await harness.reply(runner, "What I keep about you")).text
    for needed in ("user id and chat id", "onboarding answers", "time zone",
                   "sets you log and your targets", "schedule", "no message texts",
                   "until you delete it", "/deleteme", "Strava", "tokens (encrypted)",
                   "effort figures", "disconnect", "revokes Strava"):
        assert needed in answer, needed
    assert len(answer) < 900  # short enough to read on a phone
    assert set((await rows_of(harness, runner.id)).values()) == {0}, "it stores nothing"


async def test_deleteme_removes_every_row_of_the_runner_and_leaves_others_intact(
    harness: Harness, runner: FakeUser,
) -> None:
    other = FakeUser(id=6002, first_name="Ben")
    await onboard(harness, runner)
    await onboard(harness, other)
    card = await reminder(harness, runner, runners=2)
    await harness.says(runner, "goblet 3x8 @ 12kg\nlunge 8 8 8", reply_to=card)
    await harness.reply(runner, "Saved:")
    await harness.says(other, "calf 6 6 6")
    await harness.reply(other, "Saved:")
    mine, theirs = await rows_of(harness, runner.id), await rows_of(harness, other.id)
    assert (mine["users"], mine["entries"], mine["schema:entries"]) == (1, 2, 2)
    await harness.says(runner, "/deleteme")
    await harness.reply(runner, "Sure?")
    await harness.press(runner, "Delete everything")
    await harness.reply(runner, "everything I stored about you is gone")
    assert await rows_of(harness, runner.id) == dict.fromkeys(mine, 0)
    assert kept(await rows_of(harness, other.id)) == kept(theirs)


async def test_keep_my_data_deletes_nothing(harness: Harness, runner: FakeUser) -> None:
    await onboard(harness, runner)
    before = await rows_of(harness, runner.id)
    await harness.says(runner, "/deleteme")
    await harness.reply(runner, "Sure?")
    await harness.press(runner, "Keep my data")
    await harness.reply(runner, "Kept. Nothing was deleted.")
    assert kept(await rows_of(harness, runner.id)) == kept(before)


def kept(rows: dict[str, int]) -> dict[str, int]:
    """The runner's stored data, without the inbox: an update holds the user's id only until
    it is marked handled, which the next commit of the process does (bot/ingest.py)."""
    return {table: n for table, n in rows.items() if not table.endswith("inbox")}

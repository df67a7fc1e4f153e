"""Hostile and odd input, end to end: groups, forged buttons, floods, media, edits, errors."""

import logging
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot import inputs
from bot.commands import DONE_TODAY
from bot.config import Settings
from bot.guards import EASY, GROUP_BUTTON, GROUP_NOTE
from bot.session_handlers import CLOSED, NOT_YOURS, OLD_EDIT
from coach.clock import FakeClock
from fakes.telegram_api import BotMessage, FakeChat, FakeUser, running_fake
from services import plan
from storage.db import create_engine
from tests.bot.conftest import START, Harness
from tests.bot.test_flows import TUESDAY_REMINDER, onboard, reminder

TABLES = ("users", "targets", "sessions", "entries")
HELP_REPLY = "Here's what I understand"
Snapshot = dict[str, list[tuple[Any, ...]]]


async def snapshot(database_url: str) -> Snapshot:
    """Every row of every coachbot table, to compare before and after."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return {table: [tuple(row) for row in await conn.execute(
                text(f"SELECT * FROM {table} ORDER BY 1"))] for table in TABLES}
    finally:
        await engine.dispose()


async def settled(h: Harness, user: FakeUser) -> None:
    """Everything the user sent so far is handled: their updates run in order, so once
    /help (sent last) is answered, every earlier update of theirs was handled."""
    await h.says(user, "/help")
    await h.reply(user, HELP_REPLY)


async def answer_to(h: Harness, query_id: str) -> str:
    """The text the bot answered a callback query with ('' for a silent answer)."""
    answer = await h.fake.wait_until(lambda: h.fake.callback_answers.get(query_id))
    return str(answer.get("text") or "")


def session_ids(h: Harness, card: int, user: FakeUser) -> int:
    message = next(m for m in h.fake.messages_to(user.id) if m.message_id == card)
    return int(h.fake.buttons(message)[0][1].rsplit(":", 1)[1])


async def test_a_group_gets_one_short_note_and_nothing_about_its_members_is_stored(
    harness: Harness, runner: FakeUser,
) -> None:
    group = FakeChat(id=-100_200, type="group", title="Running club")
    supergroup = FakeChat(id=-100_300, type="supergroup", title="Club chat")
    for chat in (group, supergroup):
        harness.fake.send_text(runner, "/start@coach_test_bot", chat=chat)
        harness.fake.send_text(runner, "/start", chat=chat)
        harness.fake.send_text(runner, "goblet 3x8", chat=chat)
    query_id = harness.fake.press_raw(runner, 1, "rm:log:1", chat=group)
    assert await answer_to(harness, query_id) == GROUP_BUTTON
    await settled(harness, runner)
    for chat in (group, supergroup):
        assert [m.text for m in harness.fake.messages_to(chat.id)] == [GROUP_NOTE]
    assert (await snapshot(harness.database_url))["users"] == []


async def test_forged_and_stale_buttons_are_refused_briefly_and_change_nothing(
    harness: Harness, runner: FakeUser,
) -> None:
    other = FakeUser(id=6002, first_name="Ben")
    await onboard(harness, runner)
    await onboard(harness, other)
    card = await reminder(harness, runner, runners=2)
    mine = session_ids(harness, card, runner)
    their_card = await harness.fake.wait_for_message(other.id, lambda m: "Strength" in m.text)
    theirs = session_ids(harness, their_card.message_id, other)
    before = await snapshot(harness.database_url)
    forged = [f"rm:log:{theirs}", f"rm:skp:{theirs}", f"rm:snz:{theirs}", f"lg:as:{theirs}:0",
              f"lg:fin:{theirs}", "rm:log:999999", "rm:log:0", "rm:log:abc", "rm:log:²",
              "rm:log:-1", "rm:log:", "rm:log:99999999999999999999999", "rm:log:4294967296",
              f"rm:zap:{mine}", f"lg:as:{mine}:99", f"lg:as:{mine}:²", f"lg:xx:{mine}:0",
              "ob:h:²", "ob:t:²²²²", "set:nope", "del:maybe", "zz:1", "", "rm:" + "9" * 70]
    for data in forged:
        harness.clock.advance(timedelta(seconds=1))  # a person tapping, not a flood
        query_id = harness.fake.press_raw(runner, card, data)
        assert await answer_to(harness, query_id), f"{data!r} was not refused with a word"
    assert await snapshot(harness.database_url) == before
    await settled(harness, runner)
    texts = [m.text for m in harness.fake.messages_to(runner.id)]
    assert texts[-2].startswith("Strength time")
    assert texts[-1].startswith(HELP_REPLY)
    query_id = harness.fake.press_raw(runner, card, f"rm:skp:{theirs}")
    assert await answer_to(harness, query_id) == NOT_YOURS


async def test_an_old_reminder_logs_late_and_once_finished_says_it_is_closed(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    session = session_ids(harness, card, runner)
    harness.clock.set(TUESDAY_REMINDER + timedelta(hours=15))  # Wednesday morning
    await harness.press(runner, "Log my sets", card)
    await harness.reply(runner, "1/5 Single-leg deadlift")
    await harness.press(runner, "Finish session")
    await harness.reply(runner, "Session done")
    shown = next(m for m in harness.fake.messages_to(runner.id) if m.message_id == card)
    await harness.fake.wait_until(lambda: harness.fake.buttons(shown) == [] or None)
    query_id = harness.fake.press_raw(runner, card, f"rm:log:{session}")
    assert await answer_to(harness, query_id) == CLOSED


async def test_media_forwards_long_texts_and_unknown_commands_get_a_clear_answer(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await reminder(harness, runner)
    before = await snapshot(harness.database_url)
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: harness.fake.send_sticker(runner), "Nice sticker"),
        (lambda: harness.fake.send_photo(runner, caption="goblet 3x8"), inputs.MEDIA),
        (lambda: harness.fake.send_voice(runner), inputs.MEDIA),
        (lambda: harness.fake._send_content(runner, document={
            "file_id": "BQACdoc", "file_unique_id": "AgADdoc"}), inputs.MEDIA),
        (lambda: harness.fake._send_content(runner, contact={
            "phone_number": "+10000000", "first_name": "X"}), inputs.UNKNOWN),
        (lambda: harness.fake.send_text(runner, "/frobnicate@coach_test_bot now"),
         "I don't know /frobnicate."),
        (lambda: harness.fake.send_text(runner, "goblet 3x8", forward=True), inputs.FORWARDED),
        (lambda: harness.fake.send_text(runner, "goblet 3x8\n" * 300), inputs.TOO_LONG),
        (lambda: harness.fake.send_location(runner, 52.5, 13.4), "only use a location"),
    ]
    for send, expected in cases:
        harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
        send()
        answer = await harness.reply(runner)
        assert expected in (answer.text or ""), (expected, answer.text)
    await settled(harness, runner)
    assert await snapshot(harness.database_url) == before


async def test_an_edit_of_a_message_older_than_the_session_changes_nothing(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    old = harness.fake.send_text(runner, "hello coach")
    await harness.reply(runner, "No session is open")
    command = harness.fake.send_text(runner, "/plan")
    await harness.reply(runner, "Your week")
    await reminder(harness, runner)
    before = await snapshot(harness.database_url)
    harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
    harness.fake.edit_text(runner, old["message_id"], "goblet 3x8")
    await harness.reply(runner, OLD_EDIT)
    harness.fake.edit_text(runner, old["message_id"], "goblet 3x9")
    harness.fake.edit_text(runner, command["message_id"], "/deleteme")
    await settled(harness, runner)
    assert [m.text for m in harness.fake.messages_to(runner.id)].count(OLD_EDIT) == 1
    assert not any("Sure?" in m.text for m in harness.fake.messages_to(runner.id))
    assert await snapshot(harness.database_url) == before


async def test_a_flooding_user_is_slowed_down_told_once_and_others_are_served(
    harness: Harness, runner: FakeUser,
) -> None:
    other = FakeUser(id=6002, first_name="Ben")
    burst = harness.services().settings.flood_burst
    for n in range(burst + 30):
        harness.fake.send_text(runner, f"/help {n}")
    await harness.says(other, "/help")
    await harness.reply(other, HELP_REPLY)
    tap = harness.fake.press_raw(runner, 1, "zz:1")  # dropped too, but always answered:
    assert await answer_to(harness, tap) == ""  # so every update before it was handled
    texts = [m.text for m in harness.fake.messages_to(runner.id)]
    assert texts.count(EASY) == 1
    assert sum(t.startswith(HELP_REPLY) for t in texts) == burst
    harness.clock.advance(timedelta(seconds=60))
    await harness.says(runner, "/plan")
    await harness.reply(runner, "send /start")


async def test_a_failing_handler_gets_a_short_apology_and_the_bot_keeps_serving(
    harness: Harness, runner: FakeUser, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*_args: object) -> None:
        raise RuntimeError("database on fire")

    await onboard(harness, runner)
    monkeypatch.setattr(plan, "plan_overview", broken)
    with caplog.at_level(logging.ERROR):
        await harness.says(runner, "/plan")
        sorry = await harness.reply(runner, "Sorry, something went wrong")
    assert "fire" not in (sorry.text or "")
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        f"handler failed for update={harness.fake.updates[-1]['update_id']} "
        f"user={runner.id} chat={runner.id}"]
    monkeypatch.undo()
    await harness.says(runner, "/plan")
    await harness.reply(runner, "Your week")


# --- a hypothesis-generated stream of 10,000 messages while sessions are open -------------

STREAM_SIZE = 10_000
STREAM_USERS = 4
LABELS = st.sampled_from(["goblet", "sldl", "lunge", "calf", "step up", "1", "2.", "#5", ""])
REPS = st.text(alphabet="0123456789 x@kg/,.LRbwlbs-", max_size=30)
REPORT = st.builds(lambda label, reps: f"{label} {reps}", LABELS, REPS)
MESSAGE = st.one_of(
    st.text(max_size=200),  # any unicode at all
    REPORT,
    st.lists(REPORT, min_size=2, max_size=8).map("\n".join),
    st.builds(lambda name, arg: f"/{name} {arg}", st.sampled_from(
        ["help", "plan", "frobnicate", "help@coach_test_bot", "x", "log@other_bot"]),
        st.text(max_size=20)),
    st.integers(2001, 4000).map(lambda n: ("goblet 3x8 @ 12kg\n" * 250)[:n]),
    st.sampled_from(["done", "skip", "bw", "finish", "3x8", "8 8 7", "✅", "-", "0", "@"]),
).map(str.strip).filter(bool)  # Telegram trims texts and sends no empty ones
CHANGED = ("Saved:", "Updated:", "Removed", "Session done")
# /log opens a session, or says today's is done (one session a day: "finish" may come first)
LOG_ANSWERS = ("Strength session", DONE_TODAY)


async def stored(engine: AsyncEngine, user_id: int) -> list[tuple[Any, ...]]:
    """The user's entries and targets: what a refused message must leave alone."""
    async with engine.connect() as conn:
        rows = []
        for table in ("entries", "targets"):
            result = await conn.execute(text(f"SELECT * FROM {table} WHERE user_id = :u"),
                                        {"u": user_id})
            rows += [(table, *row) for row in result]
        return rows


class UnthrottledHarness(Harness):
    """The bot without Telegram's 30 messages a second: the fake API has no such limit."""

    def settings(self) -> Settings:
        return super().settings().model_copy(update={"send_rate_per_second": 100_000.0})


@pytest.fixture
async def unthrottled(sqlite_url: str) -> AsyncIterator[Harness]:
    async with running_fake() as fake:
        h = UnthrottledHarness(fake, FakeClock(START), sqlite_url)
        try:
            await h.start()
            yield h
        finally:
            await h.stop()


def generated_batches() -> list[list[str]]:
    """At least STREAM_SIZE messages from the strategy, in batches of 19 (+ /log = the burst)."""
    batches: list[list[str]] = []

    @settings(max_examples=-(-STREAM_SIZE // 19), deadline=None, database=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(st.lists(MESSAGE, min_size=19, max_size=19))
    def collect(batch: list[str]) -> None:
        batches.append(batch)

    while sum(map(len, batches)) < STREAM_SIZE:
        collect()
    return batches


async def push_round(h: Harness, sent: dict[int, list[str]]) -> None:
    """Each user sends their batch, then /log; wait until every /log is answered (by a new
    message: an older card losing its buttons meanwhile is no answer)."""
    newest: dict[int, int] = {}
    for user_id, batch in sent.items():
        user = FakeUser(id=user_id)
        h.seen[user_id] = len(h.fake.messages_to(user_id))
        newest[user_id] = max((m.message_id for m in h.fake.messages_to(user_id)), default=0)
        for message in [*batch, "/log"]:
            h.fake.send_text(user, message)
    for user_id in sent:
        await h.fake.wait_for_message(user_id, log_answer(newest[user_id]),
                                      after=h.seen[user_id], timeout=30)


def log_answer(newest: int) -> Callable[[BotMessage], bool]:
    """The answer to /log: a message newer than `newest` opening with a card or a refusal."""
    return lambda m: m.message_id > newest and m.text.startswith(LOG_ANSWERS)


async def check_round(h: Harness, engine: AsyncEngine, sent: dict[int, list[str]],
                      before: dict[int, list[tuple[Any, ...]]]) -> None:
    """Answers within the flows, no apology, and refused input left the data alone."""
    for user_id, batch in sent.items():
        replies = [m.text for m in h.fake.messages_to(user_id)[h.seen[user_id]:]]
        assert not [r for r in replies if r.startswith("Sorry")], batch
        assert len(replies) > len(batch), ("every message gets an answer", batch, replies)
        if not any(r.startswith(CHANGED) for r in replies):
            assert await stored(engine, user_id) == before[user_id], batch


async def test_ten_thousand_generated_messages_never_break_the_bot_or_refused_data(
    unthrottled: Harness, caplog: pytest.LogCaptureFixture,
) -> None:
    harness = unthrottled
    users = [FakeUser(id=8001 + n, first_name=f"R{n}") for n in range(STREAM_USERS)]
    for user in users:
        await onboard(harness, user)
    harness.clock.set(TUESDAY_REMINDER)
    await harness.tick()  # the sessions are open from here on (/log opens one each day)
    batches = generated_batches()
    engine = create_engine(harness.database_url)
    try:
        for start in range(0, len(batches), STREAM_USERS):
            sent = {u.id: b for u, b in zip(users, batches[start:start + STREAM_USERS],
                                            strict=False)}
            before = {user_id: await stored(engine, user_id) for user_id in sent}
            await push_round(harness, sent)
            await check_round(harness, engine, sent, before)
            harness.clock.advance(timedelta(days=1))  # the flood bucket refills; a new day
    finally:
        await engine.dispose()
    assert sum(map(len, batches)) >= STREAM_SIZE
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

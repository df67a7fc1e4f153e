"""Talk in a session end to end through the real bot: a correction in the next message, a
question in the middle of a session, and "all as planned except …"."""

from datetime import timedelta

from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness
from tests.bot.test_flows import TUESDAY_REMINDER, onboard, reminder
from tests.bot.test_understanding import logged


async def test_a_correction_in_the_next_message_replaces_the_line(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 6 6 6", reply_to=card)
    await harness.reply(runner, "Saved")
    await harness.says(runner, "wait, last set of the goblet was 5")
    await harness.reply(runner, "Goblet squat corrected: 6 6 5")
    assert await logged(harness, runner.id) == {"goblet_squat": "sets (6, 6, 5)"}


async def test_a_question_mid_session_is_answered_and_stores_nothing(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "sldl 6 6 6", reply_to=card)
    await harness.reply(runner, "Saved")
    await harness.says(runner, "how long should I rest?")
    await harness.reply(runner, "min between")
    await harness.says(runner, "what can I do instead of lunges?")
    await harness.reply(runner, "Tempo reverse lunge")
    assert await logged(harness, runner.id) == {"sldl": "sets (6, 6, 6)"}


async def test_all_as_planned_except_stores_the_plan_and_the_exception(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "all as planned apart from step ups 5 5 4", reply_to=card)
    reply = await harness.reply(runner, "Saved")
    assert "Step-up: 5 5 4" in (reply.text or "")


async def test_same_as_last_time_is_stored_only_when_tapped(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "all as planned except goblet 6 6 5", reply_to=card)
    await harness.reply(runner, "Saved")
    harness.clock.set(TUESDAY_REMINDER + timedelta(days=2))
    harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
    assert (await harness.tick()).sent == 1
    card = (await harness.reply(runner, "Strength time")).message_id
    await harness.says(runner, "same as last time", reply_to=card)
    await harness.reply(runner, "Same as last time?")
    assert await logged(harness, runner.id) == {}
    await harness.press(runner, "Yes, same as last time")
    await harness.reply(runner, "Saved")
    assert (await logged_or_done(harness, runner.id))["goblet_squat"] == (6, 6, 5)


async def logged_or_done(h: Harness, user_id: int) -> dict[str, tuple[int, ...]]:
    """The reps of the session logged last, open or just closed."""
    async with h.services().units() as uow:
        session = await uow.trail.latest_closed(user_id)
        open_one = await uow.sessions.latest_open(user_id)
        chosen = open_one or session
        assert chosen is not None
        return {e.exercise_id: e.report.reps for e in await uow.entries.for_session(chosen.id)}

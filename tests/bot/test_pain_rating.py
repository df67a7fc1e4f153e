"""Pain rated 0-10 and the bone-stress question, end to end: real bot, fake Telegram."""

from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness
from tests.bot.test_flows import TUESDAY_REMINDER, onboard


async def test_a_knee_rated_four_makes_the_day_lighter_where_it_hurts(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    card = await harness.reply(runner, "Strength time")
    await harness.press(runner, "Pain", card.message_id)
    await harness.reply(runner, "Where does it hurt?")
    await harness.press(runner, "Knee")
    heard = (await harness.reply(runner, "knee")).text or ""
    assert "Goblet squat: skip today" in heard
    asked = await harness.reply(runner, "How bad is it right now")
    assert [text for text, _ in harness.fake.buttons(asked)] == [str(n) for n in range(11)]
    await harness.press(runner, "4", asked.message_id)
    rated = (await harness.reply(runner, "4/10:")).text or ""
    assert "a lighter day where it hurts" in rated
    assert "Goblet squat: 3×5 @ body weight" in rated
    assert "Single-leg deadlift: 3×6 per leg @ body weight" in rated
    await harness.fake.wait_until(lambda: not harness.fake.buttons(asked) or None)


async def test_shin_pain_when_walking_says_stop_running_and_see_a_doctor(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "my shin hurts when I walk")
    heard = (await harness.reply(runner, "bone stress")).text or ""
    assert "stop running and see a doctor" in heard
    assert "Step-up: skip today" in heard


async def test_shin_pain_asks_the_bone_question_and_yes_stops_impact(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "my shin hurts")
    asked = await harness.reply(runner, "is there one spot on the bone")
    await harness.press(runner, "Yes", asked.message_id)
    heard = (await harness.reply(runner, "bone stress")).text or ""
    assert "stop running and see a doctor" in heard


async def test_a_typed_rating_after_the_question_is_taken(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "my knee hurts")
    await harness.reply(runner, "How bad is it right now")
    await harness.says(runner, "2/10")
    rated = (await harness.reply(runner, "2/10:")).text or ""
    assert "carry on as planned" in rated

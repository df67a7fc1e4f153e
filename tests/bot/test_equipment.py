"""/equipment end to end: buttons, typed weights, and loads that follow the kit."""

from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness
from tests.bot.test_flows import onboard, reminder


async def test_equipment_lists_the_choices_and_reads_typed_weights(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)  # ends with the question asked once after the summary
    await harness.says(runner, "/equipment")
    shown = await harness.reply(runner, "Not set yet")
    assert "What do you train with?" in (shown.text or "")
    await harness.buttons_show(runner, "Body weight only")
    await harness.says(runner, "/equipment 8 12 16 24 kg kettlebells")
    saved = await harness.reply(runner, "Got it.")
    assert "Kettlebells: 8, 12, 16, 24 kg." in (saved.text or "")


async def test_a_kit_that_cannot_be_read_gets_an_example(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/equipment some bands")
    answer = await harness.reply(runner, "I couldn't read that kit.")
    assert "/equipment 8 12 16 24 kg kettlebells" in (answer.text or "")


async def test_body_weight_only_keeps_the_plain_movement_for_two_weeks_and_says_so(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/equipment")
    shown = await harness.reply(runner, "What do you train with?")
    await harness.press(runner, "Body weight only", shown.message_id)
    await harness.reply(runner, "Got it. Body weight only")
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 8 8 8\nall done", reply_to=card)
    done = (await harness.reply(runner, "Session done")).text or ""
    assert ("Goblet squat: 3×8 @ body weight (2 more reps) — 8s at body weight: two weeks on "
            "the plain movement first") in done


async def test_equipment_before_start_asks_for_start(harness: Harness, runner: FakeUser) -> None:
    await harness.says(runner, "/equipment gym")
    await harness.reply(runner, "send /start")

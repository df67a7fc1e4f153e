"""Races and legs told in chat, end to end: the plan tapers, the card goes light, pain is
heard and what loads it is left out."""

from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness
from tests.bot.test_flows import TUESDAY_REMINDER, onboard


async def test_a_half_marathon_told_in_chat_is_noted_and_the_plan_tapers(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "I have a half marathon on Sunday")
    noted = (await harness.reply(runner, "Noted")).text or ""
    assert "half marathon, Sun 29 Nov" in noted
    assert "No session is open" not in noted
    await harness.says(runner, "/plan")
    plan = (await harness.reply(runner, "Your week")).text or ""
    assert ("Race week: one light session Tue; half marathon Sun 29 Nov; back to normal "
            "from Sat 5 Dec") in plan
    assert "Thu 26 Nov" not in plan


async def test_the_race_week_card_is_light_and_carries_the_readiness_row(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/race 2026-11-29 half")
    await harness.reply(runner, "Noted")
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    card = await harness.reply(runner, "Strength time")
    assert "Race week: light." in (card.text or "")
    assert "not this week" in (card.text or "")
    labels = [text for text, _ in harness.fake.buttons(card)]
    assert {"Fresh", "Heavy", "Sore", "Pain"} <= set(labels)


async def test_a_sore_achilles_in_chat_leaves_out_the_calf_raise_and_says_when_to_see_a_pro(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "my achilles is sore")
    heard = (await harness.reply(runner, "your Achilles")).text or ""
    assert "Eccentric calf raise: skip today" in heard
    assert "physio" in heard
    await harness.says(runner, "achilles is fine now")
    await harness.reply(runner, "Glad your Achilles is fine again")


async def test_pain_on_the_card_asks_where_then_shapes_the_session(
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


async def test_races_lists_them_and_a_button_removes_one(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/race 2026-12-13 half")
    await harness.reply(runner, "Noted")
    await harness.says(runner, "/race 2027-04-18 marathon")
    await harness.reply(runner, "Noted")
    await harness.says(runner, "/races")
    listed = await harness.reply(runner, "Your races")
    assert "Sun 13 Dec: half marathon" in (listed.text or "")
    await harness.press(runner, "Remove half marathon Sun 13 Dec", listed.message_id)
    await harness.reply(runner, "Removed: half marathon, Sun 13 Dec")
    await harness.says(runner, "/races")
    after = (await harness.reply(runner, "Your races")).text or ""
    assert "half marathon" not in after.split("\n\n")[0]


async def test_a_sore_achilles_told_for_a_second_session_swaps_the_calf_raise(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "my achilles is sore")
    await harness.reply(runner, "your Achilles")
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    card = await harness.reply(runner, "Strength time")
    await harness.press(runner, "Skip today", card.message_id)
    await harness.reply(runner, "")
    await harness.says(runner, "achilles still sore")
    heard = (await harness.reply(runner, "second time")).text or ""
    assert "eccentric calf raise get a gentler version" in heard
    assert "Isometric calf hold 3×30 s per leg instead of eccentric calf raise" in heard
    await harness.says(runner, "achilles is fine now")
    back = (await harness.reply(runner, "Glad your Achilles is fine again")).text or ""
    assert "Eccentric calf raise starts gently at 3×5 per leg @ body weight" in back


async def test_a_race_told_before_setting_up_asks_for_the_week_first(
    harness: Harness, runner: FakeUser,
) -> None:
    await harness.says(runner, "I have a half marathon on Sunday")
    await harness.reply(runner, "Let's set up your week first: /start.")


async def test_all_done_on_the_race_week_card_logs_only_the_two_light_exercises(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/race 2026-11-29 half")
    await harness.reply(runner, "Noted")
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    card = await harness.reply(runner, "Strength time")
    await harness.says(runner, "all done", reply_to=card.message_id)
    saved = (await harness.reply(runner, "Saved")).text or ""
    assert "Single-leg deadlift" in saved
    assert "Goblet squat" in saved
    assert "Step-up" not in saved
    await harness.reply(runner, "Session done")

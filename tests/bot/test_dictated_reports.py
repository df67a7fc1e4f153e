"""A dictated report and several exercises on one line, end to end through the real bot."""

from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness
from tests.bot.test_flows import onboard, reminder
from tests.bot.test_understanding import logged


async def test_a_dictated_report_is_stored_as_numbers(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "Goblet squat. Three sets of six, at body weight.\n"
                               "Reverse lunges six six five each leg", reply_to=card)
    await harness.reply(runner, "Saved")
    assert await logged(harness, runner.id) == {"goblet_squat": "sets (6, 6, 6)",
                                                "reverse_lunge": "sets (6, 6, 5)"}


async def test_several_exercises_on_one_line_are_each_stored(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "SL RDL 6 6 6, goblets 3x6 and ecc heel drops skipped",
                       reply_to=card)
    await harness.reply(runner, "Saved")
    assert await logged(harness, runner.id) == {"sldl": "sets (6, 6, 6)",
                                                "goblet_squat": "sets (6, 6, 6)",
                                                "eccentric_calf_raise": "skipped ()"}

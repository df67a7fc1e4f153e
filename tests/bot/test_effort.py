"""The effort row under the wrap-up, end to end: one tap stores how the session felt, the
row goes, one line answers with what it changed; a repeated or a stranger's tap does
nothing."""

from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness
from tests.bot.test_flows import onboard, reminder
from tests.bot.test_hostile import answer_to

EFFORT_BUTTONS = ["Easy (3+ reps left)", "Just right (1–2 left)", "Hard (1 left, just)",
                  "Too hard (none left)"]


async def test_too_hard_under_the_wrap_up_holds_the_step_and_says_so(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 3x8 @ 8kg\nall done", reply_to=card)
    done = await harness.reply(runner, "Session done")
    assert "Goblet squat: 3×5 @ 10 kg (load up)" in (done.text or "")
    assert "How did it feel?" in (done.text or "")
    row = harness.fake.buttons(done)
    assert [text for text, _ in row] == EFFORT_BUTTONS
    await harness.press(runner, "Too hard", done.message_id)
    noted = await harness.reply(runner, "Noted: too hard.")
    assert "Goblet squat 3×6 @ body weight" in (noted.text or "")
    assert "\n" not in (noted.text or "")
    await harness.fake.wait_until(lambda: not harness.fake.buttons(
        next(m for m in harness.fake.messages_to(runner.id)
             if m.message_id == done.message_id)) or None)
    again = harness.fake.press_raw(runner, done.message_id, row[0][1])
    assert "nothing changed" in await answer_to(harness, again)


async def test_an_effort_tap_by_a_stranger_changes_nothing_end_to_end(
    harness: Harness, runner: FakeUser,
) -> None:
    other = FakeUser(id=6004, first_name="Ben")
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "all done", reply_to=card)
    done = await harness.reply(runner, "Session done")
    await onboard(harness, other)
    for _, data in harness.fake.buttons(done):
        query = harness.fake.press_raw(other, done.message_id, data)
        assert "nothing changed" in await answer_to(harness, query)
    assert [text for text, _ in harness.fake.buttons(done)] == EFFORT_BUTTONS


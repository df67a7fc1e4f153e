"""Never invent, never accept the implausible silently, one question per message: what a
runner sees when a report leaves something in doubt, end to end through the real bot."""

from fakes.telegram_api import BotMessage, FakeUser
from services.sessions import open_view
from tests.bot.conftest import Harness
from tests.bot.test_flows import onboard, reminder
from tests.bot.test_understanding import logged


async def _with_dumbbells(h: Harness, user: FakeUser) -> int:
    """Onboarded with dumbbells of 8, 12 and 16 kg; Tuesday's card is out: its id."""
    await onboard(h, user)
    await h.says(user, "/equipment 8 12 16 kg dumbbells")
    await h.reply(user, "Got it.")
    return await reminder(h, user)


def _labels(h: Harness, message: BotMessage) -> list[str]:
    return [text for text, _ in h.fake.buttons(message)]


def _asked(h: Harness, user: FakeUser) -> list[BotMessage]:
    return [m for m in h.fake.messages_to(user.id) if "Just checking" in (m.text or "")]


async def test_a_load_without_reps_asks_for_the_reps(
    harness: Harness, runner: FakeUser,
) -> None:
    card = await _with_dumbbells(harness, runner)
    await harness.says(runner, "goblet 12kg", reply_to=card)
    answer = await harness.reply(runner, "How many reps at 12 kg?")
    assert "“goblet squat 8 8 8 @ 12kg”" in (answer.text or "")
    assert await logged(harness, runner.id) == {}


async def test_sixteen_reps_a_leg_asks_whether_both_legs_were_counted(
    harness: Harness, runner: FakeUser,
) -> None:
    card = await _with_dumbbells(harness, runner)
    await harness.says(runner, "reverse lunge 16 16 16", reply_to=card)
    question = await harness.reply(runner, "Just checking")
    assert question.text == (
        "Just checking “reverse lunge 16 16 16” — per leg, or both legs counted?")
    assert _labels(harness, question) == [
        "Reverse lunge 3×8 per leg?", "Reverse lunge 3×16 per leg?", "Edit"]
    assert await logged(harness, runner.id) == {}
    await harness.press(runner, "Reverse lunge 3×8 per leg?", question.message_id)
    saved = await harness.reply(runner, "Saved")
    assert "Reverse lunge: 8 8 8" in (saved.text or "")
    assert await logged(harness, runner.id) == {"reverse_lunge": "sets (8, 8, 8)"}
    assert (await harness.services().units.read(open_view, runner.id)) is not None


async def test_a_fourth_number_the_runner_owns_is_offered_as_the_load_first(
    harness: Harness, runner: FakeUser,
) -> None:
    card = await _with_dumbbells(harness, runner)
    await harness.says(runner, "goblet 8 8 7 12", reply_to=card)
    question = await harness.reply(runner, "Just checking")
    assert _labels(harness, question) == [
        "Goblet squat 8 8 7 @ 12 kg?", "Goblet squat 8 8 7 12?", "Edit"]
    await harness.press(runner, "Goblet squat 8 8 7 @ 12 kg?", question.message_id)
    saved = await harness.reply(runner, "Saved")
    assert "Goblet squat: 8 8 7 @ 12 kg" in (saved.text or "")


async def test_a_trimmed_days_clean_report_asks_nothing(
    harness: Harness, runner: FakeUser,
) -> None:
    card = await _with_dumbbells(harness, runner)
    await harness.press(runner, "Heavy", card)
    await harness.reply(runner, "Heavy legs")
    await harness.says(runner, "sldl 6 6\ngoblet 6 6\nlunge 6 6\ncalf 6 6", reply_to=card)
    saved = await harness.reply(runner, "Saved")
    assert "Goblet squat: 6 6" in (saved.text or "")
    await harness.reply(runner, "Session done")
    assert _asked(harness, runner) == []


async def test_a_trimmed_days_step_prompt_says_the_days_target(
    harness: Harness, runner: FakeUser,
) -> None:
    card = await _with_dumbbells(harness, runner)
    usual = harness.fake.messages_to(runner.id)[-1].text or ""
    assert "Single-leg deadlift: 3×" in usual
    await harness.press(runner, "Heavy", card)
    await harness.reply(runner, "Heavy legs")
    await harness.press(runner, "Log my sets", card)
    prompt = await harness.reply(runner, "1/5 Single-leg deadlift")
    assert "Target: 2×" in (prompt.text or "")
    assert " per leg @ " in (prompt.text or "")
    assert "Type your reps, like 8 7 (per leg: 8/7 8/6)." in (prompt.text or "")


async def test_doubts_in_one_report_come_as_one_message(
    harness: Harness, runner: FakeUser,
) -> None:
    card = await _with_dumbbells(harness, runner)
    await harness.says(runner, "lunge 16 16 16\ngoblet 8 8 7 12\nsldl 8 8 8", reply_to=card)
    await harness.reply(runner, "Saved")
    question = await harness.reply(runner, "Just checking a few lines")
    await harness.settled()
    assert len(_asked(harness, runner)) == 1
    assert "1. “lunge 16 16 16” — per leg, or both legs counted?" in (question.text or "")
    assert "2. “goblet 8 8 7 12”" in (question.text or "")
    assert _labels(harness, question) == [
        "1: 3×8 per leg", "1: 3×16 per leg", "2: 8 8 7 @ 12 kg", "2: 8 8 7 12",
        "All as I wrote", "Edit"]
    assert all(len(data.encode()) <= 64 for _, data in harness.fake.buttons(question))
    assert await logged(harness, runner.id) == {"sldl": "sets (8, 8, 8)"}
    await harness.press(runner, "2: 8 8 7 @ 12 kg", question.message_id)
    await harness.reply(runner, "Goblet squat: 8 8 7 @ 12 kg")
    await harness.stop()  # a restart still knows every button left
    await harness.start()
    left = harness.fake.messages_to(runner.id)[question_index(harness, runner, question)]
    assert _labels(harness, left) == ["1: 3×8 per leg", "1: 3×16 per leg", "All as I wrote",
                                      "Edit"]
    await harness.press(runner, "All as I wrote", question.message_id)
    await harness.reply(runner, "Reverse lunge: 16 16 16")
    assert await logged(harness, runner.id) == {
        "sldl": "sets (8, 8, 8)", "goblet_squat": "sets (8, 8, 7)",
        "reverse_lunge": "sets (16, 16, 16)"}
    await harness.settled()
    done = harness.fake.messages_to(runner.id)[question_index(harness, runner, question)]
    assert _labels(harness, done) == []


async def test_a_name_only_near_a_known_one_is_asked_on_its_own_line(
    harness: Harness, runner: FakeUser,
) -> None:
    card = await _with_dumbbells(harness, runner)
    await harness.says(runner, "sqat 3x8\nlunge 16 16 16", reply_to=card)
    question = await harness.reply(runner, "Just checking a few lines")
    assert "1. “sqat 3x8” — did you mean Goblet squat?" in (question.text or "")
    assert _labels(harness, question)[:1] == ["1: 3×8"]
    await harness.press(runner, "1: 3×8", question.message_id)
    await harness.reply(runner, "Goblet squat: 8 8 8")
    assert await logged(harness, runner.id) == {"goblet_squat": "sets (8, 8, 8)"}


async def test_a_strangers_press_on_a_doubt_changes_nothing(
    harness: Harness, runner: FakeUser,
) -> None:
    other = FakeUser(id=6004, first_name="Ben")
    card = await _with_dumbbells(harness, runner)
    await harness.says(runner, "lunge 16 16 16\ngoblet 8 8 7 12", reply_to=card)
    question = await harness.reply(runner, "Just checking a few lines")
    await onboard(harness, other)
    for _, data in harness.fake.buttons(question):
        harness.fake.press_raw(other, question.message_id, data)
    await harness.settled()
    assert await logged(harness, runner.id) == {}
    assert len(_labels(harness, harness.fake.messages_to(runner.id)[
        question_index(harness, runner, question)])) == 6


def question_index(h: Harness, user: FakeUser, question: BotMessage) -> int:
    """Where the question sits in the chat (its buttons change in place)."""
    ids = [m.message_id for m in h.fake.messages_to(user.id)]
    return ids.index(question.message_id)

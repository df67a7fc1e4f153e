"""Discomfort inside a typed report, end to end (real bot, fake Telegram): a mild one is
noted and the session goes on; a sharp one stops that exercise and asks how bad with the
score buttons, and the rating shapes the rest of the session."""

from hypothesis import given
from hypothesis import strategies as st

from bot.pain import clipped
from fakes.telegram_api import FakeUser
from services.runtime import Units
from services.understanding import notes_of
from storage.db import create_engine, session_factory
from tests.bot.conftest import Harness
from tests.bot.test_flows import onboard, reminder
from tests.bot.test_understanding import logged


async def test_a_mild_then_a_sharp_discomfort_and_a_rating_that_shapes_the_next_card(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet squat 3x8 12kg, hamstrings a bit tight", reply_to=card)
    await harness.reply(runner, "Saved:")
    mild = (await harness.reply(runner, "Noted:")).text or ""
    assert "“hamstrings a bit tight”" in mild
    assert "lighter or with fewer reps on what loads your hamstring today" in mild
    assert "Stop" not in mild
    await harness.reply(runner, "Single-leg deadlift")  # the session goes on

    await harness.says(runner, "reverse lunge 8 8 8, knee twinged on the last set")
    await harness.reply(runner, "Saved:")
    sharp = (await harness.reply(runner, "Stop the reverse lunge there for today")).text or ""
    assert "“knee twinged on the last set”" in sharp
    asked = await harness.reply(runner, "How bad is it right now")
    assert [text for text, _ in harness.fake.buttons(asked)] == [str(n) for n in range(11)]
    assert await logged(harness, runner.id) == {
        "goblet_squat": "sets (8, 8, 8)", "reverse_lunge": "sets (8, 8, 8)",
        "step_up": "skipped ()"}  # the knee's other exercise stops until it is rated

    await harness.press(runner, "4", asked.message_id)
    rated = (await harness.reply(runner, "4/10:")).text or ""
    assert "a lighter day where it hurts" in rated
    assert "Step-up: 3×5 per leg @ body weight" in rated
    assert "step_up" not in await logged(harness, runner.id)  # back, lighter

    await harness.says(runner, "sldl 8 8 8")
    await harness.reply(runner, "Saved:")
    await harness.says(runner, "calf 8 8 8")
    step = (await harness.reply(runner, "5/5 Step-up")).text or ""
    assert "Target: 3×5 per leg @ body weight" in step

    engine = create_engine(harness.database_url)
    try:
        async with Units(session_factory(engine))(read_only=True) as uow:
            notes = await notes_of(uow, runner.id)
    finally:
        await engine.dispose()
    assert [(n.kind, n.exercise_id, n.text) for n in notes] == [
        ("niggle", "goblet_squat", "hamstrings a bit tight"),
        ("pain", "reverse_lunge", "knee twinged on the last set")]


async def test_a_sharp_discomfort_with_no_place_asks_where_then_how_bad(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 3x8, that one really hurt", reply_to=card)
    await harness.reply(runner, "Stop the goblet squat there for today")
    where = await harness.reply(runner, "Where does it hurt?")
    await harness.press(runner, "Knee", where.message_id)
    await harness.reply(runner, "How bad is it right now")


async def test_a_skipped_step_up_with_a_shin_sore_when_walking_says_see_a_doctor(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "step up skip, shin sore when I walk", reply_to=card)
    await harness.reply(runner, "Right to leave the step-up out today")
    await harness.reply(runner, "stop running and see a doctor")


@given(st.lists(st.sampled_from(["knee", "twinged", "on", "the", "last", "rep", "a",
                                 "bit", "shins", "flaring", "up", "again,", "today"]),
                min_size=1, max_size=30), st.integers(min_value=12, max_value=60))
def test_an_echo_is_never_rewritten_only_cut_at_a_word(words: list[str], limit: int) -> None:
    text = " ".join(words)
    echo = clipped(text, limit)
    assert len(echo) <= limit
    if echo == text:
        return
    assert echo.endswith("…")
    kept = echo.removesuffix("…")
    assert text.startswith(kept)
    assert text[len(kept)] in " ,-;:" or len(kept) == limit - 1

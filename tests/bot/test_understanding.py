"""Reports, times, days and places as runners type them, end to end through the real bot."""

from coach.exercises import EXERCISE_IDS
from fakes.telegram_api import FakeUser
from services.runtime import Units
from services.sessions import open_view
from services.understanding import notes_of
from storage.db import create_engine, session_factory
from storage.uow import UnitOfWork
from tests.bot.conftest import Harness
from tests.bot.test_flows import onboard, pick, reminder


async def logged(h: Harness, user_id: int) -> dict[str, str]:
    """What the open session holds, exercise by exercise."""
    view = await h.services().units.read(open_view, user_id)
    assert view is not None
    return {i.exercise.id: f"{i.logged.report.kind.value} {i.logged.report.reps}"
            for i in view.items if i.logged is not None}


async def test_an_ambiguous_report_is_asked_about_and_stored_only_when_answered(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 8x3", reply_to=card)
    question = await harness.reply(runner, "Just checking")
    labels = [text for text, _ in harness.fake.buttons(question)]
    assert labels == ["Goblet squat 3×8?", "Goblet squat 8×3?", "Edit"]
    assert all(len(data.encode()) <= 64 for _, data in harness.fake.buttons(question))
    assert await logged(harness, runner.id) == {}
    await harness.press(runner, "Goblet squat 3×8?")
    saved = await harness.reply(runner, "Saved")
    assert "Goblet squat: 8 8 8" in (saved.text or "")
    assert await logged(harness, runner.id) == {"goblet_squat": "sets (8, 8, 8)"}


async def test_a_pending_question_survives_a_restart(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "2 8 8 8", reply_to=card)
    question = await harness.reply(runner, "Just checking")
    await harness.stop()
    await harness.start()
    await harness.press(runner, "Goblet squat 3×8?", question.message_id)
    await harness.reply(runner, "Saved")
    assert await logged(harness, runner.id) == {"goblet_squat": "sets (8, 8, 8)"}


async def test_someone_elses_question_button_changes_nothing(
    harness: Harness, runner: FakeUser,
) -> None:
    other = FakeUser(id=6003, first_name="Ben")
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 12", reply_to=card)
    question = await harness.reply(runner, "Just checking")
    data = harness.fake.buttons(question)[0][1]
    await onboard(harness, other)
    harness.fake.press_raw(other, question.message_id, data)
    harness.fake.press_raw(runner, question.message_id, "uq:99999:0")
    await harness.press(runner, "Edit", question.message_id)
    await harness.reply(runner, "type it again")
    assert await logged(harness, runner.id) == {}


async def test_done_with_nothing_logged_asks_whether_it_all_went_to_plan(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "finished", reply_to=card)
    await harness.reply(runner, "Did it all go to plan?")
    assert await logged(harness, runner.id) == {}
    await harness.press(runner, "Yes, all as planned")
    done = await harness.reply(runner, "Session done")
    assert "Goblet squat" in (done.text or "")


async def test_pain_is_acknowledged_noted_and_what_loads_it_is_left_out_until_rated(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "sldl 8 8 8", reply_to=card)
    await harness.reply(runner, "Saved")
    await harness.says(runner, "my knee hurts, stopping here")
    answer = await harness.reply(runner, "Stop what hurts there for today")
    assert "“my knee hurts”" in (answer.text or "")
    await harness.reply(runner, "How bad is it right now")
    engine = create_engine(harness.database_url)
    try:
        async with Units(session_factory(engine))(read_only=True) as uow:
            notes = await notes_of(uow, runner.id)
    finally:
        await engine.dispose()
    assert [(n.kind, n.text) for n in notes] == [("pain", "my knee hurts")]
    assert await logged(harness, runner.id) == {
        "sldl": "sets (8, 8, 8)", "goblet_squat": "skipped ()", "reverse_lunge": "skipped ()",
        "step_up": "skipped ()"}


async def test_a_skip_with_a_reason_is_stored_and_the_reason_kept(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "skipped the calf raises, achilles sore", reply_to=card)
    await harness.reply(runner, "Fine to leave the eccentric calf raise out today")
    assert await logged(harness, runner.id) == {"eccentric_calf_raise": "skipped ()"}
    engine = create_engine(harness.database_url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            counts = await uow.users.row_counts(runner.id)
    finally:
        await engine.dispose()
    assert counts["notes"] == 1


async def test_pounds_are_read_and_shown_for_a_runner_who_lifts_in_pounds(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/load goblet 35lb")
    await harness.reply(runner, "Goblet squat: target load now 15.88 kg")
    await harness.says(runner, "/settings")
    await harness.reply(runner, "Loads in: kg")
    await harness.press(runner, "switch to lb")
    await harness.reply(runner, "Loads in lb from now on")
    await harness.says(runner, "/load squat 160")
    await harness.reply(runner, "looks like a typo")
    card = await reminder(harness, runner)
    text = harness.fake.messages_to(runner.id)[-1].text or ""
    assert "Goblet squat: 3×6 @ 35 lb" in text
    await harness.says(runner, "goblet 3x6 @ 35", reply_to=card)
    saved = await harness.reply(runner, "Saved")
    assert "Goblet squat: 6 6 6 @ 35 lb" in (saved.text or "")


async def test_onboarding_takes_days_times_and_places_in_words(
    harness: Harness, runner: FakeUser,
) -> None:
    await harness.says(runner, "/start")
    await harness.reply(runner, "Which days do you run hard")
    await harness.says(runner, "Tues and Thurs")
    back = await harness.reply(runner, "Got it: Tue and Thu")
    labels = [text for text, _ in harness.fake.buttons(back)]
    assert labels[:4] == ["Mon", "✅ Tue", "Wed", "✅ Thu"]
    await harness.press(runner, "Done", back.message_id)
    await harness.reply(runner, "When does your hard run usually end")
    await harness.says(runner, "7")
    await harness.reply(runner, "07:00 or 19:00")
    await harness.says(runner, "I finish around 7 in the evening")
    await harness.reply(runner, "Run ends around 19:00")
    await harness.says(runner, "berln")
    await harness.reply(runner, "Did you mean Berlin")
    await harness.press(runner, "Europe/Berlin")
    summary = await harness.reply(runner, "All set")
    assert "Reminder at 19:30 (Europe/Berlin)" in (summary.text or "")


async def test_a_place_with_namesakes_is_chosen_with_buttons(
    harness: Harness, runner: FakeUser,
) -> None:
    await harness.says(runner, "/start")
    await harness.reply(runner, "Which days do you run hard")
    await pick(harness, runner, "Tue", "Thu")
    await harness.press(runner, "Done")
    await harness.reply(runner, "When does your hard run usually end")
    await harness.says(runner, "half six")
    await harness.reply(runner, "06:30 or 18:30")
    await harness.press(runner, "18:30")
    await harness.reply(runner, "time zone")
    await harness.says(runner, "Victoria")
    await harness.reply(runner, "Which Victoria?")
    await harness.press(runner, "America/Vancouver")
    summary = await harness.reply(runner, "All set")
    assert "America/Vancouver" in (summary.text or "")
    assert len(EXERCISE_IDS) == 5


async def test_the_first_report_in_pounds_offers_to_show_loads_in_lb(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 3x6 @ 35lb", reply_to=card)
    await harness.reply(runner, "Shall I show all your loads in lb?")
    await harness.press(runner, "Yes, lb")
    await harness.reply(runner, "Loads in lb from now on")
    await harness.says(runner, "sldl 3x6 @ 20 lb", reply_to=card)
    saved = await harness.reply(runner, "Saved")
    assert "Single-leg deadlift: 6 6 6 @ 20 lb" in (saved.text or "")

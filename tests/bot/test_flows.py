"""A runner's flows, end to end: real bot, fake Telegram over HTTP, real SQLite file."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from coach.views import Delivery
from fakes.telegram_api import FakeUser
from services.plan import draft_of
from storage.models import SessionRow
from tests.bot.conftest import START, Harness

TUESDAY_REMINDER = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # 18:30 run + 30 min, Berlin


async def pick(h: Harness, user: FakeUser, *days: str) -> None:
    """Tap day buttons one by one; each shows its ✅ before the next tap."""
    for day in days:
        await h.press(user, day)
        await h.buttons_show(user, f"✅ {day}")


async def onboard(h: Harness, user: FakeUser) -> None:
    """Tue and Thu hard, run ends 18:30, Europe/Berlin."""
    await h.says(user, "/start")
    await h.reply(user, "Which days do you run hard")
    await pick(h, user, "Tue", "Thu")
    await h.press(user, "Done")
    await h.reply(user, "When does your hard run usually end")
    await h.press(user, "18:30")
    await h.reply(user, "time zone")
    await h.says(user, "Europe/Berlin")
    await h.reply(user, "All set")
    await h.reply(user, "What do you train with?")  # asked once, right after the summary


async def reminder(h: Harness, user: FakeUser, runners: int = 1) -> int:
    """Move to Tuesday's reminder instant, run the scheduler, return the card's id."""
    h.clock.set(TUESDAY_REMINDER)
    h.seen[user.id] = len(h.fake.messages_to(user.id))
    assert (await h.tick()).sent == runners
    card = await h.reply(user, "Strength time")
    return card.message_id


async def test_onboarding_builds_the_week_from_the_hard_days(
    harness: Harness, runner: FakeUser,
) -> None:
    await harness.says(runner, "/start")
    greeting = await harness.reply(runner, "strength coach")
    assert "after your hard runs" in (greeting.text or "")
    days = await harness.reply(runner, "Which days do you run hard")
    await harness.press(runner, "Tue", days.message_id)
    await harness.buttons_show(runner, "✅ Tue")
    await harness.press(runner, "Thu", days.message_id)
    edited = await harness.buttons_show(runner, "✅ Thu")
    assert edited.message_id == days.message_id
    labels = [text for text, _ in harness.fake.buttons(edited)]
    assert labels[:4] == ["Mon", "✅ Tue", "Wed", "✅ Thu"]
    await harness.press(runner, "Done", days.message_id)
    await harness.reply(runner, "When does your hard run usually end")
    await harness.says(runner, "6:30pm")
    await harness.reply(runner, "time zone")
    await harness.says(runner, "Europe/Berlin")
    summary = await harness.reply(runner, "All set")
    assert "Tue and Thu" in (summary.text or "")
    assert "Reminder at 19:00 (Europe/Berlin)" in (summary.text or "")
    assert "Tue 24 Nov at 19:00" in (summary.text or "")


async def test_one_hard_day_asks_for_cross_training_and_bad_answers_are_asked_again(
    harness: Harness, runner: FakeUser,
) -> None:
    await harness.says(runner, "/start")
    await harness.reply(runner, "Which days do you run hard")
    await pick(harness, runner, "Sat")
    await harness.press(runner, "Done")
    await harness.reply(runner, "cross-training")
    await harness.press(runner, "Done")
    await harness.reply(runner, "at least two days")
    await pick(harness, runner, "Wed")
    await harness.press(runner, "Done")
    await harness.reply(runner, "When does your hard run usually end")
    await harness.says(runner, "after work")
    await harness.reply(runner, "like 18:30")
    await harness.says(runner, "07:15")
    await harness.reply(runner, "time zone")
    await harness.says(runner, "Narnia")
    await harness.reply(runner, "I don't know the zone")
    harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
    harness.fake.send_location(runner, 40.7128, -74.0060)
    summary = await harness.reply(runner, "All set")
    assert "Wed and Sat" in (summary.text or "")
    assert "America/New_York" in (summary.text or "")


async def test_offsets_countries_and_abbreviations_get_a_useful_answer(
    harness: Harness, runner: FakeUser,
) -> None:
    await harness.says(runner, "/start")
    await harness.reply(runner, "Which days do you run hard")
    await pick(harness, runner, "Tue", "Thu")
    await harness.press(runner, "Done")
    await harness.reply(runner, "When does your hard run usually end")
    await harness.press(runner, "06:30")
    await harness.reply(runner, "time zone")
    await harness.says(runner, "UTC+1")
    await harness.reply(runner, "daylight saving. Type your city")
    await harness.says(runner, "USA")
    await harness.reply(runner, "has several time zones. Type your city")
    await harness.says(runner, "IST")
    await harness.reply(runner, "could be Asia/Kolkata, Europe/Dublin, Asia/Jerusalem")
    await harness.says(runner, "Mumbai")
    saved = await harness.reply(runner, "All set")
    assert "Reminder at 07:00 (Asia/Kolkata)" in (saved.text or "")


async def test_the_reminder_comes_on_the_hard_day_after_the_run_with_the_session(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    harness.clock.set(TUESDAY_REMINDER - timedelta(minutes=1))
    assert (await harness.tick()).sent == 0
    await reminder(harness, runner)
    card = harness.fake.messages_to(runner.id)[-1]
    text = card.text or ""
    for name in ("Single-leg deadlift", "Goblet squat", "Reverse lunge",
                 "Eccentric calf raise", "Step-up"):
        assert name in text
    assert "3×6 per leg @ body weight" in text
    assert [t for t, _ in harness.fake.buttons(card)] == [
        "Fresh", "Heavy", "Sore", "Pain", "Log my sets", "Snooze 1 h", "Skip today",
        "Details: cues, last time"]
    harness.clock.set(datetime(2026, 11, 25, 18, 0, tzinfo=UTC))  # Wednesday: easy day
    assert (await harness.tick()).sent == 0


async def test_a_reply_with_reps_is_stored_confirmed_and_progressed(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "sldl 8/8 8/8 8/7\ngoblet 3x8 @ 12kg\nlunge 8 8 8",
                       reply_to=card)
    saved = await harness.reply(runner, "Saved:")
    assert "Goblet squat: 8 8 8 @ 12 kg" in (saved.text or "")
    await harness.reply(runner, "4/5 Eccentric calf raise")
    await harness.says(runner, "calf 6 6 5\nstep up 8 8 8")
    done = await harness.reply(runner, "Session done")
    text = done.text or ""
    assert "Next time:" in text
    assert "Goblet squat: 3×5 @ 14 kg (load up)" in text
    assert "Eccentric calf raise: 3×" in text
    assert "(2 more reps)" in text  # sldl 6 → 8: the label says exactly what changed


async def test_all_done_logs_the_whole_session_and_progresses_it(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 3x8 @ 8kg\nall done", reply_to=card)
    saved = (await harness.reply(runner, "Saved:")).text or ""
    assert saved.count("as planned") == 4
    assert "Goblet squat: 8 8 8 @ 8 kg" in saved
    done = (await harness.reply(runner, "Session done")).text or ""
    assert "Goblet squat: 3×5 @ 10 kg (load up)" in done
    assert "Step-up: 3×7 per leg @ body weight (one more rep)" in done


async def test_a_plain_all_done_means_everything_as_planned_not_finish_empty(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await reminder(harness, runner)
    assert "Done? Reply with your reps, or “all done”." in (
        harness.fake.last_message(runner.id).text or "")
    await harness.says(runner, "All done")
    saved = (await harness.reply(runner, "Saved:")).text or ""
    assert saved.count("as planned") == 5
    done = (await harness.reply(runner, "Session done")).text or ""
    assert done.count("one more rep") == 5


async def test_a_bad_reply_is_explained_and_loses_nothing(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 3x8", reply_to=card)
    await harness.reply(runner, "Saved:")
    await harness.says(runner, "bench press 3x8\nlunge 200 200 200")
    answer = await harness.reply(runner, "I didn't catch this")
    assert "Example:" in (answer.text or "")
    await harness.says(runner, "/undo")
    undone = await harness.reply(runner, "Removed")
    assert "Goblet squat" in (undone.text or "")


async def test_the_step_by_step_buttons_log_each_exercise(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.press(runner, "Log my sets", card)
    await harness.reply(runner, "1/5 Single-leg deadlift")
    await harness.press(runner, "As planned")
    await harness.reply(runner, "2/5 Goblet squat")
    await harness.says(runner, "8 8 7")
    await harness.reply(runner, "3/5 Reverse lunge")
    await harness.press(runner, "Skip")
    await harness.reply(runner, "4/5")
    await harness.press(runner, "Finish session")
    done = await harness.reply(runner, "Session done")
    assert "Goblet squat" in (done.text or "")


async def test_an_edited_report_replaces_the_stored_one(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await reminder(harness, runner)
    sent = harness.fake.send_text(runner, "goblet 3x8 @ 375")
    await harness.reply(runner, "I didn't catch this")
    harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
    harness.fake.edit_text(runner, sent["message_id"], "goblet 3x8 @ 37.5")
    first = await harness.reply(runner, "Saved:")
    assert "37.5 kg" in (first.text or "")
    harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
    harness.fake.edit_text(runner, sent["message_id"], "goblet 3x7 @ 35")
    updated = await harness.reply(runner, "Updated:")
    assert "7 7 7 @ 35 kg" in (updated.text or "")


async def test_restart_within_grace_delivers_and_beyond_grace_sends_a_missed_note(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.stop()
    harness.clock.set(TUESDAY_REMINDER + timedelta(minutes=90))
    await harness.start()
    assert (await harness.tick()).sent == 1
    await harness.stop()
    harness.clock.set(datetime(2026, 11, 27, 8, 0, tzinfo=UTC))  # Thursday's was due Thu 18:00
    harness.clock.set(datetime(2026, 11, 28, 8, 0, tzinfo=UTC))
    await harness.start()
    harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
    report = await harness.tick()
    assert (report.sent, report.missed) == (0, 1)
    note = await harness.reply(runner, "couldn't reach you")
    assert "Thu 26 Nov" in (note.text or "")


async def test_a_restart_in_the_middle_of_onboarding_keeps_the_answers_so_far(
    harness: Harness, runner: FakeUser,
) -> None:
    await harness.says(runner, "/start")
    await harness.reply(runner, "Which days do you run hard")
    await pick(harness, runner, "Tue", "Thu")
    await harness.stop()
    await harness.start()
    await harness.press(runner, "Done")
    await harness.reply(runner, "When does your hard run usually end")
    await harness.stop()
    await harness.start()
    await harness.says(runner, "18:30")
    await harness.reply(runner, "time zone")
    await harness.says(runner, "Europe/Berlin")
    saved = await harness.reply(runner, "All set")
    assert "Tue and Thu" in (saved.text or "")


async def test_an_answer_is_stored_before_the_bot_shows_it_so_a_crash_cannot_split_them(
    harness: Harness, runner: FakeUser,
) -> None:
    plans = harness.services().units
    await harness.says(runner, "/start")
    await harness.reply(runner, "Which days do you run hard")
    for day, stored in (("Tue", {1}), ("Thu", {1, 3})):
        calls = len(harness.fake.calls)
        await harness.press(runner, day)
        await harness.fake.wait_for_call("editMessageReplyMarkup", after=calls)
        draft = await plans.run(draft_of, START, runner.id)
        assert draft is not None
        assert draft.hard == stored
    harness.fake.delay = 1.0  # the next question is in flight for a second
    calls = len(harness.fake.calls)
    await harness.press(runner, "Done")
    await harness.fake.wait_for_call(
        "sendMessage", lambda c: "hard run usually end" in str(c.params.get("text")),
        after=calls)
    draft = await plans.run(draft_of, START, runner.id)
    assert draft is not None
    assert (draft.step, draft.hard) == ("time", {1, 3})


async def test_pause_holds_reminders_and_resume_brings_them_back(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/pause ²")
    await harness.reply(runner, "Pause for how many weeks?")
    await harness.says(runner, "/pause 2")
    paused = await harness.reply(runner, "Paused until")
    assert (paused.text or "").startswith("Paused until Mon 7 Dec. Rest up.")
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).sent == 0
    await harness.says(runner, "/resume")
    await harness.reply(runner, "Welcome back")
    await harness.says(runner, "/plan")
    plan = await harness.reply(runner, "Your week")
    assert "Next reminder: Thu 26 Nov at 19:00" in (plan.text or "")


async def test_a_reply_to_a_card_whose_send_is_not_recorded_yet_goes_into_its_session(
        harness: Harness, runner: FakeUser) -> None:
    """The card reaches the runner before the sender's writer records it (group commits):
    a quick reply cannot name the session by message id, and still lands in it."""
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    engine = harness.services().engine
    async with engine.begin() as conn:  # as if the send's record were still in the writer
        changed = await conn.execute(update(SessionRow).where(
            SessionRow.delivery == Delivery.SENT.value).values(
            delivery=Delivery.CLAIMED.value, message_id=None))
        assert changed.rowcount == 1
    await harness.says(runner, "all done", reply_to=card)
    assert (await harness.reply(runner, "Saved:")).text.startswith("Saved:")

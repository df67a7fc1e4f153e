"""The week as the runner lives it, end to end: late runs, changes, moves and corrections."""

from datetime import UTC, datetime, timedelta

from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness
from tests.bot.test_flows import TUESDAY_REMINDER, onboard, pick


async def set_up(h: Harness, user: FakeUser, days: tuple[str, ...], run_end: str,
                 zone: str) -> str:
    """Onboard with these hard days, run end (typed) and zone; the summary's text."""
    await h.says(user, "/start")
    await h.reply(user, "Which days do you run hard")
    await pick(h, user, *days)
    await h.press(user, "Done")
    await h.reply(user, "When does your hard run usually end")
    await h.says(user, run_end)
    await h.reply(user, "time zone")
    await h.says(user, zone)
    return (await h.reply(user, "All set")).text or ""


async def open_setting(h: Harness, user: FakeUser, button: str, question: str) -> None:
    """/settings, tap `button`, wait for the question it asks."""
    await h.says(user, "/settings")
    await h.reply(user, "What would you like to change?")
    await h.press(user, button)
    await h.reply(user, question)


async def test_a_late_run_keeps_its_day_in_the_summary_the_plan_and_the_reminder(
    harness: Harness, runner: FakeUser,
) -> None:
    summary = await set_up(harness, runner, ("Tue", "Thu"), "23:45", "Europe/Berlin")
    assert "Reminder at 00:15 (just after midnight, for the day of your run)" in summary
    assert "Next: Tue 24 Nov, after your late run (reminder 00:15)." in summary
    await harness.says(runner, "/plan")
    plan = (await harness.reply(runner, "Your week")).text or ""
    assert "• Tue 24 Nov, after your late run (reminder 00:15)" in plan
    assert "Wed 25 Nov" not in plan
    harness.clock.set(datetime(2026, 11, 24, 23, 15, tzinfo=UTC))  # Wed 00:15 in Berlin
    assert (await harness.tick()).sent == 1
    await harness.reply(runner, "Tuesday's session, after your late run · Tue 24 Nov")


async def test_a_change_after_the_days_reminder_answers_with_the_next_one(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    harness.clock.set(TUESDAY_REMINDER)
    assert (await harness.tick()).sent == 1
    harness.clock.advance(timedelta(minutes=20))
    await open_setting(harness, runner, "Run end time", "When does your hard run usually end")
    await harness.says(runner, "23:50")
    saved = (await harness.reply(runner, "All set")).text or ""
    assert "Next: Thu 26 Nov, after your late run (reminder 00:20)." in saved


async def test_saturday_and_sunday_hard_days_are_told_and_offered_a_cross_training_day(
    harness: Harness, runner: FakeUser,
) -> None:
    await harness.says(runner, "/start")
    await harness.reply(runner, "Which days do you run hard")
    await pick(harness, runner, "Sat", "Sun")
    await harness.press(runner, "Done")
    await harness.reply(runner, "Sat and Sun are back to back")
    await pick(harness, runner, "Wed")
    await harness.press(runner, "Done")
    await harness.reply(runner, "When does your hard run usually end")
    await harness.press(runner, "07:30")
    await harness.reply(runner, "time zone")
    await harness.says(runner, "Europe/Berlin")
    summary = (await harness.reply(runner, "All set")).text or ""
    assert "Sessions: Wed and Sat" in summary


async def test_cross_training_days_can_be_added_in_settings_with_two_hard_days(
    harness: Harness, runner: FakeUser,
) -> None:
    await set_up(harness, runner, ("Tue", "Thu"), "9am", "Europe/Berlin")
    await open_setting(harness, runner, "Cross-training days", "cross-training days")
    await pick(harness, runner, "Sat")
    await harness.press(runner, "Done")
    saved = (await harness.reply(runner, "All set")).text or ""
    assert "Sessions: Tue, Thu and Sat" in saved
    assert "Next: Tue 24 Nov at 09:30." in saved


async def test_ran_hard_today_offers_todays_session_and_moves_the_week(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)  # Tue and Thu
    harness.clock.set(datetime(2026, 11, 25, 16, 0, tzinfo=UTC))  # Wednesday 17:00 Berlin
    await harness.says(runner, "Ran hard today!")
    card = await harness.reply(runner, "Today's session, after your hard run · Wed 25 Nov")
    assert [t for t, _ in harness.fake.buttons(card)][4:7] == ["Log my sets", "Snooze 1 h",
                                                               "Skip today"]
    after = (await harness.reply(runner, "After that: Next:")).text or ""
    assert "Next: Tue 1 Dec at 19:00." in after  # Thursday is the day after: it gives way


async def test_a_moved_hard_run_moves_this_weeks_session(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)  # Tue and Thu, Monday noon now
    await harness.says(runner, "hard run moved to Wednesday")
    moved = (await harness.reply(runner, "This week's session moves")).text or ""
    assert "from Tue 24 Nov to Wed 25 Nov" in moved
    assert "Next: Wed 25 Nov at 19:00." in moved
    await harness.says(runner, "long run on Thursday this week")
    await harness.reply(runner, "Thu 26 Nov is already a session day")


async def test_a_correction_right_after_finishing_changes_the_next_target(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    harness.clock.set(TUESDAY_REMINDER)
    await harness.tick()
    await harness.says(runner, "all done")
    done = (await harness.reply(runner, "Session done")).text or ""
    assert "Goblet squat: 3×7 @ body weight (one more rep)" in done
    await harness.says(runner, "goblet 5 5 5")
    fixed = (await harness.reply(runner, "Updated:")).text or ""
    assert "Goblet squat next time: back to 3×6 @ body weight" in fixed
    await harness.says(runner, "/undo")
    undone = (await harness.reply(runner, "Removed Goblet squat")).text or ""
    assert "Goblet squat next time: 3×6 @ body weight" not in undone  # already back at 3×6


async def test_pause_and_plan_name_the_same_day_in_a_far_zone(
    harness: Harness, runner: FakeUser,
) -> None:
    await set_up(harness, runner, ("Tue", "Thu"), "7am", "Asia/Kolkata")
    harness.clock.set(datetime(2026, 11, 28, 20, 0, tzinfo=UTC))  # Sun 01:30 in Kolkata
    await harness.says(runner, "/pause 1")
    paused = (await harness.reply(runner, "Paused until")).text or ""
    assert paused.startswith("Paused until Sun 6 Dec.")
    await harness.says(runner, "/plan")
    plan = (await harness.reply(runner, "Your week")).text or ""
    assert "Paused until Sun 6 Dec." in plan

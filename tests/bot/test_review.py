"""The weekly review end to end, its words, and its settings; imports of other apps' files."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.review import review_text
from coach.legs import LegNote
from coach.records import Record, RecordKind
from coach.review import LoadChange, WeeklyReview, WeekTally
from fakes.telegram_api import FakeUser
from scheduler.reviews import Reviewer
from tests.bot.conftest import START, Harness
from tests.bot.test_flows import onboard, reminder
from tests.bot.test_progress import log_sessions

SAMPLES = Path(__file__).parent.parent / "samples"
SUNDAY_EVENING = datetime(2026, 11, 29, 18, 0, tzinfo=UTC)  # 19:00 in Berlin
BERLIN_19 = datetime(2026, 12, 1, 19, 0, tzinfo=UTC)


def review(**changes: object) -> WeeklyReview:
    values: dict[str, object] = {
        "first": date(2026, 11, 23), "last": date(2026, 11, 29),
        "week": WeekTally(2, 2, 0, 0, 0), "streak": 3, "changes": (), "records": (),
        "legs": (), "next_week": (BERLIN_19, BERLIN_19 + timedelta(days=2)),
    }
    values.update(changes)
    return WeeklyReview(**values)  # type: ignore[arg-type]


def test_the_review_says_the_week_in_a_few_short_lines() -> None:
    text = review_text(review(
        changes=(LoadChange("goblet_squat", 10.0, 12.0),),
        records=(Record("goblet_squat", RecordKind.HEAVIEST, "both", 12.0, 6, 10.0, 1),),
        legs=(LegNote("sldl", "right", date(2026, 11, 10), 0.2, 0.1),)))
    assert text.split("\n") == [
        "Your week · Mon 23 Nov – Sun 29 Nov",
        "Sessions: 2 of 2 done",
        "🔥 3 weeks in a row with every session done",
        "Loads: Goblet squat 10 kg → 12 kg",
        "🏆 1 new best: Goblet squat",
        "Single-leg deadlift: right leg behind since Tue 10 Nov, closing (20% → 10%): "
        "start each set with it",
        "Next week: Tue 1 Dec and Thu 3 Dec, reminders at 19:00.",
    ]


def test_skipped_and_missed_sessions_are_named_and_a_broken_streak_is_not_cheered() -> None:
    text = review_text(review(week=WeekTally(3, 1, 1, 1, 0), streak=0))
    assert "Sessions: 1 of 3 done · 1 skipped · 1 missed" in text
    assert "🔥" not in text
    assert "in a row" not in text


async def test_the_review_arrives_sunday_evening_and_can_be_moved_or_turned_off(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "all done", reply_to=card)
    await harness.reply(runner, "Session done")
    assert harness.app is not None
    job = harness.app.bot_data["reviewer"]
    assert isinstance(job, Reviewer)
    harness.clock.set(SUNDAY_EVENING - timedelta(minutes=1))
    assert await job.tick() == 0
    harness.clock.set(SUNDAY_EVENING)
    harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
    assert await job.tick() == 1
    weekly = await harness.reply(runner, "Your week")
    assert "Sessions: 1 of 2 done · 1 missed" in weekly.text  # Thursday was never logged
    assert "Next week: Tue 1 Dec and Thu 3 Dec, reminders at 19:00." in weekly.text
    assert await job.tick() == 0, "once a week"
    await harness.press(runner, "Review settings", weekly.message_id)
    menu = await harness.reply(runner, "Weekly review: on, Sun at 19:00")
    await harness.press(runner, "Mon", menu.message_id)
    await harness.buttons_show(runner, "✅ Mon")
    await harness.press(runner, "Turn it off", menu.message_id)
    await harness.fake.wait_for_message(
        runner.id, lambda m: m.message_id == menu.message_id and "review: off" in m.text)
    harness.clock.set(SUNDAY_EVENING + timedelta(days=7))
    assert await job.tick() == 0
    await harness.says(runner, "/settings")
    current = await harness.reply(runner, "What would you like to change")
    await harness.press(runner, "Weekly review", current.message_id)
    await harness.reply(runner, "Weekly review: off (would be Mon at 19:00)")


async def test_a_strong_export_sent_as_a_file_is_merged_and_said_so(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/import")
    await harness.reply(runner, "Send me a CSV file")
    harness.fake.send_document(runner, "strong.csv", (SAMPLES / "strong.csv").read_bytes())
    took = await harness.reply(runner, "Imported from Strong")
    assert took.text.split("\n") == [
        "Imported from Strong: 2 sessions, 14 sets.",
        "Skipped: 3 warm-up or empty sets; 1 sets below that day's working weight; "
        "2 sets of exercises I don't coach (Bench Press (Barbell)).",
        "/progress and /history show them now.",
    ]
    await harness.says(runner, "/history")
    page = await harness.reply(runner, "Your sessions")
    assert "Fri 9 Oct (imported)" in page.text


async def test_huge_or_hostile_files_get_a_clear_answer_and_change_nothing(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await log_sessions(harness, runner, ["goblet 3x8 @ 10kg"], START - timedelta(days=2))
    async with harness.services().units() as uow:
        before = await uow.users.row_counts(runner.id)
    files = [
        ("big.csv", b"x" * 10, 5_000_000, "over 1 MB"),  # the size Telegram reports
        ("big.csv", b"date,x\n" + b"1," * 600_000, None, "over 1 MB"),
        ("nul.csv", b"date_utc\x00\x00", None, "doesn't look like a CSV"),
        ("bad.csv", (SAMPLES / "hevy.csv").read_bytes().replace(
            b'"normal",14,8', b'"normal",14,800'), None, "Line 3: reps should be"),
    ]
    for name, data, size, reason in files:
        await harness.says(runner, "/help")  # a marker, so each answer is the next one
        await harness.reply(runner, "Here's what I understand")
        harness.fake.send_document(runner, name, data, file_size=size)
        answer = await harness.reply(runner, "I didn't import anything")
        assert reason in answer.text
    async with harness.services().units() as uow:
        assert await uow.users.row_counts(runner.id) == before

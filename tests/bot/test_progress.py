"""/progress, /history, /export and /import end to end, and new bests in the summary."""

import io
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coach.reports import parse_report
from fakes.telegram_api import ApiCall, FakeUser
from services.sessions import finish, record, start_now
from tests.bot.conftest import START, Harness
from tests.bot.test_flows import onboard, reminder

WEEKS = [  # six sessions: the right leg lags on single-leg deadlifts, goblet goes up
    "sldl L 8 8 8 R 6 6 6 @ 6kg\ngoblet 3x8 @ 8kg\nlunge bw 8 8 8\ncalf skip\nstep bw 6 6 6",
    "sldl L 8 8 8 R 7 6 6 @ 6kg\ngoblet 3x6 @ 10kg\nlunge bw 8 8 8\ncalf 3x6\nstep bw 7 7 7",
    "sldl L 8 8 8 R 8 8 8 @ 6kg\ngoblet 3x7 @ 10kg\nlunge 3x5 @ 6kg\ncalf 3x7\nstep bw 8 8 8",
    "sldl L 8 8 8 R 7 7 6 @ 6kg\ngoblet 3x8 @ 10kg\nlunge 3x6 @ 6kg\ncalf 3x8\nstep 3x5 @ 6",
    "sldl L 8 8 8 R 7 7 7 @ 6kg\ngoblet 3x5 @ 12kg\nlunge 3x7 @ 6kg\ncalf 3x5 @ 4\nstep 3x6 @ 6",
    "sldl L 8 8 8 R 8 7 6 @ 6kg\ngoblet 3x6 @ 12kg\nlunge 3x8 @ 6kg\ncalf 3x6 @ 4\nstep 3x7 @ 6",
]


async def log_sessions(h: Harness, user: FakeUser, reports: list[str],
                       first: datetime, every: timedelta = timedelta(days=3)) -> None:
    """Log finished off-schedule sessions straight through the services."""
    sessions = h.services().units
    for number, text in enumerate(reports):
        now = first + number * every
        view = await sessions.run(start_now, now, user.id)
        parsed = parse_report(text, view.pending)
        assert not parsed.problems
        await sessions.run(record, now, user.id, view.session.id, parsed.lines, None)
        await sessions.run(finish, now, user.id, view.session.id)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def distinct_colours(data: bytes) -> int:
    from matplotlib.image import imread

    pixels = imread(io.BytesIO(data), format="png")
    flat = pixels.reshape(-1, pixels.shape[-1])[::7]
    return len({tuple(p) for p in flat.tolist()})


async def uploaded(h: Harness, method: str, after: int) -> ApiCall:
    return await h.fake.wait_for_call(
        method, lambda c: c.status == 200 and h.fake.calls.index(c) >= after)


async def test_progress_sends_a_chart_photo_and_its_buttons_switch_exercise(
    harness: Harness, runner: FakeUser, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/progress")
    await harness.reply(runner, "Nothing logged yet")
    await log_sessions(harness, runner, WEEKS, START - timedelta(days=20))
    mark = len(harness.fake.calls)
    await harness.says(runner, "/progress")
    photo = await harness.reply(runner, "Last 30 days")
    assert photo.photo is not None
    assert png_size(photo.photo) == (1080, 1080)
    assert distinct_colours(photo.photo) > 20, "a chart, not a blank page"
    path = tmp_path / "progress-sldl.png"
    path.write_bytes(photo.photo)
    with capsys.disabled():
        print(f"\n/progress chart: {path}")
    caption = photo.text.split("\n")
    assert caption[0] == "Last 30 days: 6 sessions · 20 new bests"
    assert caption[1].startswith(
        "Single-leg deadlift: 3×6 @ 6 kg → 8 7 6 @ 6 kg; right leg behind since")
    assert "closing" in caption[1]
    await uploaded(harness, "sendPhoto", mark)
    await harness.press(runner, "Goblet", photo.message_id)
    edited = await harness.fake.wait_for_message(
        runner.id, lambda m: m.message_id == photo.message_id and m.edits == 1)
    assert edited.text.split("\n")[1] == "Goblet squat: 3×8 @ 8 kg → 3×6 @ 12 kg"
    assert "• Goblet" in [label for label, _ in harness.fake.buttons(edited)]
    await harness.press(runner, "In words", photo.message_id)
    words = await harness.reply(runner, "Your progress")
    assert "right leg behind since" in (words.text or "")


async def test_history_pages_through_sessions_with_buttons(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await log_sessions(harness, runner, WEEKS + WEEKS[:1], START - timedelta(days=30))
    await harness.says(runner, "/history")
    first = await harness.reply(runner, "Your sessions · page 1 of 2")
    assert "Single-leg deadlift: L 8 8 8 R 8 7 6 @ 6 kg" in first.text
    assert [label for label, _ in harness.fake.buttons(first)] == ["Older ▶"]
    await harness.press(runner, "Older", first.message_id)
    older = await harness.fake.wait_for_message(
        runner.id, lambda m: m.message_id == first.message_id and "page 2 of 2" in m.text)
    assert "Goblet squat: 8 8 8 @ 8 kg" in older.text
    assert [label for label, _ in harness.fake.buttons(older)] == ["◀ Newer"]
    harness.fake.press_raw(runner, first.message_id, "hs:99x")
    await harness.fake.wait_for_call(
        "answerCallbackQuery", lambda c: "don't know" in str(c.params.get("text")))


async def test_export_sends_a_document_and_importing_it_back_adds_nothing_twice(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/export")
    await harness.reply(runner, "nothing to export")
    await log_sessions(harness, runner, WEEKS[:2], START - timedelta(days=10))
    await harness.says(runner, "/export")
    sent = await harness.reply(runner, "All your sets")
    assert sent.document is not None
    assert sent.filename == "coachbot-sets-2026-11-23.csv"
    rows = sent.document.decode().splitlines()
    assert rows[0].startswith("date_utc,date_local,exercise,set,side,reps,load_kg")
    assert len(rows) - 1 == 2 * (3 * 2 + 3 + 3 + 3) + 3  # sldl per leg, calf skipped once
    harness.fake.send_document(runner, "coachbot-sets.csv", sent.document)
    harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
    again = await harness.reply(runner, "Nothing new")
    assert f"{len(rows) - 1} sets already logged on those days" in again.text
    async with harness.services().units() as uow:
        assert len(await uow.history.logged(runner.id)) == 10  # nine logged, one skip


async def test_a_new_best_is_celebrated_in_the_session_summary_once(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await log_sessions(harness, runner, ["goblet 3x8 @ 10kg\nall skip"],
                       START - timedelta(days=3))
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 8 6 6 @ 12kg\nall skip", reply_to=card)
    done = await harness.reply(runner, "Session done")
    assert "🏆 Goblet squat: new best, 12 kg for 8 (was 10 kg)" in done.text
    harness.clock.advance(timedelta(days=1))  # one session a day: the next is tomorrow's
    await harness.says(runner, "/log")
    card2 = await harness.reply(runner, "Strength session")
    await harness.says(runner, "goblet 8 6 6 @ 12kg\nall skip", reply_to=card2.message_id)
    again = await harness.reply(runner, "Session done")
    assert "🏆" not in again.text

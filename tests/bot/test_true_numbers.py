"""Every number true, end to end: what "all done" stores on a lighter day is what the
runner did, and the summary, /history and /export all say so."""

import csv
import io
from datetime import timedelta

from fakes.telegram_api import FakeUser
from tests.bot.conftest import START, Harness
from tests.bot.test_flows import onboard, reminder
from tests.bot.test_progress import log_sessions

KIT = {0.0, 8.0, 12.0, 16.0}


async def test_heavy_legs_then_all_done_shows_the_trimmed_sets_at_the_real_weight_and_no_record(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    await harness.says(runner, "/equipment dumbbells 8 12 16 kg")
    await harness.reply(runner, "Got it.")
    await harness.says(runner, "/load goblet 16")
    await harness.reply(runner, "16 kg")
    await log_sessions(harness, runner, ["goblet 5 5 5\nall skip"], START - timedelta(days=3))
    card = await reminder(harness, runner)
    await harness.press(runner, "Heavy", card)
    today = (await harness.reply(runner, "Today:")).text or ""
    assert "Goblet squat: 2×6 @ 16 kg" in today
    await harness.says(runner, "all done", reply_to=card)
    saved = (await harness.reply(runner, "Saved:")).text or ""
    assert "Goblet squat: as planned: 6 6 @ 16 kg" in saved
    done = (await harness.reply(runner, "Session done")).text or ""
    assert "🏆" not in done
    await harness.says(runner, "/history")
    history = (await harness.reply(runner, "Your sessions")).text or ""
    assert "Goblet squat: as planned: 6 6 @ 16 kg" in history
    assert "Goblet squat: 5 5 5 @ 16 kg" in history
    await harness.says(runner, "/export")
    sent = await harness.reply(runner, "All your sets")
    assert sent.document is not None
    rows = list(csv.DictReader(io.StringIO(sent.document.decode())))
    goblet = [(row["reps"], row["load_kg"]) for row in rows if row["exercise"] == "goblet_squat"]
    assert goblet == [("5", "16"), ("5", "16"), ("5", "16"), ("6", "16"), ("6", "16")]
    assert {float(row["load_kg"]) for row in rows} <= KIT


async def test_a_pound_runner_sees_pounds_in_history_progress_and_undo(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 3x6 @ 35lb", reply_to=card)
    await harness.reply(runner, "Shall I show all your loads in lb?")
    await harness.press(runner, "Yes, lb")
    await harness.reply(runner, "Loads in lb from now on")
    await harness.says(runner, "sldl 3x6 @ 20 lb", reply_to=card)
    await harness.reply(runner, "Saved")
    await harness.says(runner, "/undo")
    undone = (await harness.reply(runner, "Removed")).text or ""
    assert "Removed Single-leg deadlift: 6 6 6 @ 20 lb." in undone
    await harness.says(runner, "sldl 3x6 @ 20 lb\nall done", reply_to=card)
    await harness.reply(runner, "Session done")
    await harness.says(runner, "/history")
    history = (await harness.reply(runner, "Your sessions")).text or ""
    assert history.index("Single-leg deadlift: 6 6 6 @ 20 lb") < history.index(
        "Goblet squat: 6 6 6 @ 35 lb")  # in session order, as typed, in the runner's unit
    await harness.says(runner, "/progress")
    photo = await harness.reply(runner, "Last 30 days")
    await harness.press(runner, "In words", photo.message_id)
    words = (await harness.reply(runner, "Your progress")).text or ""
    assert "6 6 6 @ 35 lb" in words
    assert " kg" not in words

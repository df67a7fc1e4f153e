"""The session card fits a phone; its details, and buttons that go when they are done."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.session_log import DETAILS, card_text, missed_text, nudge_text, reminder_heading
from coach.exercises import CATALOGUE
from coach.progression import Target
from coach.readiness import Level, Today
from coach.reports import ReportKind, SetsReport
from coach.views import ExerciseView, Profile, SessionInfo, SessionView
from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness
from tests.bot.test_flows import TUESDAY_REMINDER, onboard, reminder

CARD_LINES = 12
DAYS = [Today(), Today(light=True), Today(level=Level.HEAVY), Today(level=Level.SORE),
        Today(light=True, level=Level.HEAVY, pain_today=frozenset({"knee"})),
        Today(level=Level.PAIN, pain_today=frozenset({"achilles"}),
              swapped=frozenset({"achilles", "knee"}))]


def a_view(today: Today, unit: str = "kg") -> SessionView:
    session = SessionInfo(1, 1, "scheduled", date(2026, 2, 10),
                          datetime(2026, 2, 10, 18, tzinfo=UTC), "sent", "open", None)
    profile = Profile(1, 1, "UTC", None, (1,), (), (1,), None, True, True, True, unit=unit)
    items = tuple(ExerciseView(ex, Target(3, 7, 12.5, "pause") if ex.id == "goblet_squat"
                               else Target(3, 8, 0.0), None, None, "welcome back: lighter")
                  for ex in CATALOGUE)
    return SessionView(session, profile, items, today)


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("unit", ["kg", "lb"])
def test_the_card_keeps_to_twelve_lines_whatever_shapes_the_day(today: Today, unit: str) -> None:
    lines = card_text(a_view(today, unit), "Tuesday's session, after your late run").split("\n")
    assert len(lines) <= CARD_LINES - 1  # one to spare for a line the phone wraps
    assert not any("welcome back" in line or "last" in line.lower() for line in lines)


@pytest.mark.parametrize("today", DAYS)
def test_what_a_reminder_sends_never_shows_last_time(today: Today) -> None:
    """The scheduler's batches leave last time out of their views (services/batches.py
    `build_views(last_time=False)`): the card, the missed note and the nudge are the same
    with it and without it."""
    bare = a_view(today)
    last = SetsReport(ReportKind.SETS, (8, 8, 7), load_kg=14.0)
    full = replace(bare, items=tuple(replace(i, last=last) for i in bare.items))
    for render in (lambda v: card_text(v, reminder_heading(v)), missed_text, nudge_text):
        assert render(full) == render(bare)


async def test_the_reminder_card_fits_twelve_lines(harness: Harness, runner: FakeUser) -> None:
    await onboard(harness, runner)
    shown = await reminder(harness, runner)
    card = next(m for m in harness.fake.messages_to(runner.id) if m.message_id == shown)
    text = card.text or ""
    assert len(text.split("\n")) <= CARD_LINES
    assert text.split("\n")[0].endswith(" · about 35 min")  # five exercises, 3×6 at bw
    assert "1. Single-leg deadlift: 3×6 per leg @ body weight" in text
    assert "How are your legs today?" in text
    assert "Hips back" not in text  # the cues are behind Details


async def test_details_show_the_cues_and_last_time(harness: Harness, runner: FakeUser) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.says(runner, "goblet 8 8 7\nall done", reply_to=card)
    await harness.reply(runner, "Session done")
    harness.clock.set(TUESDAY_REMINDER + timedelta(days=2))  # Thursday's reminder
    harness.seen[runner.id] = len(harness.fake.messages_to(runner.id))
    assert (await harness.tick()).sent == 1
    thursday = (await harness.reply(runner, "Strength time")).message_id
    await harness.press(runner, DETAILS, thursday)
    details = (await harness.reply(runner, "in detail")).text or ""
    assert "2. Goblet squat: " in details
    assert "Last time: 8 8 7" in details
    assert "Hips back, chest proud, spine long" in details  # the single-leg deadlift's cue
    shown = next(m for m in harness.fake.messages_to(runner.id) if m.message_id == thursday)
    assert DETAILS not in [label for label, _ in harness.fake.buttons(shown)]
    assert "Log my sets" in [label for label, _ in harness.fake.buttons(shown)]


async def test_an_answered_question_loses_its_buttons(harness: Harness, runner: FakeUser) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    await harness.press(runner, "Log my sets", card)
    first = await harness.reply(runner, "1/5")
    await harness.says(runner, "8 8 7")
    await harness.reply(runner, "2/5")
    await harness.fake.wait_until(lambda: harness.fake.buttons(first) == [] or None)
    await harness.press(runner, "Pain", card)
    where = await harness.reply(runner, "Where does it hurt")
    await harness.press(runner, "Knee", where.message_id)
    await harness.reply(runner, "knee")
    assert harness.fake.buttons(where) == []


async def test_a_new_card_takes_the_buttons_off_the_one_before(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    tuesday = await reminder(harness, runner)
    harness.clock.set(TUESDAY_REMINDER + timedelta(days=2))
    assert (await harness.tick()).sent == 1
    await harness.fake.wait_for_message(runner.id, lambda m: m.message_id > tuesday
                                        and "Strength time" in m.text)
    old = next(m for m in harness.fake.messages_to(runner.id) if m.message_id == tuesday)
    await harness.fake.wait_until(lambda: harness.fake.buttons(old) == [] or None)


async def test_answered_setup_questions_lose_their_buttons(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    for asked in ("Which days do you run hard", "When does your hard run usually end"):
        question = next(m for m in harness.fake.messages_to(runner.id) if asked in m.text)
        assert harness.fake.buttons(question) == [], asked

"""Onboarding answers through the service: one call each, the draft kept between them."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.draft import DRAFT_TTL
from coach.steps import Ask, Done, Ignored, Picked, Shown, Toggled, Typed, Unclear
from coach.timezones import ZoneNotFound
from services.onboarding import NoQuestion, Saved, Welcome
from services.plan import draft_of
from services.runtime import Units
from tests.services.worlds import Chat

MONDAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ANA = 5001


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY)


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


@pytest.fixture
def onboarding(plans: Units, clock: FakeClock) -> Chat:
    return Chat(plans, clock)


async def answer_all(onboarding: Chat) -> Saved:
    await onboarding.start(ANA, ANA)
    for day in (1, 3):
        await onboarding.answer(ANA, ANA, "hard", Toggled(day))
    await onboarding.answer(ANA, ANA, "hard", Done())
    await onboarding.answer(ANA, ANA, None, Typed("18:30"))
    saved = await onboarding.answer(ANA, ANA, None, Typed("Europe/Berlin"))
    assert isinstance(saved, Saved)
    return saved


async def test_start_asks_the_first_question_and_keeps_it_asked(
    onboarding: Chat, plans: Units,
) -> None:
    asked = await onboarding.start(ANA, ANA)
    assert isinstance(asked, Ask)
    assert asked.draft.step == "hard"
    kept = await plans.run(draft_of, MONDAY, ANA)
    assert kept is not None
    assert (kept.step, kept.asked_at) == ("hard", MONDAY)


async def test_every_answer_is_kept_before_the_next_question(
    onboarding: Chat, plans: Units,
) -> None:
    await onboarding.start(ANA, ANA)
    shown = await onboarding.answer(ANA, ANA, "hard", Toggled(1))
    assert isinstance(shown, Shown)
    await onboarding.answer(ANA, ANA, "hard", Toggled(3))
    asked = await onboarding.answer(ANA, ANA, "hard", Done())
    assert isinstance(asked, Ask)
    kept = await plans.run(draft_of, MONDAY, ANA)
    assert kept is not None
    assert (kept.step, kept.hard) == ("time", {1, 3})


async def test_the_last_answer_saves_the_plan_and_drops_the_draft(
    onboarding: Chat, plans: Units,
) -> None:
    saved = await answer_all(onboarding)
    assert saved.overview.profile.session_days == (1, 3)
    assert saved.overview.next_due is not None
    assert await plans.run(draft_of, MONDAY, ANA) is None
    assert isinstance(await onboarding.answer(ANA, ANA, None, Typed("UTC")), NoQuestion)


async def test_a_runner_with_a_plan_is_welcomed_back_with_it(
    onboarding: Chat,
) -> None:
    await answer_all(onboarding)
    welcome = await onboarding.start(ANA, ANA)
    assert isinstance(welcome, Welcome)
    assert welcome.overview.profile.tz == "Europe/Berlin"


async def test_a_zone_not_understood_changes_nothing(
    onboarding: Chat, plans: Units,
) -> None:
    await onboarding.start(ANA, ANA)
    await onboarding.answer(ANA, ANA, "hard", Typed("tue thu"))
    await onboarding.answer(ANA, ANA, "hard", Done())
    await onboarding.answer(ANA, ANA, "time", Picked("18:30"))
    unclear = await onboarding.answer(ANA, ANA, None, Typed("xqzzyq"), "xqzzyq")
    assert isinstance(unclear, Unclear)
    assert isinstance(unclear.problem, ZoneNotFound)
    kept = await plans.run(draft_of, MONDAY, ANA)
    assert kept is not None
    assert (kept.step, kept.tz, kept.run_end) == ("tz", None, time(18, 30))


async def test_an_old_button_is_ignored_and_a_question_left_an_hour_is_closed(
    onboarding: Chat, clock: FakeClock,
) -> None:
    await onboarding.start(ANA, ANA)
    assert isinstance(await onboarding.answer(ANA, ANA, "tz", Picked("UTC")), Ignored)
    clock.advance(DRAFT_TTL + timedelta(seconds=1))
    assert isinstance(await onboarding.answer(ANA, ANA, "hard", Toggled(1)), NoQuestion)

"""/settings and plan changes through the service: one call each, an outcome back."""

from datetime import UTC, datetime, time

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.steps import Ask, Done, Toggled
from coach.week_talk import RanHardToday, RunMoved
from services.onboarding import Saved
from services.plan import Moved, NotOnboarded, delete_user, plan_overview, resume, save_plan
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET
from services.settings import (
    MAX_PAUSE_WEEKS,
    LoadImplausible,
    LoadSet,
    LoadUnclear,
    Refused,
    Switched,
    Today,
    change_setting,
    pause_weeks,
    set_load_text,
    settings_view,
    week_talk,
)
from tests.services.worlds import Chat

MONDAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ANA = 5001


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> Units:
    return Units(factory)


@pytest.fixture
async def account(plans: Units) -> Units:
    await plans.run(save_plan, MONDAY, ANA, ANA, frozenset({1, 3}), frozenset(), time(18, 30),
                    "Europe/Berlin", DEFAULT_OFFSET)
    return plans


async def test_the_switches_flip_progression_and_the_unit(account: Units) -> None:
    auto = await account.run(change_setting, MONDAY, ANA, "auto")
    assert isinstance(auto, Switched)
    assert not auto.profile.auto_progression
    unit = await account.run(change_setting, MONDAY, ANA, "lb")
    assert isinstance(unit, Switched)
    assert (unit.profile.unit, unit.unit_changed) == ("lb", True)
    assert (await account.read(settings_view, ANA)).unit == "lb"
    assert await account.run(change_setting, MONDAY, ANA, "nonsense") is None


async def test_a_settings_question_saves_at_its_first_answer(
    account: Units, plans: Units,
) -> None:
    asked = await account.run(change_setting, MONDAY, ANA, "days")
    assert isinstance(asked, Ask)
    assert (asked.draft.step, asked.draft.single) == ("hard", True)
    onboarding = Chat(plans, FakeClock(MONDAY))
    await onboarding.answer(ANA, ANA, "hard", Toggled(5))
    saved = await onboarding.answer(ANA, ANA, "hard", Done())
    assert isinstance(saved, Saved)
    assert saved.overview.profile.hard_days == (1, 3, 5)


async def test_a_pause_is_one_to_twelve_weeks(account: Units) -> None:
    assert await account.run(pause_weeks, MONDAY, ANA, 0, DEFAULT_OFFSET) is None
    assert await account.run(pause_weeks, MONDAY, ANA, MAX_PAUSE_WEEKS + 1, DEFAULT_OFFSET) is None
    overview = await account.run(pause_weeks, MONDAY, ANA, 2, DEFAULT_OFFSET)
    assert overview is not None
    assert overview.profile.paused_until is not None
    resumed = await account.run(resume, MONDAY, ANA, DEFAULT_OFFSET)
    assert resumed.profile.paused_until is None


async def test_week_talk_offers_today_moves_a_run_or_says_why_not(
    account: Units,
) -> None:
    async def talk(said: RanHardToday | RunMoved) -> Today | Moved | Refused:
        return await account.run(week_talk, MONDAY, ANA, said, DEFAULT_OFFSET)

    assert isinstance(await talk(RanHardToday()), Today)
    assert isinstance(await talk(RunMoved(0)), Today), "Monday is today"
    assert isinstance(await talk(RunMoved(3)), Refused), "a session day"
    moved = await talk(RunMoved(5))
    assert isinstance(moved, Moved)
    assert moved.move.to_date.weekday() == 5


async def test_a_load_is_set_read_in_the_runners_unit_or_questioned(
    account: Units,
) -> None:
    assert isinstance(await account.run(set_load_text, MONDAY, ANA, ["goblet"]), LoadUnclear)
    implausible = await account.run(set_load_text, MONDAY, ANA, ["goblet", "900"])
    assert isinstance(implausible, LoadImplausible)
    done = await account.run(set_load_text, MONDAY, ANA, ["goblet", "16", "kg"])
    assert isinstance(done, LoadSet)
    assert done.target.load_kg == 16


async def test_a_runner_without_a_plan_is_told_so_and_deleting_leaves_nothing(
    account: Units,
) -> None:
    await account.run(delete_user, ANA)
    with pytest.raises(NotOnboarded):
        await account.read(settings_view, ANA)
    with pytest.raises(NotOnboarded):
        await account.run(plan_overview, MONDAY, ANA, DEFAULT_OFFSET)

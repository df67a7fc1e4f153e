"""/settings and plan changes through the service: one call each, an outcome back."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.steps import Ask, Done, Toggled
from coach.week_talk import RanHardToday, RunMoved
from services.onboarding import OnboardingService, Saved
from services.plan import Moved, NotOnboarded, PlanService
from services.settings import (
    MAX_PAUSE_WEEKS,
    LoadImplausible,
    LoadSet,
    LoadUnclear,
    Refused,
    SettingsService,
    Switched,
    Today,
)

MONDAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ANA = 5001


@pytest.fixture
def plans(factory: async_sessionmaker[AsyncSession]) -> PlanService:
    return PlanService(factory, timedelta(minutes=30))


@pytest.fixture
async def account(plans: PlanService) -> SettingsService:
    await plans.save_plan(ANA, ANA, frozenset({1, 3}), frozenset(), time(18, 30),
                          "Europe/Berlin", MONDAY)
    return SettingsService(plans, FakeClock(MONDAY))


async def test_the_switches_flip_progression_and_the_unit(account: SettingsService) -> None:
    auto = await account.change_setting(ANA, "auto")
    assert isinstance(auto, Switched)
    assert not auto.profile.auto_progression
    unit = await account.change_setting(ANA, "lb")
    assert isinstance(unit, Switched)
    assert (unit.profile.unit, unit.unit_changed) == ("lb", True)
    assert (await account.view(ANA)).unit == "lb"
    assert await account.change_setting(ANA, "nonsense") is None


async def test_a_settings_question_saves_at_its_first_answer(
    account: SettingsService, plans: PlanService,
) -> None:
    asked = await account.change_setting(ANA, "days")
    assert isinstance(asked, Ask)
    assert (asked.draft.step, asked.draft.single) == ("hard", True)
    onboarding = OnboardingService(plans, account.clock)
    await onboarding.answer(ANA, ANA, "hard", Toggled(5))
    saved = await onboarding.answer(ANA, ANA, "hard", Done())
    assert isinstance(saved, Saved)
    assert saved.overview.profile.hard_days == (1, 3, 5)


async def test_a_pause_is_one_to_twelve_weeks(account: SettingsService) -> None:
    assert await account.pause(ANA, 0) is None
    assert await account.pause(ANA, MAX_PAUSE_WEEKS + 1) is None
    overview = await account.pause(ANA, 2)
    assert overview is not None
    assert overview.profile.paused_until is not None
    resumed = await account.resume(ANA)
    assert resumed.profile.paused_until is None


async def test_week_talk_offers_today_moves_a_run_or_says_why_not(
    account: SettingsService,
) -> None:
    assert isinstance(await account.week_talk(ANA, RanHardToday()), Today)
    assert isinstance(await account.week_talk(ANA, RunMoved(0)), Today), "Monday is today"
    assert isinstance(await account.week_talk(ANA, RunMoved(3)), Refused), "a session day"
    moved = await account.week_talk(ANA, RunMoved(5))
    assert isinstance(moved, Moved)
    assert moved.move.to_date.weekday() == 5


async def test_a_load_is_set_read_in_the_runners_unit_or_questioned(
    account: SettingsService,
) -> None:
    assert isinstance(await account.set_load(ANA, ["goblet"]), LoadUnclear)
    assert isinstance(await account.set_load(ANA, ["goblet", "900"]), LoadImplausible)
    done = await account.set_load(ANA, ["goblet", "16", "kg"])
    assert isinstance(done, LoadSet)
    assert done.target.load_kg == 16


async def test_a_runner_without_a_plan_is_told_so_and_deleting_leaves_nothing(
    account: SettingsService,
) -> None:
    await account.delete_user(ANA)
    with pytest.raises(NotOnboarded):
        await account.view(ANA)
    with pytest.raises(NotOnboarded):
        await account.plan_view(ANA)

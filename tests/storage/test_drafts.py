"""Onboarding drafts live in the database: kept between answers, dropped when done or stale."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.draft import DRAFT_TTL, Draft
from services.plan import PlanService

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ANA = 5001


@pytest.fixture
async def plans(factory: async_sessionmaker[AsyncSession]) -> PlanService:
    service = PlanService(factory, timedelta(minutes=30))
    await service.register(ANA, ANA, NOW)
    return service


async def test_a_draft_comes_back_exactly_as_it_was_kept(plans: PlanService) -> None:
    draft = Draft(step="tz", hard={1, 3}, cross={5}, run_end=time(18, 30),
                  tz="Europe/Berlin", single=True, asked_at=NOW)
    await plans.keep_draft(ANA, draft)
    assert await plans.draft(ANA, NOW) == draft


async def test_keeping_a_draft_again_replaces_it(plans: PlanService) -> None:
    await plans.keep_draft(ANA, Draft(step="hard", hard={0}, asked_at=NOW))
    await plans.keep_draft(ANA, Draft(step="time", hard={0, 2}, asked_at=NOW))
    assert await plans.draft(ANA, NOW) == Draft(step="time", hard={0, 2}, asked_at=NOW)


async def test_a_question_left_longer_than_the_ttl_is_dropped(plans: PlanService) -> None:
    await plans.keep_draft(ANA, Draft(step="time", asked_at=NOW))
    assert await plans.draft(ANA, NOW + DRAFT_TTL) is not None
    assert await plans.draft(ANA, NOW + DRAFT_TTL + timedelta(seconds=1)) is None
    assert await plans.draft(ANA, NOW) is None, "a dropped draft stays dropped"


async def test_saving_the_plan_drops_the_draft(plans: PlanService) -> None:
    draft = Draft(step="tz", hard={1, 3}, run_end=time(18, 30), tz="UTC", asked_at=NOW)
    await plans.keep_draft(ANA, draft)
    await plans.save_plan(ANA, ANA, frozenset(draft.hard), frozenset(), time(18, 30), "UTC",
                          NOW)
    assert await plans.draft(ANA, NOW) is None


async def test_the_sweep_drops_only_drafts_left_unanswered_past_the_ttl(
    plans: PlanService,
) -> None:
    other = ANA + 1
    await plans.register(other, other, NOW)
    await plans.keep_draft(ANA, Draft(step="time", asked_at=NOW))
    await plans.keep_draft(other, Draft(step="tz", asked_at=NOW + timedelta(minutes=30)))
    assert await plans.drop_stale_drafts(NOW + DRAFT_TTL) == 0
    assert await plans.drop_stale_drafts(NOW + DRAFT_TTL + timedelta(minutes=1)) == 1
    assert await plans.draft(ANA, NOW) is None
    assert await plans.draft(other, NOW + timedelta(minutes=30)) is not None

"""Onboarding drafts live in the database: kept between answers, dropped when done or stale."""

from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.draft import DRAFT_TTL, Draft
from services.plan import draft_of, drop_stale_drafts, keep_draft, register, save_plan
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
ANA = 5001


@pytest.fixture
async def plans(factory: async_sessionmaker[AsyncSession]) -> Units:
    service = Units(factory)
    await service.run(register, NOW, ANA, ANA, DEFAULT_OFFSET)
    return service


async def test_a_draft_comes_back_exactly_as_it_was_kept(plans: Units) -> None:
    draft = Draft(step="tz", hard={1, 3}, cross={5}, run_end=time(18, 30),
                  tz="Europe/Berlin", single=True, asked_at=NOW)
    await plans.run(keep_draft, ANA, draft)
    assert await plans.run(draft_of, NOW, ANA) == draft


async def test_keeping_a_draft_again_replaces_it(plans: Units) -> None:
    await plans.run(keep_draft, ANA, Draft(step="hard", hard={0}, asked_at=NOW))
    await plans.run(keep_draft, ANA, Draft(step="time", hard={0, 2}, asked_at=NOW))
    assert await plans.run(draft_of, NOW, ANA) == Draft(step="time", hard={0, 2}, asked_at=NOW)


async def test_a_question_left_longer_than_the_ttl_is_dropped(plans: Units) -> None:
    await plans.run(keep_draft, ANA, Draft(step="time", asked_at=NOW))
    assert await plans.run(draft_of, NOW + DRAFT_TTL, ANA) is not None
    assert await plans.run(draft_of, NOW + DRAFT_TTL + timedelta(seconds=1), ANA) is None
    assert await plans.run(draft_of, NOW, ANA) is None, "a dropped draft stays dropped"


async def test_saving_the_plan_drops_the_draft(plans: Units) -> None:
    draft = Draft(step="tz", hard={1, 3}, run_end=time(18, 30), tz="UTC", asked_at=NOW)
    await plans.run(keep_draft, ANA, draft)
    await plans.run(save_plan, NOW, ANA, ANA, frozenset(draft.hard), frozenset(), time(18, 30),
                    "UTC", DEFAULT_OFFSET)
    assert await plans.run(draft_of, NOW, ANA) is None


async def test_the_sweep_drops_only_drafts_left_unanswered_past_the_ttl(
    plans: Units,
) -> None:
    other = ANA + 1
    await plans.run(register, NOW, other, other, DEFAULT_OFFSET)
    await plans.run(keep_draft, ANA, Draft(step="time", asked_at=NOW))
    await plans.run(keep_draft, other, Draft(step="tz", asked_at=NOW + timedelta(minutes=30)))
    assert await plans.run(drop_stale_drafts, NOW + DRAFT_TTL) == 0
    assert await plans.run(drop_stale_drafts, NOW + DRAFT_TTL + timedelta(minutes=1)) == 1
    assert await plans.run(draft_of, NOW, ANA) is None
    assert await plans.run(draft_of, NOW + timedelta(minutes=30), other) is not None

"""Onboarding and /settings questions: one answer in, one transaction, one outcome out.

The steps are declared in coach/steps.py; this module keeps the draft, saves the plan when
the last answer is in, and returns what the bot should say (it never words anything).
"""

from dataclasses import dataclass, replace
from datetime import datetime

from coach.clock import Clock
from coach.draft import Draft
from coach.plan import NotEnoughDays
from coach.steps import (
    FIRST,
    NEED_TWO,
    Answer,
    Ask,
    Ignored,
    Save,
    Shown,
    Unclear,
    missing,
    take,
)
from services.plan import PlanService
from services.schedule import PlanOverview
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Saved:
    """The plan is saved; `noted` names the step whose answer to confirm (from `draft`)."""

    overview: PlanOverview
    draft: Draft
    noted: str | None = None


@dataclass(frozen=True)
class Welcome:
    """/start from a runner who has a plan: show it."""

    overview: PlanOverview


@dataclass(frozen=True)
class NoQuestion:
    """No question is open (never asked, answered, or left past its hour)."""


Outcome = Ask | Shown | Unclear | Ignored | Saved | NoQuestion


class OnboardingService:
    """/start and the answers to its questions (and to /settings' questions)."""

    def __init__(self, plans: PlanService, clock: Clock) -> None:
        self.plans = plans
        self.clock = clock

    async def start(self, user_id: int, chat_id: int,
                    language: str | None = None) -> Welcome | Ask:
        """Register the runner (keeping `language` unless one was chosen before); a
        newcomer is asked the first question."""
        now = self.clock.now()
        async with self.plans.uow() as uow:
            profile = await self.plans.register_in(uow, user_id, chat_id, now)
            if language is not None:
                await uow.users.adopt_language(user_id, language)
            if profile.onboarded:
                return Welcome(await self.plans.overview_in(uow, user_id, now))
            return await _ask(uow, user_id, Ask(Draft(step=FIRST)), now)

    async def answer(self, user_id: int, chat_id: int, step: str | None, answer: Answer,
                     text: str = "") -> Outcome:
        """Take an answer to `step` (None: the question open now)."""
        async with self.plans.uow() as uow:
            return await answer_onboarding(uow, self.plans, self.clock.now(), user_id,
                                           chat_id, step, answer, text)


async def answer_onboarding(uow: UnitOfWork, plans: PlanService, now: datetime, user_id: int,
                            chat_id: int, step: str | None, answer: Answer,
                            text: str = "") -> Outcome:
    """One answer, inside the caller's unit of work (so a text intent stays one transaction)."""
    draft = await plans.draft_in(uow, user_id, now)
    if draft is None:
        return NoQuestion()
    return await answer_draft(uow, plans, now, user_id, chat_id, draft, step, answer, text)


async def answer_draft(uow: UnitOfWork, plans: PlanService, now: datetime, user_id: int,
                       chat_id: int, draft: Draft, step: str | None, answer: Answer,
                       text: str = "") -> Ask | Shown | Unclear | Ignored | Saved:
    """One answer to the draft read already (and not expired)."""
    route = take(draft, step or draft.step, answer, text)
    if isinstance(route, Ask):
        return await _ask(uow, user_id, route, now)
    if isinstance(route, Shown):
        await uow.drafts.put(user_id, route.draft)
    if isinstance(route, Save):
        return await _save(uow, plans, now, user_id, chat_id, route)
    return route


async def _ask(uow: UnitOfWork, user_id: int, ask: Ask, now: datetime) -> Ask:
    """Store the draft at the question first: what the runner sees, a restart remembers."""
    draft = replace(ask.draft, asked_at=now)
    await uow.drafts.put(user_id, draft)
    return replace(ask, draft=draft)


async def _save(uow: UnitOfWork, plans: PlanService, now: datetime, user_id: int,
                chat_id: int, save: Save) -> Ask | Saved:
    draft = save.draft
    lacking = missing(draft)
    if lacking is not None:
        return await _ask(uow, user_id, Ask(replace(draft, step=lacking)), now)
    assert draft.run_end is not None
    assert draft.tz is not None
    try:
        overview = await plans.save_plan_in(uow, user_id, chat_id, frozenset(draft.hard),
                                            frozenset(draft.cross), draft.run_end, draft.tz,
                                            now)
    except NotEnoughDays:
        again = Ask(replace(draft, step=NEED_TWO.step), NEED_TWO.note, NEED_TWO.replaces)
        return await _ask(uow, user_id, again, now)
    return Saved(overview, draft, save.noted)

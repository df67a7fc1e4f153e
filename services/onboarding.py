"""Onboarding and /settings questions: one answer in, one transaction, one outcome out.

The steps are declared in coach/steps.py; this module keeps the draft, saves the plan when
the last answer is in, and returns what the bot should say (it never words anything).
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

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
from services.plan import draft_of, plan_overview, register, save_plan
from services.schedule import PlanOverview
from services.uow import UnitOfWork


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


async def start_onboarding(uow: UnitOfWork, now: datetime, user_id: int, chat_id: int,
                           offset: timedelta, language: str | None = None) -> Welcome | Ask:
    """/start: register the runner (keeping `language` unless one was chosen before); a
    newcomer is asked the first question."""
    profile = await register(uow, now, user_id, chat_id, offset)
    if language is not None:
        await uow.users.adopt_language(user_id, language)
    if profile.onboarded:
        return Welcome(await plan_overview(uow, now, user_id, offset))
    return await _ask(uow, user_id, Ask(Draft(step=FIRST)), now)


async def answer_onboarding(uow: UnitOfWork, now: datetime, user_id: int, chat_id: int,
                            step: str | None, answer: Answer, text: str = "", *,
                            offset: timedelta) -> Outcome:
    """An answer to `step` (None: the question open now)."""
    draft = await draft_of(uow, now, user_id)
    if draft is None:
        return NoQuestion()
    return await answer_draft(uow, now, user_id, chat_id, draft, step, answer, text,
                              offset=offset)


async def answer_draft(uow: UnitOfWork, now: datetime, user_id: int, chat_id: int,
                       draft: Draft, step: str | None, answer: Answer, text: str = "", *,
                       offset: timedelta) -> Ask | Shown | Unclear | Ignored | Saved:
    """One answer to the draft read already (and not expired)."""
    route = take(draft, step or draft.step, answer, text)
    if isinstance(route, Ask):
        return await _ask(uow, user_id, route, now)
    if isinstance(route, Shown):
        await uow.drafts.put(user_id, route.draft)
    if isinstance(route, Save):
        return await _save(uow, now, user_id, chat_id, route, offset)
    return route


async def _ask(uow: UnitOfWork, user_id: int, ask: Ask, now: datetime) -> Ask:
    """Store the draft at the question first: what the runner sees, a restart remembers."""
    draft = replace(ask.draft, asked_at=now)
    await uow.drafts.put(user_id, draft)
    return replace(ask, draft=draft)


async def _save(uow: UnitOfWork, now: datetime, user_id: int, chat_id: int, save: Save,
                offset: timedelta) -> Ask | Saved:
    draft = save.draft
    lacking = missing(draft)
    if lacking is not None:
        return await _ask(uow, user_id, Ask(replace(draft, step=lacking)), now)
    assert draft.run_end is not None
    assert draft.tz is not None
    try:
        overview = await save_plan(uow, now, user_id, chat_id, frozenset(draft.hard),
                                   frozenset(draft.cross), draft.run_end, draft.tz, offset)
    except NotEnoughDays:
        again = Ask(replace(draft, step=NEED_TWO.step), NEED_TWO.note, NEED_TWO.replaces)
        return await _ask(uow, user_id, again, now)
    return Saved(overview, draft, save.noted)

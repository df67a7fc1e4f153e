"""What progression needs from storage, read in the caller's transaction.

`context_for` gathers the runner's kit, unit and the exercise's recent outcomes for
`coach.progression.decide` when a session closes; `planned_targets` applies the one
decision made when a session opens: back after a break, it starts a little lighter.
"""

from datetime import date
from enum import Enum

from coach.equipment import GYM
from coach.exercises import CATALOGUE
from coach.progression import BREAK_DAYS, Change, Context, Target, decide, initial_target
from coach.sides import Pair
from services.uow import UnitOfWork
from storage.records import Entry, Profile, SessionInfo, SessionView


class Unread(Enum):
    """`last_done` not read by the caller yet."""

    TOKEN = 0


UNREAD = Unread.TOKEN


async def context_for(uow: UnitOfWork, profile: Profile, session: SessionInfo,
                      exercise_id: str, entry: Entry | None = None) -> Context:
    """Kit, unit, the exercise's outcomes before this session and today's legs, for
    `decide`."""
    repo = uow.coaching
    kit = await repo.equipment(profile.user_id) or GYM
    history = await repo.outcomes(profile.user_id, exercise_id, session.id,
                                  session.session_date)
    return Context(kit, profile.unit, history, None, _legs(entry), session.session_date)


async def planned_targets(uow: UnitOfWork, profile: Profile, session: SessionInfo,
                          last_done: date | Unread | None = UNREAD
                          ) -> tuple[dict[str, Target], dict[str, str]]:
    """Each exercise's target for this session and, where it differs from the stored one,
    why (back after ten or more days away: a little lighter, and it says so). `last_done`:
    the runner's last finished session day before it, when the caller has read it."""
    targets = await uow.targets.all_for(profile.user_id)
    context = await away_context(uow, profile, session, last_done)
    if context is None:
        return targets, {}
    reasons: dict[str, str] = {}
    for exercise in CATALOGUE:
        stored = targets.get(exercise.id, initial_target())
        decision = decide(exercise, stored, (), None, context)
        if decision.change is Change.COMEBACK:
            targets[exercise.id] = decision.target
            reasons[exercise.id] = decision.why
    return targets, reasons


async def away_context(uow: UnitOfWork, profile: Profile, session: SessionInfo,
                       last_done: date | Unread | None = UNREAD) -> Context | None:
    """The context of a session opened after days away (None: no session done before)."""
    repo = uow.coaching
    last = (await repo.last_done_before(profile.user_id, session.id, session.session_date)
            if isinstance(last_done, Unread) else last_done)
    if last is None or (session.session_date - last).days < BREAK_DAYS:
        return None  # the rules change nothing: no need to read the kit
    kit = await repo.equipment(profile.user_id) or GYM
    return Context(kit, profile.unit, days_away=(session.session_date - last).days)


async def contexts_for(uow: UnitOfWork, view: SessionView) -> dict[str, Context]:
    """The context of every exercise logged in the session, in two queries."""
    profile, session = view.profile, view.session
    repo = uow.coaching
    kit = await repo.equipment(profile.user_id) or GYM
    history = await repo.recent_outcomes(profile.user_id, session.id, session.session_date)
    return {item.exercise.id: Context(kit, profile.unit, history.get(item.exercise.id, ()),
                                      None, _legs(item.logged), session.session_date)
            for item in view.items if item.logged is not None}


def _legs(entry: Entry | None) -> Pair | None:
    if entry is not None and entry.report.left and entry.report.right:
        return (entry.report.left, entry.report.right)
    return None

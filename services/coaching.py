"""What progression needs from storage, read in the caller's transaction.

`context_for` gathers the runner's kit, unit and the exercise's recent outcomes for
`coach.progression.decide` when a session closes; `planned_targets` applies the one
decision made when a session opens: back after a break, it starts a little lighter;
`back_after_pain` sets the graded return of the exercises an area fine again brings back.
"""

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from enum import Enum

from coach.comeback import after_pain, lifted
from coach.equipment import GYM, Equipment
from coach.exercises import CATALOGUE
from coach.pain import loaded_by
from coach.progression import (
    BREAK_DAYS,
    MIN_REPS,
    Change,
    Context,
    Outcome,
    Target,
    decide,
    initial_target,
    step_kg,
)
from coach.races import Race
from coach.session_life import fit_day
from coach.sides import Pair
from coach.taper import days_away
from coach.views import Entry, Profile, SessionInfo, SessionView
from services.uow import UnitOfWork


class Unread(Enum):
    """`last_done` not read by the caller yet."""

    TOKEN = 0


UNREAD = Unread.TOKEN
LIFTED_SEEN = 3  # outcomes per exercise a comeback looks back at (coach.comeback.lifted)


async def context_for(uow: UnitOfWork, profile: Profile, session: SessionInfo,
                      exercise_id: str, entry: Entry | None = None) -> Context:
    """Kit, unit, the exercise's outcomes before this session, today's legs and how
    hard the session felt, for `decide`."""
    repo = uow.coaching
    kit = await repo.equipment(profile.user_id) or GYM
    history = await repo.outcomes(profile.user_id, exercise_id, session.id,
                                  session.session_date)
    return Context(kit, profile.unit, history, None, _legs(entry), session.session_date,
                   effort=session.effort)


async def planned_targets(uow: UnitOfWork, profile: Profile, session: SessionInfo,
                          last_done: date | Unread | None = UNREAD,
                          known: dict[str, Target] | None = None,
                          races: Sequence[Race] = ()
                          ) -> tuple[dict[str, Target], dict[str, str]]:
    """Each exercise's target for this session and, where it differs from the stored one,
    why (back after ten or more days away: a little lighter, and it says so). `last_done`:
    the runner's last finished session day before it, and `known` the stored targets,
    when the caller has read them; `races`: the races around it (their taper and recovery
    are no break)."""
    targets = (dict(known) if known is not None
               else await uow.targets.all_for(profile.user_id))
    context = await away_context(uow, profile, session, last_done, races)
    if context is None:
        return targets, {}
    before = await uow.coaching.recent_outcomes(profile.user_id, session.id,
                                                session.session_date, LIFTED_SEEN)
    return comeback_targets(targets, context, before)


def comeback_targets(targets: dict[str, Target], context: Context | None,
                     before: Mapping[str, tuple[Outcome, ...]] | None = None
                     ) -> tuple[dict[str, Target], dict[str, str]]:
    """The stored targets as a session after days away starts them (`context`: the away
    context, None when the runner was not away; `before`: each exercise's last outcomes
    before the break, so a step earned just before it and never lifted waits), fitted to
    about 45 minutes (an easier variant can take longer), and why each changed."""
    if context is None:
        return targets, {}
    targets = dict(targets)
    reasons: dict[str, str] = {}
    for exercise in CATALOGUE:
        stored = targets.get(exercise.id, initial_target())
        history = (before or {}).get(exercise.id, ())
        decision = decide(exercise, stored, (), None, replace(context, history=history))
        if decision.change is Change.COMEBACK:
            targets[exercise.id] = decision.target
            reasons[exercise.id] = decision.why
    if not reasons:
        return targets, reasons
    day, why = fit_day([(exercise.id, targets.get(exercise.id, initial_target()))
                        for exercise in CATALOGUE], reasons)  # an easier variant can be slower
    targets.update((exercise_id, target) for exercise_id, target in day.items()
                   if target != targets.get(exercise_id, initial_target()))
    return targets, why


async def away_context(uow: UnitOfWork, profile: Profile, session: SessionInfo,
                       last_done: date | Unread | None = UNREAD,
                       races: Sequence[Race] = ()) -> Context | None:
    """The context of a session opened after days away (None: no session done before, or
    too few days away that were not a race's taper and recovery)."""
    repo = uow.coaching
    last = (await repo.last_done_before(profile.user_id, session.id, session.session_date)
            if isinstance(last_done, Unread) else last_done)
    if not away(session.session_date, last, races):
        return None  # the rules change nothing: no need to read the kit
    return away_from(profile, session.session_date, last,
                     await repo.equipment(profile.user_id), races)


def away(day: date, last_done: date | None, races: Sequence[Race] = ()) -> bool:
    """Ten or more days since the last finished session, not counting a race's taper and
    recovery (the comeback rule's trigger)."""
    return last_done is not None and days_away(last_done, day, races) >= BREAK_DAYS


def away_from(profile: Profile, day: date, last_done: date | None,
              kit: Equipment | None, races: Sequence[Race] = ()) -> Context | None:
    """The away context from what was read (None: not away)."""
    if last_done is None or not away(day, last_done, races):
        return None
    return Context(kit or GYM, profile.unit, days_away=days_away(last_done, day, races))


async def contexts_for(uow: UnitOfWork, view: SessionView) -> dict[str, Context]:
    """The context of every exercise logged in the session, in two queries."""
    profile, session = view.profile, view.session
    repo = uow.coaching
    kit = await repo.equipment(profile.user_id) or GYM
    history = await repo.recent_outcomes(profile.user_id, session.id, session.session_date)
    return {item.exercise.id: Context(kit, profile.unit, history.get(item.exercise.id, ()),
                                      None, _legs(item.logged), session.session_date,
                                      effort=session.effort)
            for item in view.items if item.logged is not None}


async def back_after_pain(uow: UnitOfWork, profile: Profile, areas: frozenset[str],
                          day: date, now: datetime) -> dict[str, Target]:
    """The exercises the areas' swaps kept out come back gently: fives, no heavier than
    before the pain (coach.comeback.after_pain). Returns the targets it changed."""
    ids = {exercise_id for area in areas for exercise_id in loaded_by(area)}
    if not ids:
        return {}
    kit = await uow.coaching.equipment(profile.user_id) or GYM
    stored = await uow.targets.all_for(profile.user_id)
    changed: dict[str, Target] = {}
    for exercise in (e for e in CATALOGUE if e.id in ids):
        history = await uow.coaching.outcomes(profile.user_id, exercise.id, 0, day, 3)
        last = history[-1].day if history else None
        days = None if last is None else (day - last).days
        current = stored.get(exercise.id, initial_target())
        decision = after_pain(current, Context(kit, profile.unit, history, days_away=days),
                              step_kg(exercise, profile.unit))
        if decision.change is Change.COMEBACK:
            changed[exercise.id] = decision.target
    await uow.targets.put_many(profile.user_id, changed, now)
    return changed


async def no_heavier_after_pain(uow: UnitOfWork, profile: Profile, ids: frozenset[str],
                                day: date, now: datetime) -> dict[str, Target]:
    """Exercises pain leaves out come back no heavier than the load last lifted: a step
    earned just before the pain waits (coach.comeback.lifted). Returns the targets changed."""
    if not ids:
        return {}
    stored = await uow.targets.all_for(profile.user_id)
    changed: dict[str, Target] = {}
    for exercise_id in sorted(ids):
        current = stored.get(exercise_id, initial_target())
        history = await uow.coaching.outcomes(profile.user_id, exercise_id, 0, day, 3)
        load = lifted(current, Context(history=history))
        if load < current.load_kg - 1e-6:
            changed[exercise_id] = Target(current.sets, MIN_REPS, load, current.variant)
    await uow.targets.put_many(profile.user_id, changed, now)
    return changed


def _legs(entry: Entry | None) -> Pair | None:
    if entry is not None and entry.report.left and entry.report.right:
        return (entry.report.left, entry.report.right)
    return None

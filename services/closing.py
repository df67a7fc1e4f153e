"""Closing a session and correcting a closed one: the one place progression is applied.

Closing stamps every logged exercise with the target it was done against (the trail); a
correction of the session closed last (until a newer one opens) recomputes each changed
exercise's next target from that stamp, so targets always equal a replay of the log.
The decisions themselves are `coach.session_life`'s (`close`, `decide`); this module
applies them through the unit of work.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from coach import session_life
from coach.concrete import made_lighter
from coach.exercises import CATALOGUE, Exercise, by_id
from coach.history import Logged, resolve
from coach.period import Phase, cut
from coach.progression import NO_CONTEXT, Change, Context, Decision, Target, initial_target
from coach.readiness import Planned, reshaped, shape
from coach.records import Record, records_against
from coach.views import Entry, SessionInfo, SessionView, Status
from services.coaching import context_for, contexts_for
from services.uow import UnitOfWork


@dataclass(frozen=True)
class Retarget:
    """A next target recomputed after a correction (`before`: what it was until now)."""

    exercise: Exercise
    before: Target
    decision: Decision


def decide(exercise: Exercise, target: Target, entry: Entry,
           context: Context = NO_CONTEXT) -> Decision:
    """Progression for one logged exercise done against `target`."""
    return session_life.decide(exercise, target, entry.report, context)


async def close_session(uow: UnitOfWork, view: SessionView,
                        now: datetime) -> tuple[tuple[Exercise, Decision], ...]:
    """Close the session: done with progression if anything was logged, else skipped."""
    return (await close_stamped(uow, view, now))[0]


async def close_stamped(uow: UnitOfWork, view: SessionView, now: datetime
                        ) -> tuple[tuple[tuple[Exercise, Decision], ...], Mapping[str, Target]]:
    """`close_session`, with the target each logged exercise was stamped as done against."""
    anything = any(item.logged is not None for item in view.items)
    contexts = await contexts_for(uow, view) if anything else {}  # kit, history, legs
    usual = [(item.exercise.id, item.target) for item in view.items]
    shaped = shape(usual, view.today).items
    season = in_season_cuts(usual, shaped, view.today.phase)
    day = {p.exercise_id: p.target for p in shaped}
    logged = [session_life.Logged(item.exercise,
                                  day[item.exercise.id] or item.target
                                  if item.exercise.id in season else item.target,
                                  item.logged.report, contexts[item.exercise.id])
              for item in view.items if item.logged is not None]
    held = reshaped(usual, view.today) - season.keys()
    held |= {item.exercise.id for item in view.items  # logged before the day changed
             if item.logged is not None and item.exercise.id not in season
             and made_lighter(item.logged.day_target, item.target)}
    holds = sum(p.swap is not None for p in shaped)
    closing = session_life.close(logged, view.profile.auto_progression, held, usual, holds,
                                 season)
    await uow.entries.stamp_many(view.session.id, closing.stamps)
    await uow.targets.put_many(view.profile.user_id, closing.targets, now)
    await uow.sessions.mark_closed(view.session.id, Status(closing.status), now)
    return closing.decisions, closing.stamps


def in_season_cuts(usual: list[tuple[str, Target]], shaped: Sequence[Planned],
                   phase: Phase) -> dict[str, Target]:
    """The exercises an in-season week only cut to fewer sets, with their usual targets:
    done against the day's target, judged as the usual one, they still progress
    (coach.session_life.in_season, coach/period.py)."""
    if phase is not Phase.IN_SEASON:
        return {}
    return {exercise_id: target for (exercise_id, target), planned in
            zip(usual, shaped, strict=True)
            if planned.target is not None and planned.swap is None
            and planned.target == cut(target, phase) and planned.target != target}


def _refitted(changes: list[Retarget], current: dict[str, Target]) -> list[Retarget]:
    """The recomputed targets fitted to about 45 minutes with the others, as closing does
    (coach.session_life.fitted)."""
    if not changes:
        return changes
    usual = [(exercise.id, current.get(exercise.id, initial_target())) for exercise in CATALOGUE]
    fitted = session_life.fitted([(c.exercise, c.decision) for c in changes], usual)
    return [Retarget(exercise, current.get(exercise.id, initial_target()), decision)
            for exercise, decision in fitted
            if decision.target != current.get(exercise.id, initial_target())]


async def correctable(uow: UnitOfWork, user_id: int) -> SessionInfo | None:
    """The done session a correction still applies to: closed last, and none open since."""
    if await uow.sessions.latest_open(user_id) is not None:
        return None
    return await latest_done(uow, user_id)


async def latest_done(uow: UnitOfWork, user_id: int) -> SessionInfo | None:
    """The session closed last, if it was done (for a caller that knows none is open)."""
    session = await uow.trail.latest_closed(user_id)
    return session if session is not None and session.status == Status.DONE.value else None


async def retarget(uow: UnitOfWork, user_id: int, session_id: int,
                   before: dict[str, Entry | None], auto: bool,
                   now: datetime) -> tuple[Retarget, ...]:
    """After a closed session's entries changed, recompute the changed exercises' targets.

    `before` maps each changed exercise to its entry before the change (None: it had none).
    """
    after = {e.exercise_id: e for e in await uow.entries.for_session(session_id)}
    current = await uow.targets.all_for(user_id)
    changes: list[Retarget] = []
    stamps: dict[str, Target] = {}
    for exercise_id, old in before.items():
        now_target = current.get(exercise_id, initial_target())
        if old is not None and old.done_against is None:
            continue  # logged before the trail existed: its base is unknown, leave it
        base = now_target if old is None or old.done_against is None else old.done_against
        new = after.get(exercise_id)
        exercise = by_id(exercise_id)
        if new is None:
            decision = Decision(base, Change.NONE)
        else:
            stamps[exercise_id] = base
            profile = await uow.users.get(user_id)
            session = await uow.sessions.get(session_id)
            assert profile is not None
            assert session is not None
            context = await context_for(uow, profile, session, exercise_id, new)
            decision = (session_life.held_decision(base) if made_lighter(new.day_target, base)
                        else decide(exercise, base, new, context))
        if auto and decision.target != now_target:
            changes.append(Retarget(exercise, now_target, decision))
    changes = _refitted(changes, current)
    await uow.entries.stamp_many(session_id, stamps)
    await uow.targets.put_many(user_id, {c.exercise.id: c.decision.target for c in changes},
                               now)
    return tuple(changes)


async def session_bests(uow: UnitOfWork, view: SessionView,
                        stamps: Mapping[str, Target]) -> tuple[Record, ...]:
    """The closed session's new bests against every other session, from the kept bests
    (one short read, however long the history): `coach.records.new_bests` of the log."""
    entries = sorted((item.logged for item in view.items if item.logged is not None),
                     key=lambda entry: (entry.created_at, entry.id))
    session = view.session
    mine = resolve(Logged(session.id, session.session_date, entry.created_at,
                          entry.exercise_id, entry.report, entry.day_target,
                          stamps.get(entry.exercise_id, entry.done_against))
                   for entry in entries)
    if not mine:
        return ()
    bests = await uow.history.bests(view.profile.user_id, session.id,
                                    [(done.exercise_id, done.load_kg) for done in mine])
    return tuple(records_against(bests, mine))

"""Closing a session and correcting a closed one: the one place progression is applied.

Closing stamps every logged exercise with the target it was done against (the trail); a
correction of the session closed last (until a newer one opens) recomputes each changed
exercise's next target from that stamp, so targets always equal a replay of the log.
"""

from dataclasses import dataclass
from datetime import datetime

from coach.exercises import Exercise, by_id
from coach.progression import Change, Context, Decision, Target
from coach.progression import decide as coach_decide
from coach.reports import ReportKind
from services.coaching import context_for, contexts_for
from storage.models import Status
from storage.records import Entry, ExerciseView, SessionInfo, SessionView
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class Retarget:
    """A next target recomputed after a correction (`before`: what it was until now)."""

    exercise: Exercise
    before: Target
    decision: Decision


def decide(exercise: Exercise, target: Target, entry: Entry, context: Context) -> Decision:
    """Progression for one logged exercise done against `target` (coach.progression.decide)."""
    report = entry.report
    if report.kind is ReportKind.AS_PLANNED:
        load = target.load_kg if report.load_kg is None else report.load_kg
        return coach_decide(exercise, target, (target.reps,) * target.sets, load, context)
    return coach_decide(exercise, target, report.reps, report.load_kg, context)


async def close_session(uow: UnitOfWork, view: SessionView,
                        now: datetime) -> tuple[tuple[Exercise, Decision], ...]:
    """Close the session: done with progression if anything was logged, else skipped."""
    logged = [item for item in view.items if item.logged is not None]
    contexts = await contexts_for(uow, view) if logged else {}  # coaching: kit, history, legs
    decisions = tuple((item.exercise, _apply(item, contexts[item.exercise.id]))
                      for item in logged)
    for item, (exercise, decision) in zip(logged, decisions, strict=True):
        await uow.trail.stamp(view.session.id, exercise.id, item.target)
        if view.profile.auto_progression:
            await uow.targets.put(view.profile.user_id, exercise.id, decision.target, now)
    status = Status.DONE if logged else Status.SKIPPED
    await uow.sessions.set_state(view.session.id, status=status.value, closed_at=now)
    return decisions


def _apply(item: ExerciseView, context: Context) -> Decision:
    assert item.logged is not None
    return decide(item.exercise, item.target, item.logged, context)


async def correctable(uow: UnitOfWork, user_id: int) -> SessionInfo | None:
    """The done session a correction still applies to: closed last, and none open since."""
    if await uow.sessions.latest_open(user_id) is not None:
        return None
    session = await uow.trail.latest_closed(user_id)
    return session if session is not None and session.status == Status.DONE.value else None


async def retarget(uow: UnitOfWork, user_id: int, session_id: int,
                   before: dict[str, Entry | None], auto: bool,
                   now: datetime) -> tuple[Retarget, ...]:
    """After a closed session's entries changed, recompute the changed exercises' targets.

    `before` maps each changed exercise to its entry before the change (None: it had none).
    """
    after = {e.exercise_id: e for e in await uow.entries.for_session(session_id)}
    changes: list[Retarget] = []
    for exercise_id, old in before.items():
        current = await uow.targets.get(user_id, exercise_id)
        if old is not None and old.done_against is None:
            continue  # logged before the trail existed: its base is unknown, leave it
        base = current if old is None or old.done_against is None else old.done_against
        new = after.get(exercise_id)
        exercise = by_id(exercise_id)
        if new is None:
            decision = Decision(base, Change.NONE)
        else:
            await uow.trail.stamp(session_id, exercise_id, base)
            profile = await uow.users.get(user_id)  # coaching: the context of the decision
            session = await uow.sessions.get(session_id)
            assert profile is not None
            assert session is not None
            context = await context_for(uow, profile, session, exercise_id, new)
            decision = decide(exercise, base, new, context)
        if auto and decision.target != current:
            await uow.targets.put(user_id, exercise_id, decision.target, now)
            changes.append(Retarget(exercise, current, decision))
    return tuple(changes)

"""A session's life, as a pure model: its states, and the transitions between them.

A session row carries two columns: `delivery` (where its reminder stands) and `status`
(where it stands from the runner's side). `life_of` folds them into one state:

    due ─claim─▶ claimed ─send─▶ sent/open ─report─▶ open ─close─▶ done | skipped
       ╰────────────── missed (late note) / failed (gave up) ─────────╯

Every transition here is a function of plain values that returns the new columns and the
effects it asks for (targets decided, the next session to plan); services apply them.
"Is this session closed?" is decided here (`is_closed`) and nowhere else, and progression
is applied here (`close`), calling `coach.progression.next_target`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from coach import duration
from coach.exercises import Exercise, by_id
from coach.progression import NO_CONTEXT, TOP_SETS, Change, Context, Decision, Target
from coach.progression import decide as progression_decide
from coach.sets import ReportKind, SetsReport
from i18n import _

# Column values, as storage keeps them (storage.models Status and Delivery).
OPEN, DONE, SKIPPED, PLANNED = "open", "done", "skipped", "planned"
DUE, CANCELLED = "due", "cancelled"
CLOSED_STATUSES = frozenset({DONE, SKIPPED})


class Life(StrEnum):
    """Where a session stands, both sides taken together."""

    DUE = "due"  # planned, its reminder not sent yet (or snoozed)
    CLAIMED = "claimed"  # a sender is delivering the reminder now
    SENT = "sent"  # reminded, nothing logged yet
    OPEN = "open"  # the runner is logging into it
    DONE = "done"
    SKIPPED = "skipped"
    MISSED = "missed"  # the reminder came too late; a missed note went instead
    FAILED = "failed"  # the reminder never got through
    CANCELLED = "cancelled"  # planned, then dropped (plan changed, user gone)


_PLANNED_LIFE = {"due": Life.DUE, "claimed": Life.CLAIMED, "sent": Life.SENT,
                 "missed": Life.MISSED, "failed": Life.FAILED, "cancelled": Life.CANCELLED,
                 "none": Life.DUE}


class SessionClosed(RuntimeError):
    """The session was already finished or skipped."""


def is_closed(status: str) -> bool:
    """The one answer to "is this session closed?": done or skipped."""
    return status in CLOSED_STATUSES


def life_of(delivery: str, status: str) -> Life:
    """One state from a row's delivery and status columns."""
    if is_closed(status):
        return Life(status)
    if status == OPEN:
        return Life.MISSED if delivery == "missed" else Life.OPEN
    return _PLANNED_LIFE.get(delivery, Life.DUE)


def accepts_reports(status: str) -> bool:
    """Reports go into any session that is not closed (a report opens a planned one)."""
    return not is_closed(status)


@dataclass(frozen=True)
class Move:
    """New column values for a session row (None: unchanged) and whether to plan ahead."""

    status: str | None = None
    delivery: str | None = None
    due_at: datetime | None = None
    plan_next: bool = False


def report(status: str) -> Move:
    """A report arrives: a planned session opens; a closed one refuses it."""
    if is_closed(status):
        raise SessionClosed(status)
    return Move(status=OPEN) if status == PLANNED else Move()


def skip(status: str, delivery: str) -> Move:
    """The runner lets the session go: skipped; a reminder not sent yet is cancelled."""
    if is_closed(status):
        raise SessionClosed(status)
    return Move(status=SKIPPED, delivery=CANCELLED if delivery == DUE else delivery,
                plan_next=True)


def snooze(status: str, now: datetime, delay: timedelta) -> Move:
    """Remind again after `delay`; a planned session opens, as a report would open it."""
    opened = report(status)
    return Move(status=opened.status, delivery=DUE, due_at=now + delay)


def decide(exercise: Exercise, target: Target, sets: SetsReport,
           context: Context = NO_CONTEXT) -> Decision:
    """Progression for one logged exercise done against `target` (coach.progression.decide):
    "as planned" counts as every set at the target's reps and load."""
    if sets.kind is ReportKind.AS_PLANNED:
        load = target.load_kg if sets.load_kg is None else sets.load_kg
        return progression_decide(exercise, target, (target.reps,) * target.sets, load,
                                  context)
    return progression_decide(exercise, target, sets.reps, sets.load_kg, context)


@dataclass(frozen=True)
class Logged:
    """One exercise of a session at close: the target it was done against, what was done."""

    exercise: Exercise
    target: Target
    sets: SetsReport
    context: Context = NO_CONTEXT  # kit, unit, the exercise's recent history, today's legs


@dataclass(frozen=True)
class Closing:
    """What closing a session decides: its status, each exercise's decision, new targets.

    `stamps`: the target each logged exercise was done against (kept for corrections).
    `targets`: the next targets to store (empty when auto progression is off).
    """

    status: str
    decisions: tuple[tuple[Exercise, Decision], ...]
    stamps: Mapping[str, Target]
    targets: Mapping[str, Target]


def close(logged: Sequence[Logged], auto_progression: bool,
          held: frozenset[str] = frozenset(),
          usual: Sequence[tuple[str, Target]] = (), holds: int = 0,
          season: Mapping[str, Target] = {}) -> Closing:
    """Close a session: done with progression if anything was logged, else skipped.
    Exercises in `held` were done lighter than usual today (sore, heavy legs, race week):
    their targets stay as they were. `usual`: every exercise's target this session, in
    session order; with auto progression the next targets are fitted to about 45 minutes
    (coach/duration.py), and a trimmed exercise's decision says so."""
    decisions = tuple((item.exercise, held_decision(item.target) if item.exercise.id in held
                       else decide(item.exercise, *in_season(item, season.get(item.exercise.id)),
                                   item.context))
                      for item in logged)
    if auto_progression and usual and logged:
        decisions = fitted(decisions, usual, holds)
    stamps = {item.exercise.id: item.target for item in logged}
    targets = ({exercise.id: decision.target for exercise, decision in decisions}
               if auto_progression else {})
    return Closing(DONE if logged else SKIPPED, decisions, stamps, targets)


def in_season(item: Logged, usual: Target | None) -> tuple[Target, SetsReport]:
    """What an exercise is judged on: its target and report; in season (`usual`: its
    usual target, the day's had fewer sets) every set done at the top counts as the usual
    sets at the top, so loads still rise and the usual sets stay (coach/period.py)."""
    reps = item.sets.reps
    if usual is None:
        return item.target, item.sets
    if item.sets.kind is not ReportKind.SETS or len(reps) < item.target.sets:
        return usual, item.sets
    padded = (*reps, *(min(reps),) * max(0, usual.sets - len(reps)))
    return usual, SetsReport(ReportKind.SETS, padded, load_kg=item.sets.load_kg)


def fitted(decisions: Sequence[tuple[Exercise, Decision]],
           usual: Sequence[tuple[str, Target]], holds: int = 0
           ) -> tuple[tuple[Exercise, Decision], ...]:
    """The decisions with the next session fitted to about 45 minutes, from the untrimmed
    sets (coach.duration.fit, `usual`): a trimmed exercise's target has fewer sets and its
    reason says why, one with room again gets its sets back; an exercise not logged today
    whose sets change gets a decision of its own. Four-set targets (a bridge before a big
    step, the top of the ladder) go last. `holds`: swapped-in holds the session carries."""
    decided = {exercise.id: (exercise, decision) for exercise, decision in decisions}
    next_ = [(exercise_id, decided[exercise_id][1].target if exercise_id in decided
              else target) for exercise_id, target in usual]
    ahead = [(exercise_id, duration.usual(target)) for exercise_id, target in next_]
    keep = frozenset(exercise_id for exercise_id, target in ahead if target.sets >= TOP_SETS)
    out = dict(decided)
    for (exercise_id, before), (_same, after) in zip(next_, duration.fit(ahead, holds=holds,
                                                                      keep=keep),
                                                 strict=True):
        if after != before:
            exercise, decision = decided.get(exercise_id, (by_id(exercise_id), None))
            out[exercise_id] = (exercise, _trimmed(decision, before, after))
    return tuple(out.values())


def fit_day(targets: Sequence[tuple[str, Target]], why: Mapping[str, str], holds: int = 0
            ) -> tuple[dict[str, Target], dict[str, str]]:
    """A session's own targets (every exercise, in session order) trimmed to about 45
    minutes when they run over, and each trimmed exercise's reason saying so (`why`: the
    reasons so far). A comeback's easier variant can take longer than the one it replaces
    (a rear-foot-elevated split squat is done per leg, a squat jump is not), so a session
    that fitted can run over on the first day back. Nothing is given back here: sets a
    fit restores come at the next close (`fitted`)."""
    keep = frozenset(exercise_id for exercise_id, target in targets if target.sets >= TOP_SETS)
    out, reasons = dict(targets), dict(why)
    for (exercise_id, before), (_same, after) in zip(
            targets, duration.fit(targets, holds=holds, keep=keep), strict=True):
        if after != before:
            out[exercise_id] = after
            told = Decision(before, Change.COMEBACK, why[exercise_id]) if why.get(exercise_id) \
                else None
            reasons[exercise_id] = _trimmed(told, before, after).why
    return out, reasons


def _trimmed(decision: Decision | None, before: Target, target: Target) -> Decision:
    sets = duration.count_sets(target.sets)
    fits = (_("{sets}: the session fits {minutes} minutes").format(
        sets=sets, minutes=duration.LIMIT_MINUTES) if target.sets < before.sets
        else _("back to {sets}: room in the session again").format(sets=sets))
    if decision is None or decision.change in (Change.NONE, Change.HOLD):
        why = fits if decision is None or not decision.why else f"{decision.why}; {fits}"
        return Decision(target, Change.VOLUME, why, "" if decision is None else decision.note)
    return replace(decision, target=target, why=f"{decision.why}; {fits}")


def held_decision(target: Target) -> Decision:
    """A lighter day's decision: the usual target stays, and the runner is told why."""
    return Decision(target, Change.NONE, _("a lighter day today: the target stays"))
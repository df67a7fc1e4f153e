"""When a load may go up, and by how much: the gates in front of double progression.

* body weight for at least two weeks (four sessions) before an exercise's first load,
  unless the runner already lifts (ACSM 2009: master the movement first);
* at most one step per exercise a week, a load increase or a harder variant (a climb back
  to a load held before a break does not count: it is not new);
* an increase larger than max(2.5 kg / 5 lb, 10 %) — a gap in the runner's kit — is
  bridged first with a fourth set at the old load (or four sessions of top reps there when
  the session has no room for it), and comes with the reps back at five;
* back after a break, the load climbs back to what it was over two to four sessions; an
  exercise back after days without it (left out for pain) keeps its load for a session;
* a harder variant restarts at 70 % of the old load or less, snapped to owned weights.
"""

import math
from collections.abc import Sequence
from datetime import date, timedelta

from coach import equipment as kit_rules
from coach.equipment import Equipment, Kind
from coach.targets import Context, Outcome
from coach.units import KG_PER_LB
from coach.variants import rung

FORM_SESSIONS = 4  # sessions at body weight before the first load
FORM_DAYS = 14  # ... spanning at least two weeks
RAISE_EVERY = timedelta(days=7)  # at most one load increase a week
SMALL_KG, SMALL_LB = 2.5, 5.0  # an increase up to max(this, 10 %) is a small one
SMALL_SHARE = 0.10
BREAK_DAYS = 10  # this many days without the exercise is a break
RESTART_SHARE = 0.70  # a harder variant restarts at this share of the old load, or less
BRIDGE_SESSIONS = 4  # sessions of top reps at one load: a big step bridged without a 4th set


def small_kg(unit: str) -> float:
    """The largest step that is always a small one, in kg."""
    return round(SMALL_LB * KG_PER_LB, 3) if unit == "lb" else SMALL_KG


def big(before_kg: float, after_kg: float, unit: str) -> bool:
    """An increase larger than max(2.5 kg / 5 lb, 10 %); the first load never is."""
    if before_kg <= 0:
        return False
    return after_kg - before_kg > max(small_kg(unit), before_kg * SMALL_SHARE) + 1e-3


def form_weeks_left(done: Outcome, context: Context) -> bool:
    """Still in the body-weight weeks: no load ever, and fewer than four sessions or two
    weeks of the exercise known (the history holds its latest sessions only). Without a
    date (a replay of an old log) the gate rests, as the other date rules do."""
    if context.today is None or context.lifts or done.load_kg > 0 or any(
            o.load_kg > 0 for o in context.history):
        return False
    if len(context.history) + 1 < FORM_SESSIONS:
        return True
    days = [o.day for o in context.history if o.day is not None]
    if not days:
        return False
    return (context.today - min(days)).days < FORM_DAYS


def next_raise(exercise_id: str, done: Outcome, context: Context) -> date | None:
    """The day the next step (a load increase or a harder variant) is allowed, when that is
    after today (else None)."""
    if context.today is None:
        return None
    last = last_raise(exercise_id, context.history, done)
    if last is None or context.today - last >= RAISE_EVERY:
        return None
    return last + RAISE_EVERY


def last_raise(exercise_id: str, history: Sequence[Outcome], done: Outcome) -> date | None:
    """The day of the latest step decided in the history: a harder variant, or a load
    increase (a climb back to a load held before in the same variant excluded)."""
    sessions = [*history, done]
    for i in range(len(sessions) - 1, 0, -1):
        before, after = sessions[i - 1].target, sessions[i].target
        if rung(exercise_id, after.variant) > rung(exercise_id, before.variant):
            return sessions[i - 1].day
        held = max((o.target.load_kg for o in sessions[:i - 1]
                    if o.target.variant == after.variant), default=0.0)
        if after.variant == before.variant and after.load_kg > max(before.load_kg, held):
            return sessions[i - 1].day
    return None


def days_without(context: Context) -> int | None:
    """Days since the exercise's previous session, when they make a break (left out for
    pain, or the runner away); None otherwise or unknown."""
    last = context.history[-1].day if context.history else None
    if context.today is None or last is None:
        return None
    days = (context.today - last).days
    return days if days >= BREAK_DAYS else None


def held_before_break(done: Outcome, context: Context) -> float | None:
    """The load held before a break of the exercise still in the history (None: no break
    in it, or today's load is back there already)."""
    days = [o.day for o in context.history]
    if context.today is None or any(d is None for d in days):
        return None
    marks = [*(d for d in days if d is not None), context.today]
    for i in range(len(marks) - 1, 0, -1):
        if (marks[i] - marks[i - 1]).days >= BREAK_DAYS:
            before = [o for o in context.history[:i]
                      if o.target.variant == done.target.variant and not o.lighter]
            best = max((o.target.load_kg for o in before), default=0.0)
            return best if best > done.load_kg + 1e-6 else None
    return None


def climb_back(kit: Equipment, load_kg: float, best_kg: float, step_kg: float) -> float:
    """One step of the climb back to `best_kg`: at least half the gap (two to four
    sessions), in owned weights or whole plates, never past it."""
    if kit.kind is Kind.WEIGHTS:
        up = next((w for w in kit.weights_kg if w > load_kg + 1e-6), best_kg)
        return min(up, best_kg)
    half = math.ceil((best_kg - load_kg) / 2 / step_kg - 1e-6) * step_kg
    return min(round(load_kg + max(step_kg, half), 3), best_kg)


def snap_down(kit: Equipment, wanted_kg: float, step_kg: float) -> float:
    """The heaviest load the runner can set up at or below `wanted_kg` (0: body weight)."""
    if kit.kind is Kind.GYM:
        return round(math.floor(wanted_kg / step_kg + 1e-6) * step_kg, 3)
    return kit_rules.fit(kit, wanted_kg)


def snap_near(kit: Equipment, wanted_kg: float, below_kg: float, step_kg: float) -> float:
    """The load nearest `wanted_kg` the runner can set up, not above `below_kg`."""
    if kit.kind is Kind.GYM:
        return min(round(round(wanted_kg / step_kg) * step_kg, 3), below_kg)
    owned = [0.0, *(w for w in kit.weights_kg if w <= below_kg + 1e-6)]
    return min(owned, key=lambda w: (abs(w - wanted_kg), w)) if kit.loaded else 0.0


def restart_kg(kit: Equipment, load_kg: float, step_kg: float, plyo: bool = False) -> float:
    """A harder variant's first load: 70 % of the old one or less, snapped down; body
    weight for a jump or a hop."""
    if plyo or load_kg <= 0:
        return 0.0
    return snap_down(kit, load_kg * RESTART_SHARE, step_kg)


def bridged(done: Outcome, context: Context) -> bool:
    """Top reps at this load in BRIDGE_SESSIONS normal sessions in a row: the reps have
    bridged the gap (a fourth set the session had no room for is not needed)."""
    normal = [o for o in context.history if not o.lighter]
    return tops_in_a_row(done, normal, BRIDGE_SESSIONS)


def tops_in_a_row(done: Outcome, history: Sequence[Outcome], pace: int) -> bool:
    if pace <= 1:
        return True
    earlier = history[-(pace - 1):]
    return len(earlier) == pace - 1 and all(
        o.target.variant == done.target.variant and o.load_kg == done.load_kg and o.topped
        for o in earlier)

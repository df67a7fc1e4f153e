"""Progression: one pure decision per logged exercise, with its reason.

`decide(exercise, target, reps, load, context)` is the only entry point. Rules, applied to
the reps done per set (weaker leg for one-leg lifts) at the load used:

* nothing logged: the target stays (NONE); but back after BREAK_DAYS or more away, the
  session starts lighter, by more the longer the break (COMEBACK, coach/comeback.py);
* back below the load held before a break, every set at the target's reps: the load climbs
  back, at least half the gap a session (UP);
* every set at 8 or more (at least the target's sets): the load goes to the next weight the
  runner has (UP, reps back to 5), behind the gates of coach/loading.py: body weight for
  two weeks first, one increase a week, a big jump bridged by a fourth set first (or by
  four sessions of top reps at the load, when the session had no room for it); slow
  lifts (`pace` 2) first need two such sessions in a row; with no heavier weight owned,
  or at body weight only, the next harder variant after two such sessions (VARIANT, reps
  back to 5, at 70 % of the load or less, body weight for a jump), each rung bridged by a
  fourth set; at the top of the ladder a fourth set (VOLUME), held six sessions, then a
  strength block on the rung below (VARIANT) before the top comes back;
* two sets below 5: one weight lighter (body weight from the lightest owned, or in a gym
  from the first load), or one variant easier at body weight (DOWN);
  one set below 5: same load, reps 5 (HOLD);
* otherwise the load stays and the rep target becomes max(target, weakest set + 1), capped
  at 8 (MORE_REPS if higher, else HOLD);
* a third normal session in a row against the same target without reaching the top
  changes something instead of holding again: one weight lighter with a load, else four
  sets of five, else one variant easier, else (the plain movement) three fresher sets
  (STALL): the set and rep scheme alternates, so a stall never freezes the target.
  Lighter days (readiness, taper) do not count, and a day every set reached the top
  never stalls;
* how hard the session felt, once the runner said, weighs last (coach/effort.py).

Every decision carries `why` (one line in the runner's unit) and `note`: news about a
left/right gap (coach/sides.py), told once when it persists and once when it closes.
"""

import math
from collections.abc import Sequence
from dataclasses import replace

from coach import effort, loading
from coach import equipment as kit_rules
from coach.comeback import away
from coach.equipment import Kind
from coach.exercises import Exercise
from coach.reasons import all_sets_reached, bridged_gap, count_word, load_text, without_a_step
from coach.sides import IMBALANCE_THRESHOLD, Imbalance, gap_news, imbalance, leg_gap
from coach.targets import (
    MAX_REPS,
    MIN_REPS,
    NO_CONTEXT,
    Change,
    Context,
    Decision,
    Outcome,
    Target,
    initial_target,
)
from coach.units import KG_PER_LB
from coach.variants import easier, harder, variant
from i18n import _, ngettext
from i18n import day as date_text

__all__ = ["IMBALANCE_THRESHOLD", "MAX_REPS", "MIN_REPS", "NO_CONTEXT", "Change", "Context",
           "Decision", "Imbalance", "Outcome", "Target", "imbalance", "initial_target",
           "leg_gap"]

BREAK_DAYS = loading.BREAK_DAYS
STALL_SESSIONS = 3
VARIANT_PACE = 2  # sessions at the top before a harder variant: a new skill, not a plate
TOP_SETS = 4  # at the top of the ladder, one more set; past that, hold
TOP_HOLD = 6  # sessions held at the top of the ladder before a strength block below it


def step_kg(exercise: Exercise, unit: str) -> float:
    """The exercise's gym step in kg: plates in the runner's unit."""
    return round(exercise.load_step_lb * KG_PER_LB, 3) if unit == "lb" else exercise.load_step_kg


def decide(exercise: Exercise, current: Target, reps: Sequence[int], load_kg: float | None,
           context: Context = NO_CONTEXT) -> Decision:
    """The next target from the reps done per set at the load used, and why."""
    if any(r < 0 for r in reps):
        raise ValueError(f"reps must not be negative, got {list(reps)}")
    if load_kg is not None and load_kg < 0:
        raise ValueError(f"load must not be negative, got {load_kg}")
    if not reps:
        return away(exercise, current, context, step_kg(exercise, context.unit))
    load = current.load_kg if load_kg is None else round(load_kg, 3)
    done = Outcome(current, tuple(reps), load, day=context.today, effort=context.effort)
    decision = _climb_back(exercise, done, context) or _rules(exercise, done, context)
    if decision.change is Change.HOLD and not done.topped and _stalled(done, context.history):
        decision = _unstick(exercise, done, context)
    decision = effort.weigh(decision, done, context.history[-1] if context.history else None,
                            context.unit, lambda why, n: _lighter(
                                exercise, done, context, why, Change.DOWN, n))
    pairs = [(o.left, o.right) for o in context.history if o.left and o.right]
    news = gap_news(pairs, context.legs)
    return replace(decision, note=f"{exercise.name}: {news}" if news else "")


def next_target(exercise: Exercise, current: Target, reps: Sequence[int],
                load_kg: float | None) -> Decision:
    """`decide` without context: a gym in kg and no history (replays of old logs)."""
    return decide(exercise, current, reps, load_kg)


def _rules(exercise: Exercise, done: Outcome, context: Context) -> Decision:
    current, reps, unit = done.target, done.reps, context.unit
    at = load_text(done.load_kg, unit)
    if done.topped:
        return _top(exercise, done, context)
    if min(reps) < MIN_REPS:
        if sum(r < MIN_REPS for r in reps) >= 2:
            return _lighter(exercise, done, context, _(
                "two sets fell below {reps} at {load}").format(reps=MIN_REPS, load=at))
        return Decision(replace(current, reps=MIN_REPS, load_kg=done.load_kg), Change.HOLD,
                        _("a set fell below {reps} at {load}: same load, own five first")
                        .format(reps=MIN_REPS, load=at))
    goal = min(MAX_REPS, max(current.reps, min(reps) + 1))
    target = replace(current, reps=goal, load_kg=done.load_kg)
    if goal > current.reps:
        return Decision(target, Change.MORE_REPS, _("weakest set made {reps} at {load}")
                        .format(reps=min(reps), load=at))
    return Decision(target, Change.HOLD,
                    _("aim for {reps} on every set at {load}").format(reps=goal, load=at))


def _climb_back(exercise: Exercise, done: Outcome, context: Context) -> Decision | None:
    """Below the load held before a break, every set at the target: a step back up."""
    current = done.target
    if len(done.reps) < current.sets or min(done.reps) < current.reps:
        return None
    best = loading.held_before_break(done, context)
    if best is None:
        return None
    up = loading.climb_back(context.equipment, done.load_kg, best,
                            step_kg(exercise, context.unit))
    reps = MIN_REPS if loading.big(done.load_kg, up, context.unit) else current.reps
    return Decision(replace(current, reps=reps, load_kg=up), Change.UP,
                    _("every set made {reps} at {load}: climbing back to {best}").format(
                        reps=current.reps, load=load_text(done.load_kg, context.unit),
                        best=load_text(best, context.unit)))


def _top(exercise: Exercise, done: Outcome, context: Context) -> Decision:
    current = done.target
    plyo = variant(exercise.id, current.variant).plyo  # hops and jumps stay unloaded
    up = None if plyo else _heavier(exercise, done.load_kg, context)
    if up is not None:
        return _load_up(exercise, done, context, up)
    hold = replace(current, reps=MAX_REPS, load_kg=done.load_kg)
    at = load_text(done.load_kg, context.unit)
    rung = harder(exercise.id, current.variant)
    if rung is None and current.sets >= TOP_SETS:
        return _at_the_top(exercise, done, context)
    gate = _gate(exercise, done, context)
    if gate:
        return Decision(hold, Change.HOLD, _("8s at {load}: {gate}").format(load=at, gate=gate))
    if not (loading.tops_in_a_row(done, context.history, max(exercise.pace, VARIANT_PACE))
            or effort.easy_top(done)):
        return Decision(hold, Change.HOLD, _("8s at {load}: once more there first, a new step "
                                             "is a big one").format(load=at))
    if current.sets < TOP_SETS and not (rung is not None and loading.bridged(done, context)):
        fourth = (_("8s at {load}: a fourth set of 8 before the next variant") if rung else
                  _("8s at {load}: a fourth set of 8 at the top of the ladder"))
        return Decision(replace(hold, sets=TOP_SETS), Change.VOLUME, fourth.format(load=at))
    if rung is None:
        return Decision(hold, Change.HOLD, _("top of the ladder at {load}: keep every rep "
                                             "crisp").format(load=at))
    restart = loading.restart_kg(context.equipment, done.load_kg,
                                 step_kg(exercise, context.unit), rung.plyo)
    why = (_("four sets of 8 and no heavier weight to go to, restarting at {load}: {cue}")
           if done.load_kg > 0 else _("four sets of 8 and no heavier weight to go to: {cue}"))
    return Decision(Target(3, MIN_REPS, restart, rung.id), Change.VARIANT,
                    why.format(load=load_text(restart, context.unit), cue=rung.cue))


def _at_the_top(exercise: Exercise, done: Outcome, context: Context) -> Decision:
    """Four sets at the top of the ladder: hold, and after TOP_HOLD sessions there switch
    to a strength block on the rung below (then the ladder brings the top back): power
    and strength emphasis alternate, so something changes every few weeks."""
    current = done.target
    at = load_text(done.load_kg, context.unit)
    normal = [o for o in context.history if not o.lighter][-(TOP_HOLD - 1):]
    below = easier(exercise.id, current.variant)
    if below is not None and len(normal) == TOP_HOLD - 1 and all(  # sets aside: in season
            o.target.variant == current.variant and o.load_kg == done.load_kg and o.topped
            for o in normal):
        return Decision(Target(3, MAX_REPS, 0.0, below.id), Change.VARIANT, ngettext(
            "{count} session at the top of the ladder: a strength block on {name}, then "
            "back up", "{count} sessions at the top of the ladder: a strength block on "
            "{name}, then back up", TOP_HOLD).format(count=count_word(TOP_HOLD), name=below.name))
    why = (_("top of the ladder at {load}: keep every rep crisp") if context.equipment.loaded
           else _("top of the ladder at {load}: keep every rep crisp; a kettlebell would "
                  "open the next step"))
    return Decision(replace(current, reps=MAX_REPS, load_kg=done.load_kg), Change.HOLD,
                    why.format(load=at))


def _gate(exercise: Exercise, done: Outcome, context: Context) -> str:
    """Why a step must wait (body-weight weeks, back after days without it, one step a
    week); "" when it may come."""
    if loading.form_weeks_left(done, context):
        if context.equipment.loaded:
            return _("two weeks of body weight first, the form before the load")
        return _("two weeks on the plain movement first, the form before harder ones")
    gap = loading.days_without(context)
    if gap is not None:
        return ngettext("first session back after {days} day without it, the next step waits",
                        "first session back after {days} days without it, the next step "
                        "waits", gap).format(days=gap)
    waits = loading.next_raise(exercise.id, done, context)
    if waits is not None:
        return _("one step a week, the next can be earned from {day}").format(
            day=date_text(waits, _("EEE d MMM")))
    return ""


def _load_up(exercise: Exercise, done: Outcome, context: Context, up: float) -> Decision:
    """Every set at the top and a heavier weight to go to: through the gates, up."""
    current, unit = done.target, context.unit
    at = load_text(done.load_kg, unit)
    hold = replace(current, reps=MAX_REPS, load_kg=done.load_kg)
    gate = _gate(exercise, done, context)
    if gate:
        return Decision(hold, Change.HOLD, _("8s at {load}: {gate}").format(load=at, gate=gate))
    if not (loading.tops_in_a_row(done, context.history, exercise.pace) or effort.easy_top(done)):
        return Decision(hold, Change.HOLD, _("8s at {load}: once more there first, this lift "
                                             "moves slowly").format(load=at))
    if loading.big(done.load_kg, up, unit) and current.sets < TOP_SETS and not loading.bridged(
            done, context):
        return Decision(replace(hold, sets=TOP_SETS), Change.VOLUME,
                        _("8s at {load}, and {up} is a big jump: a fourth set first").format(
                            load=at, up=load_text(up, unit)))
    bridged = loading.big(done.load_kg, up, unit) and current.sets < TOP_SETS
    return Decision(Target(3, MIN_REPS, up, current.variant), Change.UP,
                    bridged_gap(loading.BRIDGE_SESSIONS, at) if bridged
                    else all_sets_reached(len(done.reps), at))


def _heavier(exercise: Exercise, load_kg: float, context: Context) -> float | None:
    """The next load up; in a gym there is no ceiling (the plates do not run out)."""
    kit = context.equipment
    ceiling = math.inf if kit.kind is Kind.GYM else exercise.ceiling_kg
    if load_kg <= 0:
        return kit_rules.first_load(kit, _first_kg(exercise, context.unit), ceiling)
    return kit_rules.heavier(kit, load_kg, step_kg(exercise, context.unit), ceiling)


def _first_kg(exercise: Exercise, unit: str) -> float:
    if unit != "lb":
        return exercise.first_load_kg
    pounds = round(exercise.first_load_kg / KG_PER_LB / 5) * 5
    return round(pounds * KG_PER_LB, 3)


def _lighter(exercise: Exercise, done: Outcome, context: Context, why: str,
             change: Change = Change.DOWN, reps: int = MIN_REPS) -> Decision:
    """One weight down, or one variant easier at body weight; else reps `reps` only."""
    current = done.target
    if done.load_kg > 0:
        down = kit_rules.lighter(context.equipment, done.load_kg,
                                 step_kg(exercise, context.unit),
                                 _first_kg(exercise, context.unit))
        return Decision(replace(current, reps=reps, load_kg=down), change, why)
    rung = easier(exercise.id, current.variant)
    if rung is not None:
        return Decision(replace(current, reps=reps, load_kg=0.0, variant=rung.id), change,
                        _("{why}: back to {name} to build up").format(why=why, name=rung.name))
    return Decision(replace(current, reps=reps, load_kg=0.0), Change.HOLD, why)


def _stalled(done: Outcome, history: Sequence[Outcome]) -> bool:
    """The third normal session in a row against the same target, none at the top of the
    range (lighter days are left out: they say nothing about progress)."""
    needed = STALL_SESSIONS - 1
    recent = [o for o in history if not o.lighter][-needed:]
    def usual(target: Target) -> tuple[int, int, float, str]:  # a trim or an in-season
        return (max(target.sets, 3), target.reps, target.load_kg, target.variant)  # cut

    return len(recent) == needed and all(
        usual(o.target) == usual(done.target) and not o.topped for o in recent)


def _unstick(exercise: Exercise, done: Outcome, context: Context) -> Decision:
    current = done.target
    why = without_a_step(STALL_SESSIONS, current.sets, current.reps)
    if done.load_kg > 0:
        return _lighter(exercise, done, context, _("{why}: a lighter block to build back up")
                        .format(why=why), Change.STALL, current.reps)
    if current.sets <= 3:  # three usual sets (fewer: trimmed to fit 45 minutes)
        return Decision(replace(current, sets=4, reps=MIN_REPS, load_kg=0.0), Change.STALL,
                        _("{why}: four sets of five for a change").format(why=why))
    if easier(exercise.id, current.variant) is None:  # nothing easier: fresher sets
        return Decision(replace(current, sets=3, load_kg=0.0), Change.STALL,
                        _("{why}: three fresher sets for a change").format(why=why))
    return _lighter(exercise, done, context, why, Change.STALL, MAX_REPS - 1)

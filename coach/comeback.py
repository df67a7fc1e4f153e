"""Back after days away: the session starts lighter, by more the longer the break.

About 10 % off the load per two weeks away, up to 40 % (ACSM 2009 on detraining: strength
fades slowly, so the cut is modest), snapped to a weight the runner owns; where the nearest
owned weight is the same one, the reps come down instead. Never above the load last lifted
(a step earned in the session before the break starts after it, not on the first day
back). At body weight, one variant easier, or a rep fewer. The climb back is
coach/loading.py's (`climb_back`).

Back after pain (its area fine again, Silbernagel et al. 2007: a graded return), an
exercise restarts at fives, never heavier than before the pain (nor than the load last
lifted), and lighter by the same share as a break when it was left out ten days or more.
"""

import math

from coach.equipment import Kind
from coach.exercises import Exercise
from coach.loading import BREAK_DAYS, snap_near
from coach.reasons import load_text
from coach.targets import MIN_REPS, Change, Context, Decision, Target
from coach.variants import easier, variant
from i18n import _, ngettext

CUT_PER_FORTNIGHT = 0.10
MAX_CUT = 0.40


def cut_share(days: int) -> float:
    """The share of the load taken off after `days` away: 10 % per started fortnight from
    ten days, at most 40 %."""
    if days < BREAK_DAYS:
        return 0.0
    return min(MAX_CUT, CUT_PER_FORTNIGHT * math.ceil(days / 14))


def away(exercise: Exercise, current: Target, context: Context, step_kg: float) -> Decision:
    """The target of the first session after `context.days_away` days away."""
    days = context.days_away
    if days is None or days < BREAK_DAYS:
        return Decision(current, Change.NONE)
    share = cut_share(days)
    if current.load_kg > 0 and context.equipment.kind is not Kind.BODYWEIGHT:
        top = lifted(current, context)
        load = snap_near(context.equipment, current.load_kg * (1 - share), top, step_kg)
        if load < current.load_kg - 1e-6 and load < top - 1e-6:
            return Decision(replace_load(current, load), Change.COMEBACK, ngettext(
                "welcome back after {days} day: {share} % lighter to start, then back up to "
                "{load} over a few sessions", "welcome back after {days} days: {share} % "
                "lighter to start, then back up to {load} over a few sessions", days).format(
                days=days, share=round(share * 100), load=load_text(top, context.unit)))
        if load < current.load_kg - 1e-6:  # the step earned before the break waits
            return Decision(Target(current.sets, MIN_REPS, load, current.variant),
                            Change.COMEBACK, ngettext(
                "welcome back after {days} day: fives at {load}, the load you last lifted, "
                "to start", "welcome back after {days} days: fives at {load}, the load you "
                "last lifted, to start", days).format(days=days,
                                                      load=load_text(load, context.unit)))
        if current.reps > MIN_REPS:
            return Decision(Target(current.sets, MIN_REPS, current.load_kg, current.variant),
                            Change.COMEBACK, ngettext(
                "welcome back after {days} day: fewer reps to start, the next weight down is "
                "too far", "welcome back after {days} days: fewer reps to start, the next "
                "weight down is too far", days).format(days=days))
        return Decision(current, Change.NONE)
    return _bodyweight(exercise, current, days)


def lifted(current: Target, context: Context) -> float:
    """The heaviest the runner may restart at: the target's load, or the load last lifted
    in its variant when that was lighter (a step earned just before the break was never
    lifted: the return starts below it)."""
    last = next((o for o in reversed(context.history) if not o.lighter), None)
    if last is None or last.target.variant != current.variant:
        return current.load_kg
    return min(current.load_kg, last.load_kg)


def after_pain(current: Target, context: Context, step_kg: float) -> Decision:
    """The target of an exercise back after pain; `context.days_away`: the days since it
    was last done (None: unknown)."""
    days, load = context.days_away, lifted(current, context)
    if days is not None and load > 0 and context.equipment.kind is not Kind.BODYWEIGHT:
        load = snap_near(context.equipment, load * (1 - cut_share(days)), load, step_kg)
    target = Target(current.sets, MIN_REPS, load, current.variant)
    if target == current:
        return Decision(current, Change.NONE)
    return Decision(target, Change.COMEBACK, _(
        "back after pain: fives at {load} to start, then building up gradually").format(
        load=load_text(load, context.unit)))


def replace_load(target: Target, load_kg: float) -> Target:
    return Target(target.sets, target.reps, load_kg, target.variant)


def _bodyweight(exercise: Exercise, current: Target, days: int) -> Decision:
    rung = easier(exercise.id, current.variant) if variant(exercise.id, current.variant).id \
        else None
    if rung is not None:
        return Decision(Target(current.sets, current.reps, 0.0, rung.id), Change.COMEBACK,
                        ngettext("welcome back after {days} day: back to {name} to start",
                                 "welcome back after {days} days: back to {name} to start",
                                 days).format(days=days, name=rung.name))
    if current.reps > MIN_REPS:
        cut = max(1, round((current.reps - MIN_REPS) * cut_share(days) / MAX_CUT))
        return Decision(Target(current.sets, current.reps - cut, 0.0, current.variant),
                        Change.COMEBACK, ngettext(
                            "welcome back after {days} day: fewer reps to start",
                            "welcome back after {days} days: fewer reps to start", days).format(
                            days=days))
    return Decision(current, Change.NONE)

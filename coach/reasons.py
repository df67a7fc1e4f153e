"""Why a target moved, in one line and in the runner's unit; labels that are never wrong.

The label is read off the two targets themselves (not off the rule that fired), so a drop
is never "load up" and "one more rep" means exactly +1.
"""

import i18n
from coach.units import KG_PER_LB, show_load
from coach.variants import rung, variant
from i18n import _, ngettext, pgettext


def load_text(load_kg: float, unit: str) -> str:
    """'18 kg', '35 lb', 'body weight'."""
    return show_load(load_kg, unit)


def _load_bare(load_kg: float, unit: str) -> str:
    """'18' for '18 kg' (the unit said once at the end of an arrow)."""
    if load_kg <= 0:
        return _("body weight")
    if unit == "lb":
        return i18n.number(round(load_kg / KG_PER_LB * 2) / 2, 1)
    return i18n.number(load_kg, 2)


def arrow(before_kg: float, after_kg: float, unit: str) -> str:
    """'18 → 20 kg', 'body weight → 8 kg', '16 kg → body weight'."""
    if before_kg > 0 and after_kg > 0:
        return f"{_load_bare(before_kg, unit)} → {load_text(after_kg, unit)}"
    return f"{load_text(before_kg, unit)} → {load_text(after_kg, unit)}"


def label(exercise_id: str, before: tuple[int, int, float, str],
          after: tuple[int, int, float, str]) -> str:
    """A short tag for the move from `before` to `after` (sets, reps, load kg, variant)."""
    b_sets, b_reps, b_load, b_var = before
    a_sets, a_reps, a_load, a_var = after
    b_rung, a_rung = rung(exercise_id, b_var), rung(exercise_id, a_var)
    if a_rung > b_rung:
        return _("harder variant")  # a harder variant restarts lighter: still a step up
    if a_load > b_load:
        return _("load up")
    if a_load < b_load:
        return _("a little lighter")
    if a_rung != b_rung:
        return _("easier variant")
    if a_sets != b_sets:
        # i18n: English says "sets" even for one (the text as it always was)
        return ngettext("{sets} sets of {reps}", "{sets} sets of {reps}", a_sets).format(
            sets=a_sets, reps=a_reps)
    if a_reps == b_reps + 1:
        return _("one more rep")
    if a_reps > b_reps:
        return ngettext("{n} more rep", "{n} more reps", a_reps - b_reps).format(
            n=a_reps - b_reps)
    if a_reps < b_reps:
        return ngettext("same load, {reps} rep", "same load, {reps} reps", a_reps).format(
            reps=a_reps)
    return _("same target")


def change_text(exercise_id: str, name: str, before: tuple[int, int, float, str],
                after: tuple[int, int, float, str], unit: str) -> str:
    """'Goblet squat: 18 → 20 kg', 'Step-up: 3×6 → 3×7', 'Calf raise: Slow heel drop →
    Single-leg calf raise' (with the load's arrow when it restarts lighter), 'Goblet squat:
    3×7 @ 16 kg, same' — the headline of a reason."""
    b_sets, b_reps, b_load, b_var = before
    a_sets, a_reps, a_load, a_var = after
    if rung(exercise_id, a_var) != rung(exercise_id, b_var):
        loads = f", {arrow(b_load, a_load, unit)}" if a_load != b_load else ""
        return (f"{name}: {variant(exercise_id, b_var).name} → "
                f"{variant(exercise_id, a_var).name}{loads}")
    if a_load != b_load:
        return f"{name}: {arrow(b_load, a_load, unit)}"
    if (a_sets, a_reps) != (b_sets, b_reps):
        return f"{name}: {b_sets}×{b_reps} → {a_sets}×{a_reps}"
    return _("{name}: {sets}×{reps} @ {load}, same").format(
        name=name, sets=a_sets, reps=a_reps, load=load_text(a_load, unit))


def reason_line(headline: str, why: str) -> str:
    """'Goblet squat: 18 → 20 kg — all three sets reached 8 at 18 kg'."""
    return f"{headline} — {why}" if why else headline


def all_sets_reached(n: int, load: str) -> str:
    """'all three sets reached 8 at 18 kg' (the set, both sets, all n sets)."""
    if n == 1:
        return _("the set reached 8 at {load}").format(load=load)
    if n == 2:
        return _("both sets reached 8 at {load}").format(load=load)
    return ngettext("all {count} set reached 8 at {load}", "all {count} sets reached 8 at "
                    "{load}", n).format(count=count_word(n), load=load)


def bridged_gap(n: int, load: str) -> str:
    """'four sessions of 8s at 18 kg bridged the gap'."""
    return ngettext("{count} session of 8s at {load} bridged the gap",
                    "{count} sessions of 8s at {load} bridged the gap", n).format(
        count=count_word(n), load=load)


def without_a_step(n: int, sets: int, reps: int) -> str:
    """'three sessions at 3×6 without a step'."""
    return ngettext("{count} session at {sets}×{reps} without a step",
                    "{count} sessions at {sets}×{reps} without a step", n).format(
        count=count_word(n), sets=sets, reps=reps)


def count_word(n: int) -> str:
    """A small count in words ('three'); larger ones in digits."""
    words = {2: pgettext("count", "two"), 3: pgettext("count", "three"),
             4: pgettext("count", "four"), 5: pgettext("count", "five"),
             6: pgettext("count", "six")}
    return words.get(n, str(n))

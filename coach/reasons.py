"""Why a target moved, in one line and in the runner's unit; labels that are never wrong.

The label is read off the two targets themselves (not off the rule that fired), so a drop
is never "load up" and "one more rep" means exactly +1.
"""

from coach.units import show_load
from coach.variants import rung, variant


def load_text(load_kg: float, unit: str) -> str:
    """'18 kg', '35 lb', 'body weight'."""
    return show_load(load_kg, unit)


def _load_bare(load_kg: float, unit: str) -> str:
    """'18' for '18 kg' (the unit said once at the end of an arrow)."""
    return load_text(load_kg, unit).split(" ")[0] if load_kg > 0 else "body weight"


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
        return "harder variant"  # a harder variant restarts lighter: still a step up
    if a_load > b_load:
        return "load up"
    if a_load < b_load:
        return "a little lighter"
    if a_rung != b_rung:
        return "easier variant"
    if a_sets != b_sets:
        return f"{a_sets} sets of {a_reps}"
    if a_reps == b_reps + 1:
        return "one more rep"
    if a_reps > b_reps:
        return f"{a_reps - b_reps} more reps"
    if a_reps < b_reps:
        return f"same load, {a_reps} reps"
    return "same target"


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
    return f"{name}: {a_sets}×{a_reps} @ {load_text(a_load, unit)}, same"


def reason_line(headline: str, why: str) -> str:
    """'Goblet squat: 18 → 20 kg — all three sets reached 8 at 18 kg'."""
    return f"{headline} — {why}" if why else headline

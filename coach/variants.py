"""Harder versions of each exercise: the way up when no (more) weight is the answer.

Each exercise has a ladder, easiest first. Rung 0 is the exercise as catalogued (id "").
A runner climbs a rung when the load cannot go up (body weight only, no heavier weight
owned, or the exercise's ceiling reached) and every set reached the top of the range.
The strength rungs come first, then a plyometric one at body weight (pogo hops, bounds,
skips: Blagrove et al. 2018). No movement appears on two ladders, so a session never
holds the same movement twice.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """One rung: a stored id, the name on the card and a one-line cue."""

    id: str
    name: str
    cue: str
    plyo: bool = False  # a jump or hop: done at body weight, whatever the kit


def _base(name: str) -> Variant:
    return Variant("", name, "")


LADDERS: dict[str, tuple[Variant, ...]] = {
    "goblet_squat": (
        _base("Goblet squat"),
        Variant("tempo", "Tempo squat 3-1-1", "Three counts down, one at the bottom, up."),
        Variant("pause", "Pause squat", "Sit still at the bottom for two full seconds."),
        Variant("one_half", "1½-rep squat", "Down, halfway up, down again, then all the way."),
        Variant("rfe_split", "Rear-foot-elevated split squat",
                "Back foot on a bench, drop the back knee straight down."),
        Variant("jump", "Squat jump", "Sit back, jump tall, land softly and quietly.", True),
    ),
    "eccentric_calf_raise": (
        _base("Eccentric calf raise"),
        Variant("slow", "Slow heel drop", "Five counts to lower; up on two feet."),
        Variant("single", "Single-leg calf raise", "Up and down on one foot, no bounce."),
        Variant("bent_knee", "Bent-knee calf raise",
                "Knees bent a little the whole way: it works the soleus, the runner's calf."),
        Variant("deficit", "Deficit single-leg calf raise",
                "Heel off a step, sink below the edge, rise on one foot."),
        Variant("deficit_pause", "Deficit raise with a top pause",
                "Hold two seconds on tiptoe before the slow drop."),
        Variant("pogo", "Pogo hops", "Stiff springy ankles, quick light hops, heels up.",
                True),
    ),
    "sldl": (
        _base("Single-leg deadlift"),
        Variant("tempo", "Slow single-leg deadlift",
                "Three counts down, feel the hamstring load."),
        Variant("pause", "Single-leg deadlift with a pause",
                "Hold the bottom for two seconds, hips square."),
        Variant("reach", "Single-leg deadlift with a reach",
                "Hips back, chest proud, spine long; hands reach down along the shin."),
        Variant("skip", "A-skips", "Skip tall: knee up, the foot lands under the hip.", True),
    ),
    "reverse_lunge": (
        _base("Reverse lunge"),
        Variant("tempo", "Tempo reverse lunge", "Three counts to lower, drive up fast."),
        Variant("deficit", "Deficit reverse lunge",
                "Front foot on a low step, step back and sink deeper."),
        Variant("pulse", "Reverse lunge with a pulse",
                "At the bottom, rise a hand's width and sink again, then stand."),
        Variant("split_jump", "Split jump", "Jump, switch legs in the air, land soft.", True),
    ),
    "step_up": (
        _base("Step-up"),
        Variant("tempo", "Step-up, slow down", "Step down in three counts, no thud."),
        Variant("high", "High step-up", "Knee-high box; push through the whole foot on top."),
        Variant("knee_drive", "Step-up with knee drive",
                "At the top, drive the free knee up like a running stride."),
        Variant("bound", "Bounds", "Long springy strides, each landing under the hip.", True),
    ),
}

# Stored ids of rungs since renamed: the lunge's old top rung was the split squat, which
# is the goblet squat's own rung now (one movement, one ladder).
RENAMED: dict[tuple[str, str], str] = {("reverse_lunge", "rfe_split"): "pulse"}


def ladder(exercise_id: str) -> tuple[Variant, ...]:
    """The exercise's ladder, rung 0 first; KeyError for an unknown exercise."""
    return LADDERS[exercise_id]


def rung(exercise_id: str, variant_id: str) -> int:
    """The index of a variant on its ladder; an unknown id counts as the base (0)."""
    ids = [v.id for v in ladder(exercise_id)]
    variant_id = RENAMED.get((exercise_id, variant_id), variant_id)
    return ids.index(variant_id) if variant_id in ids else 0


def variant(exercise_id: str, variant_id: str) -> Variant:
    """The variant with this id (the base for an unknown or empty id)."""
    return ladder(exercise_id)[rung(exercise_id, variant_id)]


def harder(exercise_id: str, variant_id: str) -> Variant | None:
    """The next rung up; None at the top of the ladder."""
    steps = ladder(exercise_id)
    index = rung(exercise_id, variant_id) + 1
    return steps[index] if index < len(steps) else None


def easier(exercise_id: str, variant_id: str) -> Variant | None:
    """The rung below; None at the base."""
    index = rung(exercise_id, variant_id)
    return ladder(exercise_id)[index - 1] if index > 0 else None

"""Harder versions of each exercise: the way up when no (more) weight is the answer.

Each exercise has a ladder, easiest first. Rung 0 is the exercise as catalogued (id "").
A runner climbs a rung when the load cannot go up (body weight only, no heavier weight
owned, or the exercise's ceiling reached) and every set reached the top of the range.
The strength rungs come first, then a plyometric one at body weight (pogo hops, bounds,
skips: Blagrove et al. 2018). No movement appears on two ladders, so a session never
holds the same movement twice.
"""

from dataclasses import dataclass

from i18n import N_, _


@dataclass(frozen=True)
class Variant:
    """One rung: a stored id, the name on the card and a one-line cue (`english` and
    `english_cue` are the source texts; `name` and `cue` are them in the runner's
    language)."""

    id: str
    english: str
    english_cue: str
    plyo: bool = False  # a jump or hop: done at body weight, whatever the kit

    @property
    def name(self) -> str:
        """The rung's name in the current language."""
        return _(self.english)

    @property
    def cue(self) -> str:
        """The rung's cue in the current language ("" for the base rung)."""
        return _(self.english_cue) if self.english_cue else ""


def _base(name: str) -> Variant:
    return Variant("", name, "")


LADDERS: dict[str, tuple[Variant, ...]] = {
    "goblet_squat": (
        _base(N_("Goblet squat")),
        Variant("tempo", N_("Tempo squat 3-1-1"), N_("Three counts down, one at the bottom, up.")),
        Variant("pause", N_("Pause squat"), N_("Sit still at the bottom for two full seconds.")),
        Variant("one_half", N_("1½-rep squat"),
                N_("Down, halfway up, down again, then all the way.")),
        Variant("rfe_split", N_("Rear-foot-elevated split squat"),
                N_("Back foot on a bench, drop the back knee straight down.")),
        Variant("jump", N_("Squat jump"),
                N_("Sit back, jump tall, land softly and quietly."), True),
    ),
    "eccentric_calf_raise": (
        _base(N_("Eccentric calf raise")),
        Variant("slow", N_("Slow heel drop"), N_("Five counts to lower; up on two feet.")),
        Variant("single", N_("Single-leg calf raise"), N_("Up and down on one foot, no bounce.")),
        Variant("bent_knee", N_("Bent-knee calf raise"),
                N_("Knees bent a little the whole way: it works the soleus, the runner's calf.")),
        Variant("deficit", N_("Deficit single-leg calf raise"),
                N_("Heel off a step, sink below the edge, rise on one foot.")),
        Variant("deficit_pause", N_("Deficit raise with a top pause"),
                N_("Hold two seconds on tiptoe before the slow drop.")),
        Variant("pogo", N_("Pogo hops"), N_("Stiff springy ankles, quick light hops, heels up."),
                True),
    ),
    "sldl": (
        _base(N_("Single-leg deadlift")),
        Variant("tempo", N_("Slow single-leg deadlift"),
                N_("Three counts down, feel the hamstring load.")),
        Variant("pause", N_("Single-leg deadlift with a pause"),
                N_("Hold the bottom for two seconds, hips square.")),
        Variant("reach", N_("Single-leg deadlift with a reach"),
                N_("Hips back, chest proud, spine long; hands reach down along the shin.")),
        Variant("skip", N_("A-skips"),
                N_("Skip tall: knee up, the foot lands under the hip."), True),
    ),
    "reverse_lunge": (
        _base(N_("Reverse lunge")),
        Variant("tempo", N_("Tempo reverse lunge"), N_("Three counts to lower, drive up fast.")),
        Variant("deficit", N_("Deficit reverse lunge"),
                N_("Front foot on a low step, step back and sink deeper.")),
        Variant("pulse", N_("Reverse lunge with a pulse"),
                N_("At the bottom, rise a hand's width and sink again, then stand.")),
        Variant("split_jump", N_("Split jump"),
                N_("Jump, switch legs in the air, land soft."), True),
    ),
    "step_up": (
        _base(N_("Step-up")),
        Variant("tempo", N_("Step-up, slow down"), N_("Step down in three counts, no thud.")),
        Variant("high", N_("High step-up"),
                N_("Knee-high box; push through the whole foot on top.")),
        Variant("knee_drive", N_("Step-up with knee drive"),
                N_("At the top, drive the free knee up like a running stride.")),
        Variant("bound", N_("Bounds"),
                N_("Long springy strides, each landing under the hip."), True),
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

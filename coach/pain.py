"""Where it hurts, which exercises load it, and the gentler version of each.

Rules:
* pain in an area skips the exercises that load it that day;
* pain told for the same area a second time swaps each of those exercises for a gentler
  version (calf raise → isometric calf hold, lunge → split-squat hold, step-up → low-box
  step-up …) in every session, until the runner says the area is fine;
* every pain answer says when to see a professional;
* pain is rated 0-10 (Silbernagel et al. 2007, the pain-monitoring model): 3 or less,
  carry on as planned and keep an eye on it; 4-5, the area's exercises are lighter today
  (body weight, fives); over 5, not rated yet, or worse than last time: they stop today
  (skipped, and swapped after the second day as above);
* shin or foot pain with pinpoint bony tenderness, night pain or pain when walking may be
  a bone stress injury: stop running and see a doctor; impact work (step-ups, hops and
  jumps) is left out until the runner says the area is fine.
"""

import re
from dataclasses import dataclass

ADVICE = ("See a physio or doctor if the pain is sharp, changes how you run, "
          "or lasts more than a few days.")
SWAP_AFTER = 2  # pain reports for one area before its exercises are swapped
MILD, LIGHTER = 3, 5  # pain up to MILD carries on; up to LIGHTER is a lighter day
BONE = "bone"  # the readiness rows' area for bone-stress signs (not a body area)
BONE_AREAS = frozenset({"shin", "foot"})
IMPACT = frozenset({"step_up"})  # besides every plyometric rung (coach/variants.py)
BONE_WORDS = re.compile(r"\b(?:at night|nights?|wakes? me|(?:hurts?|pain\w*|sore|aches?|achy) "
                        r"(?:to|when|while) "
                        r"(?:i |i'm )?walk\w*|walking hurts|pinpoint|one spot|on the bone|"
                        r"press(?:ing)? on (?:it|the bone))\b")
BONE_ASK = ("One question: is there one spot on the bone that hurts when you press it, or "
            "does it hurt at night or when you walk?")
BONE_SAYS = ("That can be a bone stress injury. Please stop running and see a doctor before "
             "you run again. No hops, jumps or step-ups until you tell me it's fine.")


@dataclass(frozen=True)
class Area:
    """A body area a runner can report: its id, label and the words that name it."""

    id: str
    label: str
    words: str  # a regex alternation

    @property
    def spoken(self) -> str:
        """How the coach names it in a sentence: "Achilles", "knee", "foot"."""
        first = self.label.split("/")[0]
        return first if first == "Achilles" else first.lower()


AREAS: tuple[Area, ...] = (
    Area("achilles", "Achilles/calf", r"achilles|achilles tendon|calf|calves|soleus"),
    Area("knee", "Knee", r"knees?|kneecap|patella|it ?band|itb"),
    Area("hip", "Hip", r"hips?|groin|glutes?|hip flexors?|butt"),
    Area("hamstring", "Hamstring", r"hamstrings?|hammies|hammy|back of (?:my |the )?thighs?"),
    Area("foot", "Foot/ankle", r"foot|feet|heels?|plantar|arch(?:es)?|ankles?|toes?"),
    Area("shin", "Shin", r"shins?|shin splints"),
    Area("back", "Back", r"(?:lower |low )?back"),
)
AREA_IDS = tuple(area.id for area in AREAS)

# Which areas each exercise loads (the exercise ids of coach/exercises.py).
LOADS: dict[str, frozenset[str]] = {
    "sldl": frozenset({"hamstring", "back", "hip", "foot"}),
    "goblet_squat": frozenset({"knee", "hip", "back"}),
    "reverse_lunge": frozenset({"knee", "hip"}),
    "eccentric_calf_raise": frozenset({"achilles", "foot", "shin"}),
    "step_up": frozenset({"knee", "hip", "shin"}),
}


@dataclass(frozen=True)
class Swap:
    """A gentler version of an exercise: its name, what to do and a one-line cue."""

    name: str
    dose: str
    cue: str


SWAPS: dict[str, Swap] = {
    "sldl": Swap("Glute bridge hold", "3×30 s",
                 "Both feet down, hips up, squeeze and breathe; no pulling on the back."),
    "goblet_squat": Swap("Wall sit, high", "3×30 s",
                         "Back on the wall, knees bent only as far as they are quiet."),
    "reverse_lunge": Swap("Split-squat iso hold", "3×20 s per leg",
                          "Lower halfway into a split stance and hold still."),
    "eccentric_calf_raise": Swap("Isometric calf hold", "3×30 s per leg",
                                 "Heel lifted halfway, hold still. Holds like this may ease "
                                 "tendon pain for some people; they are not a cure."),
    "step_up": Swap("Low-box step-up", "3×8 per leg",
                    "A low step (about 15 cm), slow and controlled."),
}


def area_of(words: str) -> Area | None:
    """The first body area a (lower-cased) text names, or None."""
    found = [(m.start(), area) for area in AREAS
             if (m := re.search(rf"\b(?:{area.words})\b", words)) is not None]
    return min(found, key=lambda hit: hit[0])[1] if found else None


def by_area(area_id: str) -> Area:
    """The area with this id; KeyError for an unknown one."""
    for area in AREAS:
        if area.id == area_id:
            return area
    raise KeyError(area_id)


def loaded_by(area_id: str) -> tuple[str, ...]:
    """The exercise ids that load an area, in catalogue order."""
    return tuple(ex for ex, areas in LOADS.items() if area_id in areas)


def swapped(reports: dict[str, int]) -> frozenset[str]:
    """The areas reported often enough (since they were last fine) to swap their exercises."""
    return frozenset(area for area, count in reports.items() if count >= SWAP_AFTER)


def mild(score: int | None) -> bool:
    """Pain rated 3 or less: carry on as planned."""
    return score is not None and score <= MILD


def lighter(score: int | None) -> bool:
    """Pain rated 4 or 5: the area's exercises lighter today."""
    return score is not None and MILD < score <= LIGHTER


def stops(score: int | None) -> bool:
    """Pain over five, worse than last time (11) or not rated yet: stop what loads it."""
    return score is None or score > LIGHTER


def verdict(score: int) -> str:
    """What a pain rating (0-10; 11: worse than last time) means today, in one line."""
    if mild(score):
        return (f"{score}/10: carry on as planned and keep an eye on it. Pain up to 3 that "
                "settles by the next morning is fine.")
    if lighter(score):
        return f"{score}/10: a lighter day where it hurts, body weight and fives."
    if score > 10:
        return "Worse than last time: what loads it stops for now."
    return f"{score}/10: what loads it stops today."


def bone_signs(words: str) -> bool:
    """Chat that names a bone-stress sign: night pain, pain when walking, one bony spot."""
    return BONE_WORDS.search(words) is not None

"""Where it hurts, which exercises load it, and the gentler version of each.

Rules:
* pain in an area skips the exercises that load it that day;
* pain told for the same area a second time swaps each of those exercises for a gentler
  version (calf raise → isometric calf hold, lunge → split-squat hold, step-up → low-box
  step-up …) in every session, until the runner says the area is fine;
* every pain answer says when to see a professional.
"""

import re
from dataclasses import dataclass

ADVICE = ("See a physio or doctor if the pain is sharp, changes how you run, "
          "or lasts more than a few days.")
SWAP_AFTER = 2  # pain reports for one area before its exercises are swapped


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
                                 "Heel lifted halfway, hold still; it should calm the tendon."),
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

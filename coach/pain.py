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

from i18n import N_, _, pgettext

ADVICE = N_("See a physio or doctor if the pain is sharp, changes how you run, "
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
BONE_ASK = N_("One question: is there one spot on the bone that hurts when you press it, "
              "or does it hurt at night or when you walk?")
BONE_SAYS = N_("That can be a bone stress injury. Please stop running and see a doctor "
               "before you run again. No hops, jumps or step-ups until you tell me it's fine.")


@dataclass(frozen=True)
class Area:
    """A body area a runner can report: its id, label (`english`, the source text) and the
    words that name it."""

    id: str
    english: str
    words: str  # a regex alternation

    @property
    def label(self) -> str:
        """The area's label in the current language: "Achilles/calf", "Knee"."""
        return _label(self.id)

    @property
    def spoken(self) -> str:
        """How the coach names it in a sentence: "Achilles", "knee", "foot"."""
        return _spoken(self.id)


def _label(area_id: str) -> str:
    return {
        "achilles": pgettext("body area", "Achilles/calf"),
        "knee": pgettext("body area", "Knee"),
        "hip": pgettext("body area", "Hip"),
        "hamstring": pgettext("body area", "Hamstring"),
        "foot": pgettext("body area", "Foot/ankle"),
        "shin": pgettext("body area", "Shin"),
        "back": pgettext("body area", "Back"),
    }[area_id]


def _spoken(area_id: str) -> str:
    return {
        "achilles": pgettext("body area", "Achilles"),
        "knee": pgettext("body area", "knee"),
        "hip": pgettext("body area", "hip"),
        "hamstring": pgettext("body area", "hamstring"),
        "foot": pgettext("body area", "foot"),
        "shin": pgettext("body area", "shin"),
        "back": pgettext("body area", "back"),
    }[area_id]


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
    """A gentler version of an exercise: its name, what to do and a one-line cue (the
    `english…` fields are the source texts, stored as they are; `name`, `dose` and `cue`
    are them in the runner's language)."""

    english: str
    english_dose: str
    english_cue: str

    @property
    def name(self) -> str:
        return _(self.english)

    @property
    def dose(self) -> str:
        return _(self.english_dose)

    @property
    def cue(self) -> str:
        return _(self.english_cue)


SWAPS: dict[str, Swap] = {
    "sldl": Swap(N_("Glute bridge hold"), N_("3×30 s"),
                 N_("Both feet down, hips up, squeeze and breathe; no pulling on the back.")),
    "goblet_squat": Swap(N_("Wall sit, high"), N_("3×30 s"),
                         N_("Back on the wall, knees bent only as far as they are quiet.")),
    "reverse_lunge": Swap(N_("Split-squat iso hold"), N_("3×20 s per leg"),
                          N_("Lower halfway into a split stance and hold still.")),
    "eccentric_calf_raise": Swap(N_("Isometric calf hold"), N_("3×30 s per leg"),
                                 N_("Heel lifted halfway, hold still. Holds like this may "
                                    "ease tendon pain for some people; they are not a cure.")),
    "step_up": Swap(N_("Low-box step-up"), N_("3×8 per leg"),
                    N_("A low step (about 15 cm), slow and controlled.")),
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
        return _("{score}/10: carry on as planned and keep an eye on it. Pain up to 3 that "
                 "settles by the next morning is fine.").format(score=score)
    if lighter(score):
        return _("{score}/10: a lighter day where it hurts, body weight and fives.").format(
            score=score)
    if score > 10:
        return _("Worse than last time: what loads it stops for now.")
    return _("{score}/10: what loads it stops today.").format(score=score)


def bone_signs(words: str) -> bool:
    """Chat that names a bone-stress sign: night pain, pain when walking, one bony spot."""
    return BONE_WORDS.search(words) is not None

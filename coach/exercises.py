"""The exercise catalogue: the five lifts of every session, in session order.

Each lift has its own pace: single-leg deadlifts and calf raises move in smaller steps and
only after two sessions at the top of the range (balance and the Achilles adapt slower than
quads), with a ceiling past which a harder variant (coach/variants.py) beats more load.
"""

from dataclasses import dataclass

from i18n import N_, _, pgettext


@dataclass(frozen=True)
class Exercise:
    """One strength exercise and how the bot talks about it. `english` and `english_cue`
    are the source texts (catalog msgids); `name` and `cue` are them in the runner's
    language. Parsing and anything stored use the id (or the English name), never `name`."""

    id: str
    english: str
    aliases: tuple[str, ...]
    unilateral: bool
    english_cue: str
    load_step_kg: float  # a gym's step in kg (plates); fixed weights move to the next owned
    first_load_kg: float
    ceiling_kg: float = 24.0  # heavier than this, a harder variant serves a runner better
    pace: int = 1  # sessions at the top of the range before the load moves (2: slow lifts)
    load_step_lb: float = 5.0  # the step in a pound gym

    @property
    def name(self) -> str:
        """The exercise's name in the current language."""
        return _(self.english)

    @property
    def cue(self) -> str:
        """The form cue in the current language."""
        return _(self.english_cue)

    @property
    def short(self) -> str:
        """The name where room is tight (buttons); the name itself in English."""
        return _short(self.id)


def _short(exercise_id: str) -> str:
    return {
        "sldl": pgettext("short name", "Single-leg deadlift"),
        "goblet_squat": pgettext("short name", "Goblet squat"),
        "reverse_lunge": pgettext("short name", "Reverse lunge"),
        "eccentric_calf_raise": pgettext("short name", "Eccentric calf raise"),
        "step_up": pgettext("short name", "Step-up"),
    }[exercise_id]


CATALOGUE: tuple[Exercise, ...] = (
    Exercise(
        id="sldl",
        english=N_("Single-leg deadlift"),
        aliases=("sldl", "rdl", "deadlift", "single leg deadlift", "single-leg deadlift", "dl",
                 "single leg rdl", "sl rdl", "slrdl", "sl deadlift", "sl dl", "1 leg rdl",
                 "one leg deadlift", "one leg rdl", "single legged deadlift", "single leg dl",
                 "single legged rdl", "romanian deadlift", "single leg romanian deadlift",
                 "sl romanian deadlift", "slow single leg deadlift", "single leg dead",
                 "sl dead"),
        unilateral=True,
        english_cue=N_(
            "Hips back, chest proud, spine long; the free leg swings back like a lever."),
        load_step_kg=1.0,
        first_load_kg=6.0,
        ceiling_kg=24.0,
        pace=2,
        load_step_lb=2.5,
    ),
    Exercise(
        id="goblet_squat",
        english=N_("Goblet squat"),
        aliases=("goblet", "goblet squat", "squat", "gs", "gob squat", "kb squat",
                 "kettlebell squat", "db squat", "tempo squat", "pause squat", "paused squat",
                 "squat jump", "jump squat", "bulgarian split squat", "bulgarian", "bss",
                 "rfess", "rfe split squat", "sq"),
        unilateral=False,
        english_cue=N_("Weight hugged at the chest, chest proud, sit all the way down."),
        load_step_kg=2.0,
        first_load_kg=8.0,
        ceiling_kg=32.0,
        pace=1,
        load_step_lb=5.0,
    ),
    Exercise(
        id="reverse_lunge",
        english=N_("Reverse lunge"),
        aliases=("lunge", "reverse lunge", "lunges", "rl", "back lunge", "rev lunge",
                 "backward lunge", "backwards lunge", "step back lunge", "split squat",
                 "deficit reverse lunge", "split jump", "tempo reverse lunge", "rev lunges"),
        unilateral=True,
        english_cue=N_("Step back softly, front shin upright, feel the stretch in the back hip."),
        load_step_kg=2.0,
        first_load_kg=6.0,
        ceiling_kg=24.0,
        pace=1,
        load_step_lb=5.0,
    ),
    Exercise(
        id="eccentric_calf_raise",
        english=N_("Eccentric calf raise"),
        aliases=("calf", "calves", "calf raise", "heel drop", "heel drops", "ecr", "cr",
                 "eccentric calf", "heel raise", "ecc heel drop", "eccentric heel drop",
                 "ecc calf raise", "ecc calf", "ecc calves", "calf drop", "slow heel drop",
                 "single leg calf raise", "sl calf raise", "bent knee calf raise",
                 "soleus raise", "pogo hop", "pogo", "ecc raise", "heel lower",
                 "eccentric heel lower"),
        unilateral=True,
        english_cue=N_("Up on two feet, down on one: take a slow three count to lower the heel."),
        load_step_kg=1.0,
        first_load_kg=4.0,
        ceiling_kg=20.0,
        pace=2,
        load_step_lb=2.5,
    ),
    Exercise(
        id="step_up",
        english=N_("Step-up"),
        aliases=("step up", "step-up", "stepup", "step ups", "step-ups", "su", "step",
                 "box step up", "box step", "bench step up", "high step up",
                 "knee drive step up", "box stepup"),
        unilateral=True,
        english_cue=N_("Drive through the whole foot on the box; no push-off from the back leg."),
        load_step_kg=2.0,
        first_load_kg=6.0,
        ceiling_kg=24.0,
        pace=1,
        load_step_lb=5.0,
    ),
)

EXERCISE_IDS: tuple[str, ...] = tuple(e.id for e in CATALOGUE)


def by_id(exercise_id: str) -> Exercise:
    """Return the exercise with this id; raise KeyError for an unknown id."""
    for exercise in CATALOGUE:
        if exercise.id == exercise_id:
            return exercise
    raise KeyError(exercise_id)

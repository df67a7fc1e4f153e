"""How long a session takes, honestly, and trimming one that runs over.

`minutes(items)` estimates a session from its targets (exercise id, target):
* a short warm-up (WARM_UP_S, about five minutes);
* each set: its reps at the variant's tempo (slow lowering and pauses take longer per rep),
  both sides for one-leg work (plus the switch between them), and a moment to set up;
* rest after every set but the last: two minutes when the set is loaded (the low end of the
  2–3 min heavy sets need), one at body weight.

`fit(items, limit)` trims sets of the lower-priority exercises until the session fits.
Closing a session fits the next targets themselves (coach/session_life.py `close`), so a
trimmed exercise is judged against its trimmed target and still progresses; exercises in
`keep` (four-set bridges and the top of the ladder) are trimmed only when nothing else can
go, or the fourth set would come back every session and the step after it never would.
"""

import math
from collections.abc import Sequence

from coach.exercises import EXERCISE_IDS, by_id
from coach.progression import Target

LIMIT_MINUTES = 45
WARM_UP_S = 5 * 60
REST_HEAVY_S = 120
REST_LIGHT_S = 60
SET_UP_S = 15  # pick up the weight, find the stance
SWITCH_S = 10  # from one leg to the other
HOLD_S = 4 * 60  # a swapped-in isometric hold (3×30 s per leg with short rests)
REP_S = 3.0  # one rep: about a second up, two down under control
TEMPO_S = {  # seconds per rep of the variants whose tempo is slower (variant ids)
    "tempo": 5.0,  # three counts down
    "slow": 7.0,  # five counts to lower
    "pause": 5.0,  # two seconds still at the bottom
    "one_half": 5.0,  # a rep and a half
    "deficit": 5.0,  # a deeper range, lowered slowly
    "deficit_pause": 7.0,  # a top pause before the slow drop
}
SLOW_BASE = {"eccentric_calf_raise": 5.0}  # the slow lowering is the exercise itself
ONE_LEG_VARIANTS = frozenset({"rfe_split", "single"})  # one leg even where the base is two
MIN_SETS = 2  # trimming stops here before it takes an exercise down to one set

PRIORITY = ("sldl", "goblet_squat", "eccentric_calf_raise", "reverse_lunge", "step_up")
"""Which exercise keeps its sets longest when a session runs over (first: kept longest).

* single-leg deadlift: posterior chain, foot and balance in one lift, the one most runners
  lack; the "king" of the list;
* goblet squat: the quads are the shock absorbers, and a two-leg lift loads them most per
  minute (one side, no switch);
* eccentric calf raise: the Achilles and soleus, where most running injuries happen; tendons
  need the load kept regular, so it goes late;
* reverse lunge: single-leg knee and hip work the goblet squat and step-up partly cover;
* step-up: overlaps the lunge most, and hill running already trains the same drive.
"""


def count_sets(sets: int) -> str:
    """"2 sets", "1 set": the reason's words for a trimmed target."""
    return f"{sets} set" if sets == 1 else f"{sets} sets"


def seconds_per_rep(exercise_id: str, variant_id: str) -> float:
    """One rep (one side) at the variant's tempo."""
    if variant_id in TEMPO_S:
        return TEMPO_S[variant_id]
    return SLOW_BASE.get(exercise_id, REP_S) if variant_id == "" else REP_S


def one_leg(exercise_id: str, variant_id: str) -> bool:
    """Whether each set is done once per leg."""
    known = exercise_id in EXERCISE_IDS and by_id(exercise_id).unilateral
    return known or variant_id in ONE_LEG_VARIANTS


def set_seconds(exercise_id: str, target: Target) -> float:
    """One working set, both sides for one-leg work, without the rest after it."""
    sides = 2 if one_leg(exercise_id, target.variant) else 1
    work = target.reps * seconds_per_rep(exercise_id, target.variant) * sides
    return work + SET_UP_S + (SWITCH_S if sides == 2 else 0)


def seconds(items: Sequence[tuple[str, Target]], holds: int = 0) -> float:
    """The whole session in seconds: warm-up, sets, rests between them, swapped-in holds."""
    sets = [(exercise_id, target) for exercise_id, target in items
            for _ in range(target.sets)]
    work = sum(set_seconds(exercise_id, target) for exercise_id, target in sets)
    rests = sum(REST_HEAVY_S if target.load_kg > 0 else REST_LIGHT_S
                for _, target in sets[:-1])
    return WARM_UP_S + work + rests + holds * HOLD_S


def minutes(items: Sequence[tuple[str, Target]], holds: int = 0) -> int:
    """The session's estimate in whole minutes (rounded up: a promise to keep)."""
    return math.ceil(seconds(items, holds) / 60)


def fit(items: Sequence[tuple[str, Target]], limit: int = LIMIT_MINUTES,
        holds: int = 0, keep: frozenset[str] = frozenset()) -> list[tuple[str, Target]]:
    """The session with sets taken, one at a time, from the lowest-priority exercise that
    still has more than MIN_SETS (then more than one), until it takes at most `limit`
    minutes or nothing more can go; the exercises in `keep` only after all the others.
    Reps, loads and variants stay; order stays."""
    out = list(items)
    others = frozenset(exercise_id for exercise_id, _ in items) - keep
    for allowed in (others, keep):
        for floor in (MIN_SETS, 1):
            while minutes(out, holds) > limit:
                index = _lowest_above(out, floor, allowed)
                if index is None:
                    break
                exercise_id, target = out[index]
                out[index] = (exercise_id, Target(target.sets - 1, target.reps,
                                                  target.load_kg, target.variant))
    return out


def _lowest_above(items: Sequence[tuple[str, Target]], floor: int,
                  allowed: frozenset[str]) -> int | None:
    """The index of the lowest-priority allowed exercise with more than `floor` sets."""
    def rank(index: int) -> int:
        exercise_id = items[index][0]
        return PRIORITY.index(exercise_id) if exercise_id in PRIORITY else len(PRIORITY)

    above = [i for i, (exercise_id, target) in enumerate(items)
             if target.sets > floor and exercise_id in allowed]
    return max(above, key=rank, default=None)

"""How long a session takes, honestly, and trimming one that runs over.

`minutes(items)` estimates a session from its targets (exercise id, target):
* a short warm-up (WARM_UP_S, about five minutes);
* each set: its reps at the variant's tempo (slow lowering and pauses take longer per rep),
  both sides for one-leg work (plus the switch between them), and a moment to set up;
* rest after every set but the last: two minutes when the set is loaded (the low end of the
  2–3 min heavy sets need), one at body weight.

`fit(items, limit)` trims a session that runs over evenly: the exercise with the most sets
loses one first (the lower priority among equals), none goes below two sets while another
holds four, and the estimate counts every set at the top of the range, so the trim stays
the same while the reps climb and set counts do not bounce from one session to the next.
Closing a session fits the next targets themselves (coach/session_life.py `close`), from
the untrimmed sets (`usual`), so a trimmed exercise is judged against its trimmed target
and still progresses; exercises in `keep` (four-set bridges and the top of the ladder)
lose their fourth set only when every other exercise is down to two sets.
"""

import math
from collections.abc import Sequence
from functools import lru_cache

from coach.exercises import EXERCISE_IDS, by_id
from coach.progression import MAX_REPS, Target
from i18n import ngettext

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
ONE_LEG_EXERCISES = frozenset(e for e in EXERCISE_IDS if by_id(e).unilateral)
MIN_SETS = 2  # trimming stops here before it takes an exercise down to one set
STANDARD_SETS = 3  # the usual working sets; a fit starts from them
TOP_SETS = 4  # a bridge before a big step, or the top of a ladder

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
    return ngettext("{n} set", "{n} sets", sets).format(n=sets)


def seconds_per_rep(exercise_id: str, variant_id: str) -> float:
    """One rep (one side) at the variant's tempo."""
    if variant_id in TEMPO_S:
        return TEMPO_S[variant_id]
    return SLOW_BASE.get(exercise_id, REP_S) if variant_id == "" else REP_S


def one_leg(exercise_id: str, variant_id: str) -> bool:
    """Whether each set is done once per leg."""
    return exercise_id in ONE_LEG_EXERCISES or variant_id in ONE_LEG_VARIANTS


@lru_cache(maxsize=1024)  # pure; a batch's cards ask it for the same few targets
def set_seconds(exercise_id: str, target: Target) -> float:
    """One working set, both sides for one-leg work, without the rest after it."""
    sides = 2 if one_leg(exercise_id, target.variant) else 1
    work = target.reps * seconds_per_rep(exercise_id, target.variant) * sides
    return work + SET_UP_S + (SWITCH_S if sides == 2 else 0)


def seconds(items: Sequence[tuple[str, Target]], holds: int = 0) -> float:
    """The whole session in seconds: warm-up, sets, rests between them, swapped-in holds.
    (Every term is a whole number of seconds, so adding per exercise rather than per set
    gives the same sum.)"""
    work = rests = 0.0
    last_rest = 0  # no rest after the session's last set
    for exercise_id, target in items:
        last_rest = REST_HEAVY_S if target.load_kg > 0 else REST_LIGHT_S
        work += set_seconds(exercise_id, target) * target.sets
        rests += last_rest * target.sets
    return WARM_UP_S + work + rests - last_rest + holds * HOLD_S


def minutes(items: Sequence[tuple[str, Target]], holds: int = 0) -> int:
    """The session's estimate in whole minutes (rounded up: a promise to keep)."""
    return math.ceil(seconds(items, holds) / 60)


def fit(items: Sequence[tuple[str, Target]], limit: int = LIMIT_MINUTES,
        holds: int = 0, keep: frozenset[str] = frozenset()) -> list[tuple[str, Target]]:
    """The session trimmed evenly until it takes at most `limit` minutes with every set at
    the top of the range (so it stays trimmed the same while the reps climb): one set at a
    time from the exercise with the most sets, the lowest priority first among equals,
    down to MIN_SETS; the exercises in `keep` (four-set bridges) keep their fourth set
    until every other one is at MIN_SETS, then lose it; only then does anything go below
    MIN_SETS. Reps, loads, variants and order stay."""
    out = list(items)
    every = frozenset(exercise_id for exercise_id, _ in items)
    for allowed, floor in ((every - keep, MIN_SETS), (keep, TOP_SETS - 1),
                           (every, MIN_SETS), (every, 1)):
        while _over(out, limit, holds):
            index = _most_above(out, floor, allowed)
            if index is None:
                break
            exercise_id, target = out[index]
            out[index] = (exercise_id, Target(target.sets - 1, target.reps,
                                              target.load_kg, target.variant))
    return out


def usual(target: Target) -> Target:
    """The target as the session would have it untrimmed: a trimmed exercise (fewer than
    STANDARD_SETS) counts at STANDARD_SETS again, so every fit starts from the same place."""
    if target.sets >= STANDARD_SETS:
        return target
    return Target(STANDARD_SETS, target.reps, target.load_kg, target.variant)


def _over(items: Sequence[tuple[str, Target]], limit: int, holds: int) -> bool:
    at_top = [(exercise_id, Target(target.sets, MAX_REPS, target.load_kg, target.variant))
              for exercise_id, target in items]
    return minutes(at_top, holds) > limit


def _most_above(items: Sequence[tuple[str, Target]], floor: int,
                allowed: frozenset[str]) -> int | None:
    """The index of the allowed exercise with the most sets above `floor`, the lowest
    priority first among equals."""
    def rank(index: int) -> tuple[int, int]:
        exercise_id, target = items[index]
        order = PRIORITY.index(exercise_id) if exercise_id in PRIORITY else len(PRIORITY)
        return (target.sets, order)

    above = [i for i, (exercise_id, target) in enumerate(items)
             if target.sets > floor and exercise_id in allowed]
    return max(above, key=rank, default=None)

"""Readiness before a session — legs fresh · heavy · sore · pain — and the session it leaves.

Rules for the day's session (`shape`):
* fresh: as planned;
* heavy: trimmed — one set fewer (at least two) and the step-up dropped;
* sore: kept light — body weight, five reps;
* pain: the exercises that load the painful area are skipped (coach/pain.py), or done at
  body weight and fives for pain rated 4-5, or as planned for 3 or less; an area
  reported twice swaps them for gentler versions in every session until it is fine;
  bone-stress signs leave out impact work (step-ups, hops, jumps) until it is fine;
* a race-week light session (coach/taper.py): two exercises, two sets of five, body weight;
* a lighter, in-season or pre-race week (coach/period.py): fewer sets at the usual load,
  and `Planned.why` says so for the card.

`read_readiness` reads plain chat ("legs feel heavy", "my achilles is sore", "knee hurts",
"achilles is fine now", "my knee hurts on lunges", a pain rating "4/10"); a message that
carries other numbers or report words is a rep report and is left to the report reader,
and so is one that names a lift without saying where it hurts.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from gettext import NullTranslations

from coach import period
from coach.discomfort import Grade, grade
from coach.pain import BONE_AREAS, IMPACT, LOADS, SWAPS, Area, Swap, area_of, bone_signs
from coach.period import Phase
from coach.progression import MIN_REPS, Target
from coach.russian import english
from coach.variants import variant
from i18n import current, translations

LIGHT_EXERCISES = ("goblet_squat", "sldl")
LIGHT_TARGET = Target(sets=2, reps=MIN_REPS, load_kg=0.0)
HEAVY_DROPS = "step_up"


class Level(StrEnum):
    FRESH = "fresh"
    HEAVY = "heavy"
    SORE = "sore"
    PAIN = "pain"


@dataclass(frozen=True)
class Told:
    """How the legs feel, and the area when something hurts (None: not said)."""

    level: Level
    area: Area | None = None
    score: int | None = None  # pain 0-10 once rated (11: worse than last time)
    bone: bool = False  # shin or foot pain with a bone-stress sign (coach/pain.py)


@dataclass(frozen=True)
class Fine:
    """The runner says an area (None: everything) is fine again."""

    area: Area | None


_LIFT = re.compile(r"\b(?:squats?|lunges?|deadlifts?|sldl|rdl|step[- ]?ups?|goblet|raises?|"
                   r"drops?)\b")
_REPORT = re.compile(r"\b(?:sets?|reps?|bw|kg|lbs?|done|skip|skipped)\b|\d")
_FINE = re.compile(r"\b(?:fine|better|ok|okay|good now|all good|healed|gone|no (?:more )?pain"
                   r"|doesn'?t hurt|stopped hurting|no longer hurts?|recovered)\b")
_PAIN = re.compile(r"\b(?:pain|painful|hurts?|hurting|injur(?:ed|y)|tweak(?:ed)?|twinge|"
                   r"niggle|sharp|strain(?:ed)?|pulled|ache|aches|aching|sore|tender)\b")
_HEAVY = re.compile(r"\b(?:heavy|tired|dead|wrecked|fatigued|flat|sluggish|knackered|"
                    r"cooked|drained|exhausted)\b")
_SORE = re.compile(r"\b(?:sore|doms|stiff|achy|aching)\b")
_FRESH = re.compile(r"\b(?:fresh|great|good|fine|strong|springy|ready|bouncy)\b")
_SCORE = re.compile(r"\b(10|\d)\s*(?:/\s*10|out of (?:10|ten))(?!\d)")
_LEGS = re.compile(r"\b(?:legs?|quads?|muscles?|body|i'?m|i am|feel(?:ing|s)?)\b")


def _words(text: str) -> str:
    return english(" ".join(text.lower().replace("’", "'").split()))  # Russian too


def read_readiness(text: str) -> Told | Fine | None:
    """What a chat message says about the legs, or None if it is about something else."""
    words = _words(text)
    if not words or len(words) > 160:
        return None
    if (rated := _rated(words)) is not None:
        return rated
    if _REPORT.search(words):
        return None
    area = area_of(words)
    if _LIFT.search(words):  # "my knee hurts on lunges": pain named with a lift, no numbers
        return Told(Level.PAIN, area) if area is not None and _hurts(words) else None
    if area is not None and _FINE.search(words) and not _negated(words):
        return Fine(area)
    if re.search(r"\b(?:no (?:more )?pain|pain(?:'s| is) gone)\b", words):
        return Fine(None)
    if area is not None and _hurts(words):
        return Told(Level.PAIN, area, bone=area.id in BONE_AREAS and bone_signs(words))
    return _general(words)


def _hurts(words: str) -> bool:
    """Pain words, or any sharp discomfort ("flaring up", "twinged": coach/discomfort.py)."""
    told = grade(words)
    return _PAIN.search(words) is not None or (told is not None and told.grade is Grade.SHARP)


def _rated(words: str) -> Told | None:
    """Pain rated in chat: "4/10", "knee pain 6 out of 10" (alone, or with pain or an area
    named and no lift)."""
    found = _SCORE.search(words)
    if found is None or _LIFT.search(words):
        return None
    area = area_of(words)
    if found.group(0) != words and area is None and not _PAIN.search(words):
        return None
    bone = area is not None and area.id in BONE_AREAS and bone_signs(words)
    return Told(Level.PAIN, area, score=int(found.group(1)), bone=bone)


def _negated(words: str) -> bool:
    """'not fine', 'isn't better': the area is not fine."""
    return re.search(r"\b(?:not|isn'?t|aren'?t|never|no)\s+(?:\w+\s+)?(?:fine|better|ok|"
                     r"okay|good|gone)\b", words) is not None


def _general(words: str) -> Told | None:
    """No area: pain with no place, or how the legs feel."""
    if re.search(r"\b(?:pain|painful|hurts?|hurting|injured|injury)\b", words):
        return Told(Level.PAIN)
    if not _LEGS.search(words):
        return None
    for pattern, level in ((_SORE, Level.SORE), (_HEAVY, Level.HEAVY)):
        if pattern.search(words):
            return Told(level)
    if _FRESH.search(words) and re.search(r"\b(?:legs?|feel\w*)\b", words):
        return Told(Level.FRESH)
    return None


@dataclass(frozen=True)
class Today:
    """What shapes one session: the taper's light flag, the readiness told for it, the
    areas that hurt today, the areas whose exercises are swapped and the kind of week."""

    light: bool = False
    level: Level | None = None
    pain_today: frozenset[str] = frozenset()
    swapped: frozenset[str] = frozenset()
    pain_light: frozenset[str] = frozenset()  # areas with pain rated 4-5 today
    no_impact: bool = False  # bone-stress signs told: impact work left out
    phase: Phase = Phase.NORMAL

    @property
    def plain(self) -> bool:
        return self == Today() or (self.level is Level.FRESH and not self.pain_today
                                   and not self.swapped and not self.light
                                   and not self.pain_light and not self.no_impact
                                   and self.phase is Phase.NORMAL)


@dataclass(frozen=True)
class Planned:
    """One exercise as today's session has it: a target, a swap, or skipped with a reason."""

    exercise_id: str
    target: Target | None
    swap: Swap | None = None
    skipped: str | None = None  # why: "pain", "trimmed", "race week"
    why: str = ""  # why the week changed the target ("lighter week: two sets, same load")


@dataclass(frozen=True)
class Shaped:
    items: tuple[Planned, ...] = field(default_factory=tuple)

    @property
    def left_out(self) -> tuple[str, ...]:
        """Exercises not done as usual today: skipped, or swapped for a gentler version."""
        return tuple(p.exercise_id for p in self.items if p.target is None)


def shape(targets: Sequence[tuple[str, Target]], today: Today) -> Shaped:
    """Today's session from the usual targets (exercise id, target), in session order."""
    return _shaped(tuple(targets), today, current(), translations())


# Pure, and asked several times per report and per card (its text, its minutes, what it
# leaves out) with inputs most runners share: each distinct (targets, day) is worked out once.
SHAPES_KEPT = 4096


@lru_cache(maxsize=SHAPES_KEPT)
def _shaped(targets: tuple[tuple[str, Target], ...], today: Today, _language: str,
            _catalog: NullTranslations) -> Shaped:
    """`shape`, kept per language and catalog: `Planned.why` is text in the language."""
    return Shaped(tuple(_one(exercise_id, target, today) for exercise_id, target in targets))


def reshaped(targets: Sequence[tuple[str, Target]], today: Today) -> frozenset[str]:
    """Exercises the day changes from their usual target (lighter, fewer sets, left out,
    swapped): what is logged for them says nothing about progress, so their targets hold."""
    if today.plain:
        return frozenset()
    usual = dict(targets)
    return frozenset(p.exercise_id for p in shape(targets, today).items
                     if p.target != usual[p.exercise_id])


def _one(exercise_id: str, target: Target, today: Today) -> Planned:
    loads = LOADS.get(exercise_id, frozenset())
    if today.light and exercise_id not in LIGHT_EXERCISES:
        return Planned(exercise_id, None, skipped="race week")
    if loads & today.swapped:
        return Planned(exercise_id, None, swap=SWAPS[exercise_id])
    if loads & today.pain_today:
        return Planned(exercise_id, None, skipped="pain")
    if today.no_impact and (exercise_id in IMPACT or variant(exercise_id, target.variant).plyo):
        return Planned(exercise_id, None, skipped="impact")
    if loads & today.pain_light:
        return Planned(exercise_id, Target(target.sets, MIN_REPS, 0.0))
    if today.light:
        return Planned(exercise_id, LIGHT_TARGET)
    week = period.cut(target, today.phase)
    planned = _by_level(exercise_id, week, today.level)
    if week != target and planned.target == week:
        return replace(planned, why=period.why(week, today.phase, target))
    return planned


def _by_level(exercise_id: str, target: Target, level: Level | None) -> Planned:
    if level is Level.HEAVY:
        if exercise_id == HEAVY_DROPS:
            return Planned(exercise_id, None, skipped="trimmed")
        return Planned(exercise_id, Target(max(2, target.sets - 1), target.reps,
                                           target.load_kg))
    if level is Level.SORE:
        return Planned(exercise_id, Target(target.sets, MIN_REPS, 0.0))
    return Planned(exercise_id, target)

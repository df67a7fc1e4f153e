"""Questions a runner asks in the middle of a session, answered from the coach's own rules.

`answer(text, ctx)` recognises a question and returns what answers it (None: not one of
these): a swap (the exercise's variant ladder, coach/variants.py), the rest between sets
(the duration model's, coach/duration.py), what comes next on today's card, or how to do an
exercise (its cue, coach/exercises.py). Pure; nothing is stored, bot/ words the answer.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from coach.duration import REST_HEAVY_S, REST_LIGHT_S
from coach.exercises import Exercise, by_id
from coach.progression import Target
from coach.readline import read_line
from coach.russian import english
from coach.variants import Variant, ladder, rung

_ASKING = re.compile(r"^\s*(?:can|could|may|should|shall|do|does|is|are|what|what's|whats|how"
                     r"|how's|which|where|when|any|anything|alternatives?|swap|instead)\b",
                     re.IGNORECASE)
_SWAP = re.compile(r"\b(?:instead(?: of)?|swap|substitute|alternatives?|replace|replacement"
                   r"|other than|can i do|could i do|can i use|is it ok to do|on a (?:bench|"
                   r"chair|step|box|stair)|without)\b", re.IGNORECASE)
_ON = re.compile(r"\bon (?:a|an|the|my) (bench|chair|step|box|stair|stairs|sofa|couch)\b",
                 re.IGNORECASE)
_REST = re.compile(r"\b(?:rest|break|recover|recovery|pause|wait) ?(?:between|in between|after"
                   r"|for|time)?\b.*|\bhow long\b.*\b(?:between|rest|break|wait)\b",
                   re.IGNORECASE)
_NEXT = re.compile(r"\b(?:what(?:'s| is|s)? (?:next|now|left|up next)|what do i do (?:next|now)"
                   r"|next exercise|what else|anything left|what'?s left)\b", re.IGNORECASE)
_HOW = re.compile(r"\b(?:how (?:do|should|to|can) (?:i |you )?(?:do|perform|make)?|form|"
                  r"technique|cue|how does .* go|what is (?:a|an|the)|what's (?:a|an|the))\b",
                  re.IGNORECASE)


@dataclass(frozen=True)
class Swap:
    """The exercise's alternatives: the other rungs of its ladder, the current one first."""

    exercise: Exercise
    current: Variant
    options: tuple[Variant, ...]
    on: str | None = None  # what the runner would do it on ("bench"), if they said


@dataclass(frozen=True)
class Rest:
    """Rest between sets: heavy (loaded) sets and body-weight sets, in seconds."""

    heavy_s: int
    light_s: int
    loaded: bool | None = None  # the exercise asked about is loaded today (None: none named)


@dataclass(frozen=True)
class Next:
    """The next exercise on today's card and its target (None: nothing is left)."""

    exercise: Exercise | None
    target: Target | None = None


@dataclass(frozen=True)
class HowTo:
    """How to do an exercise: its cue (the variant's on today's card when it has one)."""

    exercise: Exercise
    name: str
    cue: str


Answer = Swap | Rest | Next | HowTo


@dataclass(frozen=True)
class Card:
    """What the answers need of the session: exercises pending in order, today's targets."""

    pending: tuple[str, ...] = ()
    targets: Mapping[str, Target] | None = None

    def target(self, exercise_id: str) -> Target | None:
        return None if self.targets is None else self.targets.get(exercise_id)


def answer(text: str, card: Card) -> Answer | None:
    """The answer to a question about the session (None: not a question answered here)."""
    asked = english(text.strip())  # a question in Russian, in the words read below
    if not (asked.endswith("?") or _ASKING.match(asked)) or any(c.isdigit() for c in asked):
        return None
    instead = re.search(r"\b(?:instead of|rather than|in place of|swap(?: out)?)\b(.+)", asked,
                        re.IGNORECASE)
    exercise_id = read_line((instead[1] if instead else asked).rstrip("?")).exercise_id
    if exercise_id is None and instead is not None:
        exercise_id = read_line(asked.rstrip("?")).exercise_id
    if _NEXT.search(asked):
        return _next(card)
    if _REST.search(asked):
        target = None if exercise_id is None else card.target(exercise_id)
        return Rest(REST_HEAVY_S, REST_LIGHT_S,
                    None if target is None else target.load_kg > 0)
    if exercise_id is None:
        return None
    if _SWAP.search(asked):
        on = _ON.search(asked)
        return _swap(exercise_id, card, None if on is None else on[1].lower())
    if _HOW.search(asked):
        return _how(exercise_id, card)
    return None


def _next(card: Card) -> Next:
    if not card.pending:
        return Next(None)
    return Next(by_id(card.pending[0]), card.target(card.pending[0]))


def _swap(exercise_id: str, card: Card, on: str | None) -> Swap:
    """The rungs of the ladder up to the one on today's card, and one past it: the ways to
    do the exercise that the coach would allow today."""
    target = card.target(exercise_id)
    steps = ladder(exercise_id)
    at = rung(exercise_id, "" if target is None else target.variant)
    allowed = tuple(v for i, v in enumerate(steps) if i != at and i <= at + 1 and not v.plyo)
    return Swap(by_id(exercise_id), steps[at], allowed, on)


def _how(exercise_id: str, card: Card) -> HowTo:
    exercise = by_id(exercise_id)
    target = card.target(exercise_id)
    if target is not None and target.variant:
        on_card = ladder(exercise_id)[rung(exercise_id, target.variant)]
        if on_card.cue:
            return HowTo(exercise, on_card.name, on_card.cue)
    return HowTo(exercise, exercise.name, exercise.cue)

"""Effort: how hard a finished session felt, in plain words, and what it does to the next
target (Helms et al. 2016: reps in reserve as a rating of effort).

The runner may tap one answer after a session: easy (3+ reps left) · just right (1–2 left)
· hard (maybe 1 left) · too hard (none left, or form broke). Progression reads it:

* too hard: no increase of any kind (load, reps, sets or variant) — the target holds
  (never above the load done), unless the rules already back off;
  a second "too hard" in a row on the exercise: one step lighter, or fewer reps;
* hard: a planned load step waits one more session (the second "hard" in a row lets it);
* easy with every set at the top: the step may come without the "once more there first"
  session a slow lift otherwise needs (the one-step-a-week gate still stands);
* just right, or no answer: the rules as they are.
"""

from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum

from coach.reasons import load_text
from coach.targets import MAX_REPS, MIN_REPS, Change, Decision, Outcome, Target
from i18n import _


class Effort(StrEnum):
    """How hard a session felt; the values are stored on the session row."""

    EASY = "easy"
    RIGHT = "just right"
    HARD = "hard"
    TOO_HARD = "too hard"


CODES = {"e": Effort.EASY, "r": Effort.RIGHT, "h": Effort.HARD, "t": Effort.TOO_HARD}
RAISES = frozenset({Change.UP, Change.VARIANT, Change.VOLUME, Change.MORE_REPS})
BACK_OFF = frozenset({Change.DOWN, Change.STALL})

Lighter = Callable[[str, int], Decision]  # (why, reps) -> one step lighter


def easy_top(done: Outcome) -> bool:
    """Every set at the top and it felt easy: no need to be there once more first."""
    return done.effort == Effort.EASY and done.topped


def weigh(decision: Decision, done: Outcome, previous: Outcome | None, unit: str,
          lighter: Lighter) -> Decision:
    """The rules' decision with today's effort taken into account (see the module doc).
    `previous`: the exercise's session before today; `lighter`: one step lighter."""
    if done.effort == Effort.TOO_HARD:
        if previous is not None and previous.effort == Effort.TOO_HARD:
            if _lighter_than(decision.target, done):
                return decision
            return _back_off(done, lighter)
        held = replace(done.target, load_kg=min(done.load_kg, done.target.load_kg))
        if decision.change not in BACK_OFF and decision.target != held:
            return Decision(held, Change.HOLD,
                            _("it felt too hard: the same again next time, no step up"))
    if done.effort == Effort.HARD and decision.change is Change.UP and not _held_once(
            done, previous):
        at = load_text(done.load_kg, unit)
        reps = min(MAX_REPS, max(done.target.reps, min(done.reps)))
        return Decision(replace(done.target, reps=reps, load_kg=done.load_kg), Change.HOLD,
                        _("it felt hard at {load}: one more session there before the step to "
                          "{up}").format(load=at, up=load_text(decision.target.load_kg, unit)))
    if done.effort == Effort.EASY and decision.change in RAISES - {Change.MORE_REPS}:
        return replace(decision, why=_("{why}, and it felt easy").format(why=decision.why))
    return decision


def _back_off(done: Outcome, lighter: Lighter) -> Decision:
    """The second "too hard" in a row: one weight lighter; at body weight one rep fewer (or
    an easier variant, where the ladder has one)."""
    if done.load_kg > 0:
        return lighter(_("too hard twice in a row: one step lighter"), done.target.reps)
    reps = max(MIN_REPS, done.target.reps - 1)
    why = (_("too hard twice in a row: one rep fewer") if reps < done.target.reps
           else _("too hard twice in a row: no step up until it feels easier"))
    return lighter(why, reps)


def _held_once(done: Outcome, previous: Outcome | None) -> bool:
    """The session before felt hard too, at the same load: the step waited once already."""
    return (previous is not None and previous.effort == Effort.HARD
            and previous.load_kg == done.load_kg
            and previous.target.variant == done.target.variant)


def _lighter_than(target: Target, done: Outcome) -> bool:
    return (target.load_kg, target.reps) < (done.load_kg, done.target.reps)

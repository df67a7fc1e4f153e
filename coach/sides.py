"""Left against right: the gap of one session and whether a gap persists.

A gap counts when the weaker leg's total reps trail the stronger's by at least
`IMBALANCE_THRESHOLD`; it persists when three of the last four per-leg sessions of an
exercise show it on the same side. One session is never a pattern.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from i18n import _

IMBALANCE_THRESHOLD = 0.1
WINDOW = 4
NEEDED = 3

Pair = tuple[Sequence[int], Sequence[int]]  # (left, right) reps per set


def leg_gap(left: Sequence[int], right: Sequence[int]) -> float | None:
    """Relative difference of the two legs' total reps; None if not comparable."""
    if not left or len(left) != len(right):
        return None
    total_left, total_right = sum(left), sum(right)
    stronger = max(total_left, total_right)
    if stronger <= 0:
        return None
    return abs(total_left - total_right) / stronger


@dataclass(frozen=True)
class Imbalance:
    """One leg lagging the other by at least IMBALANCE_THRESHOLD of the stronger's reps."""

    weaker: str  # "left" or "right"
    gap: float


def imbalance(left: Sequence[int] | None, right: Sequence[int] | None) -> Imbalance | None:
    """The weaker leg and the gap of one session when it is large enough to count."""
    if left is None or right is None:
        return None
    gap = leg_gap(left, right)
    if gap is None or gap < IMBALANCE_THRESHOLD:
        return None
    return Imbalance("left" if sum(left) < sum(right) else "right", gap)


def persistent_side(pairs: Sequence[Pair]) -> str | None:
    """'left' or 'right' when three of the last four sessions lag on that side, else None."""
    sides = [lag.weaker if (lag := imbalance(left, right)) else None
             for left, right in pairs[-WINDOW:]]
    for side in ("left", "right"):
        if sides.count(side) >= NEEDED:
            return side
    return None


def gap_news(before: Sequence[Pair], today: Pair | None) -> str:
    """What to tell after today's session: a gap that just became persistent (told once,
    with what to do), one that just closed (the follow-up), or nothing."""
    if today is None:
        return ""
    was, now = persistent_side(before), persistent_side([*before, today])
    if now is not None and now != was:
        if now == "left":
            return _("your left leg has trailed in three of the last four sessions. Start "
                     "each set with the left leg, then match its reps on the right.")
        return _("your right leg has trailed in three of the last four sessions. Start each "
                 "set with the right leg, then match its reps on the left.")
    if was is not None and now is None:
        if was == "left":
            return _("your left leg has caught up: left and right are even again. Well done.")
        return _("your right leg has caught up: left and right are even again. Well done.")
    return ""

"""Left and right over time: a gap worth telling only when it persists.

The rule (the coaching issue's): a gap of at least `IMBALANCE_THRESHOLD` of the stronger
leg's reps in three of the last four per-leg sessions of an exercise, on the same side. The
note says which side, since when (the first session of the current run of gaps) and whether
it is closing (the latest gap is smaller than the first one of the window, or gone).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from coach.history import Done
from coach.sides import NEEDED, WINDOW, imbalance


@dataclass(frozen=True)
class LegNote:
    """A persistent gap: the weaker side, since when, and where it is heading."""

    exercise_id: str
    weaker: str  # "left" or "right"
    since: date
    first_gap: float
    latest_gap: float  # 0 when the latest session showed no gap worth a word

    @property
    def closing(self) -> bool:
        return self.latest_gap < self.first_gap


def _gaps(sessions: Sequence[Done]) -> list[tuple[Done, str | None, float]]:
    out: list[tuple[Done, str | None, float]] = []
    for done in sessions:
        lag = imbalance(done.left, done.right)
        out.append((done, None, 0.0) if lag is None else (done, lag.weaker, lag.gap))
    return out


def leg_note(history: Sequence[Done], exercise_id: str) -> LegNote | None:
    """The persistent gap of one exercise, if its last four per-leg sessions show one."""
    legs = [d for d in history if d.exercise_id == exercise_id and d.per_leg]
    gaps = _gaps(legs)
    window = gaps[-WINDOW:]
    for side in ("left", "right"):
        hits = [g for g in window if g[1] == side]
        if len(hits) < NEEDED:
            continue
        start = gaps.index(hits[0])
        while start > 0 and gaps[start - 1][1] == side:
            start -= 1
        latest = window[-1]
        latest_gap = latest[2] if latest[1] == side else 0.0
        return LegNote(exercise_id, side, gaps[start][0].day, hits[0][2], latest_gap)
    return None


def leg_notes(history: Sequence[Done], exercise_ids: Sequence[str]) -> list[LegNote]:
    """Persistent gaps of several exercises, in the order given."""
    return [n for n in (leg_note(history, e) for e in exercise_ids) if n is not None]

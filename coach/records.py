"""Personal records: the heaviest load lifted for five or more reps, and the most reps at a load.

Both are kept per leg for per-leg reports (a report without sides counts for each leg) and
per variant: like is compared with like. A session sets a record only when it beats every
earlier session of that exercise and variant; the first time one is logged sets none (there
is nothing to beat yet), the most reps at a load needs an earlier session at that same load,
and a day the coach made lighter (heavy legs, race week, a swap) sets none: it was not a
day to push.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from coach.history import Done, Logged, resolve
from coach.progression import MIN_REPS


class RecordKind(Enum):
    HEAVIEST = "heaviest"  # heaviest load for at least MIN_REPS reps in a set
    MOST_REPS = "most_reps"  # most reps in one set at a given load


@dataclass(frozen=True)
class Record:
    """A new best, and the best it beat."""

    exercise_id: str
    kind: RecordKind
    side: str  # "left", "right" or "both"
    load_kg: float
    reps: int
    previous: float  # the old heaviest load (kg) or the old most reps at this load
    session_id: int


def _heaviest(done: Done, side: str) -> float | None:
    """The load of this session if some set of this side reached MIN_REPS."""
    reps = done.side(side)
    return done.load_kg if reps and max(reps) >= MIN_REPS else None


def session_records(earlier: Sequence[Done], now: Sequence[Done]) -> list[Record]:
    """The records set by one session's exercises (`now`) against everything `earlier`."""
    found: list[Record] = []
    for done in now:
        before = [d for d in earlier
                  if d.exercise_id == done.exercise_id and d.variant == done.variant]
        if not before or done.lighter:
            continue
        for side, reps in done.sides().items():
            found += _side_records(done, side, reps, before)
    return found


def _side_records(done: Done, side: str, reps: tuple[int, ...],
                  before: Sequence[Done]) -> list[Record]:
    out = []
    heaviest = _heaviest(done, side)
    old = [h for h in (_heaviest(d, side) for d in before) if h is not None]
    best_old = max(old, default=0.0)
    if heaviest is not None and heaviest > 0 and heaviest > best_old:
        out.append(Record(done.exercise_id, RecordKind.HEAVIEST, side, heaviest, max(reps),
                          best_old, done.session_id))
        return out  # a new load is its own best: "most reps at it" would say the same
    same_load = [max(d.side(side), default=0) for d in before if d.load_kg == done.load_kg]
    if same_load and reps and max(reps) > max(same_load):
        out.append(Record(done.exercise_id, RecordKind.MOST_REPS, side, done.load_kg,
                          max(reps), max(same_load), done.session_id))
    return out


def all_records(history: Sequence[Done]) -> list[Record]:
    """Every record in a history, session by session, oldest first."""
    found: list[Record] = []
    sessions: dict[int, list[Done]] = {}
    for done in history:
        sessions.setdefault(done.session_id, []).append(done)
    seen: list[Done] = []
    for group in sessions.values():
        found += session_records(seen, group)
        seen += group
    return found


def new_bests(logged: Sequence[Logged], session_id: int) -> tuple[Record, ...]:
    """The new bests of one session against everything logged before it."""
    history = resolve(logged)
    mine = [d for d in history if d.session_id == session_id]
    if not mine:
        return ()
    first = history.index(mine[0])
    earlier = [d for d in history[:first] if d.session_id != session_id]
    return tuple(session_records(earlier, mine))


# What earlier sessions did, as the records need it: (exercise, variant, side) -> load ->
# the most reps in one set on that side at that load (storage keeps it, storage/marks.py).
Bests = Mapping[tuple[str, str, str], Mapping[float, int]]


def bests_of(history: Iterable[Done]) -> dict[tuple[str, str, str], dict[float, int]]:
    """The bests of a history (a report without sides counts for each leg; "both" is each
    entry's reps, the weaker leg's for per-leg reports)."""
    out: dict[tuple[str, str, str], dict[float, int]] = {}
    for done in history:
        for side in ("both", "left", "right"):
            reps = done.reps if side == "both" else done.side(side)
            at = out.setdefault((done.exercise_id, done.variant, side), {})
            at[done.load_kg] = max(at.get(done.load_kg, 0), max(reps, default=0))
    return out


def records_against(bests: Bests, now: Sequence[Done]) -> list[Record]:
    """`session_records` with everything earlier given as its bests: the same records."""
    found: list[Record] = []
    for done in now:
        seen = any((done.exercise_id, done.variant, side) in bests
                   for side in ("both", "left", "right"))
        if not seen or done.lighter:
            continue
        for side, reps in done.sides().items():
            found += _side_against(done, side, reps, bests.get(
                (done.exercise_id, done.variant, side), {}))
    return found


def _side_against(done: Done, side: str, reps: tuple[int, ...],
                  at: Mapping[float, int]) -> list[Record]:
    heaviest = _heaviest(done, side)
    best_old = max((load for load, most in at.items() if most >= MIN_REPS), default=0.0)
    if heaviest is not None and heaviest > 0 and heaviest > best_old:
        return [Record(done.exercise_id, RecordKind.HEAVIEST, side, heaviest, max(reps),
                       best_old, done.session_id)]
    same = at.get(done.load_kg)
    if same is not None and reps and max(reps) > same:
        return [Record(done.exercise_id, RecordKind.MOST_REPS, side, done.load_kg,
                       max(reps), same, done.session_id)]
    return []

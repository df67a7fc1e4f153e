"""Simulated runners for `coachbot simulate`: a registry, and the built-in archetypes.

An archetype has a kit (as a runner would type it), a unit, and answers each session with
a report as a runner would type it (`report`); it may miss sessions (`misses`), prepare
the runner first (`setup`: a race, a readiness answer) and name a race date for the rows.
Add one with `register(Archetype(...))`.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from coach.clock import FakeClock
from coach.exercises import Exercise
from services.equipment import EquipmentService
from services.plan import PlanService
from services.sessions import SessionService
from services.understanding import UnderstandingService
from storage.records import SessionView

ALIAS = {"sldl": "sldl", "goblet_squat": "goblet", "reverse_lunge": "lunge",
         "eccentric_calf_raise": "calf", "step_up": "step up"}
TOP, STUCK_AT, STUCK_KG = 8, 6, 10.0
GAP_SESSIONS = 6  # the imbalance runner's right leg trails for this many sessions
BREAK_SESSIONS = range(10, 16)  # the break runner misses weeks 4 and 5 (Tue/Thu/Sun)


@dataclass(frozen=True)
class World:
    """The real services of one simulation, its clock and its runner."""

    plans: PlanService
    sessions: SessionService
    equipment: EquipmentService
    understanding: UnderstandingService
    clock: FakeClock
    user_id: int = 1


Reporter = Callable[[int, date, SessionView], str]


def _never(_number: int, _day: date) -> bool:
    return False


def _no_race(_day: date) -> date | None:
    return None


@dataclass(frozen=True)
class Archetype:
    """A kind of runner: their kit and unit, and what they report each session."""

    name: str
    description: str
    kit: str
    report: Reporter
    unit: str = "kg"
    misses: Callable[[int, date], bool] = _never  # (session number from 1, day)
    setup: Callable[[World], Awaitable[None]] | None = None
    race: Callable[[date], date | None] = _no_race


ARCHETYPES: dict[str, Archetype] = {}


def register(archetype: Archetype) -> Archetype:
    """Add an archetype to the registry (its name must be new)."""
    if archetype.name in ARCHETYPES:
        raise ValueError(f"archetype {archetype.name!r} exists")
    ARCHETYPES[archetype.name] = archetype
    return archetype


def line(exercise: Exercise, reps: int, sets: int, right: int | None = None) -> str:
    """One report line: 'goblet 8 8 8', 'sldl L 8 8 8 R 6 6 6' (`right`: its own reps)."""
    left = " ".join([str(reps)] * sets)
    if right is None or not exercise.unilateral:
        return f"{ALIAS[exercise.id]} {left}"
    return f"{ALIAS[exercise.id]} L {left} R {' '.join([str(right)] * sets)}"


def _all_top(_number: int, _day: date, view: SessionView) -> str:
    return "\n".join(line(i.exercise, TOP, i.target.sets) for i in view.items)


def _stuck(_number: int, _day: date, view: SessionView) -> str:
    return "\n".join(
        line(i.exercise, TOP if i.target.load_kg < STUCK_KG else STUCK_AT, i.target.sets)
        for i in view.items)


def _right_trails(number: int, _day: date, view: SessionView) -> str:
    right = STUCK_AT if number <= GAP_SESSIONS else TOP
    return "\n".join(line(i.exercise, TOP, i.target.sets, right) for i in view.items)


def _away_two_weeks(number: int, _day: date) -> bool:
    return number in BREAK_SESSIONS


register(Archetype("steady", "always makes the top of the range; kettlebells 8-24 kg",
                   "8 12 16 20 24 kg kettlebells", _all_top))
register(Archetype("stall", "a gym runner stuck at 6 reps from 10 kg up", "gym", _stuck))
register(Archetype("bodyweight", "no weights at all; always makes the top of the range",
                   "none", _all_top))
register(Archetype("imbalance", "the right leg trails by two reps for six sessions",
                   "gym", _right_trails))
register(Archetype("break", "like steady, but misses weeks 4 and 5",
                   "8 12 16 20 24 kg kettlebells", _all_top, misses=_away_two_weeks))
# Driven by services/simulate_races.py (races and readiness through their own services):
register(Archetype("race", "a half marathon in week 8: taper, one light session, recovery",
                   "gym", _all_top))
register(Archetype("sore", "a sore Achilles told before sessions, then pain twice: swaps",
                   "gym", _all_top))

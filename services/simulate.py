"""The coach, simulated: archetypal runners against the real services and an injected clock.

A run makes a temporary SQLite database, onboards one runner (hard runs Tue, Thu and Sun,
so those are the strength days), tells it their kit, then for N weeks opens each session,
reports what the archetype would do, and finishes it, all through the session service.
It returns what each session planned, exercise by exercise, with the reason for it.

Archetypes live in a registry (services/archetypes.py).
"""

import asyncio
import datetime as dt
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.clock import FakeClock
from coach.progression import Target
from coach.reasons import change_text, reason_line
from coach.reports import parse_report
from services import simulate_races
from services.archetypes import ARCHETYPES, Archetype, World
from services.equipment import EquipmentService
from services.plan import PlanService
from services.sessions import Finished, SessionService
from services.understanding import UnderstandingService
from storage.db import create_engine, session_factory
from storage.migrate import upgrade

RUNNER = 1
HARD_DAYS = frozenset({1, 3, 6})  # Tue, Thu, Sun
START = dt.date(2026, 1, 5)  # a Monday
SESSION_HOUR = 19
FIRST_REASON = "first session: body weight, master the form"


@dataclass(frozen=True)
class Row:
    """One planned exercise of one session, and why its target is what it is."""

    date: dt.date
    exercise: str
    sets: int
    reps: int
    load_kg: float
    variant: str
    reason: str
    race: dt.date | None = None

    def as_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "exercise": self.exercise, "sets": self.sets,
                "reps": self.reps, "load_kg": self.load_kg, "variant": self.variant,
                "reason": self.reason,
                "race": None if self.race is None else self.race.isoformat()}


@dataclass(frozen=True)
class Note:
    """Something the coach told after a session besides targets (a left/right gap)."""

    date: dt.date
    exercise: str
    text: str


@dataclass
class Run:
    """What a simulation produced."""

    archetype: str
    rows: list[Row] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


async def simulate(name: str, weeks: int, start: dt.date = START) -> Run:
    """Run an archetype for `weeks` weeks on a fresh temporary database."""
    archetype = ARCHETYPES[name]
    with tempfile.TemporaryDirectory(prefix="coachbot-sim-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'simulate.db'}"
        await asyncio.to_thread(upgrade, url)
        engine = create_engine(url)
        try:
            if name in simulate_races.ARCHETYPES:  # races and readiness drive their own runs
                began = datetime.combine(start, time(9), UTC)
                rows = await simulate_races.ARCHETYPES[name](session_factory(engine), began,
                                                             weeks)
                return Run(name, [_from_sim(row) for row in rows])
            world = _world(session_factory(engine), start)
            return await _run(world, archetype, weeks, start)
        finally:
            await engine.dispose()


def _from_sim(row: simulate_races.SimRow) -> Row:
    race = None if row.race is None else dt.date.fromisoformat(row.race)
    return Row(dt.date.fromisoformat(row.date), row.exercise, row.sets, row.reps, row.load_kg,
               row.variant, row.reason, race)


def _world(factory: async_sessionmaker[AsyncSession], start: dt.date) -> World:
    clock = FakeClock(datetime.combine(start, time(9), UTC))
    return World(PlanService(factory, timedelta(minutes=30)), SessionService(factory),
                 EquipmentService(factory), UnderstandingService(factory), clock)


async def _run(world: World, archetype: Archetype, weeks: int, start: dt.date) -> Run:
    now = world.clock.now()
    await world.plans.save_plan(world.user_id, world.user_id, HARD_DAYS, frozenset(),
                                time(18, 0), "UTC", now)
    await world.understanding.set_unit(world.user_id, archetype.unit)
    await world.equipment.set_text(world.user_id, archetype.kit, now)
    if archetype.setup is not None:
        await archetype.setup(world)
    run, why, number = Run(archetype.name), dict[str, str](), 0
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        if day.weekday() not in HARD_DAYS:
            continue
        number += 1
        world.clock.set(datetime.combine(day, time(SESSION_HOUR), UTC))
        await _session(world, archetype, run, why, number, day)
    return run


async def _session(world: World, archetype: Archetype, run: Run, why: dict[str, str],
                   number: int, day: dt.date) -> None:
    if archetype.misses(number, day):
        return
    view = await world.sessions.start_now(world.user_id, world.clock.now())
    text = archetype.report(number, day, view)
    if text is None:
        return
    race = archetype.race(day)
    for item in view.items:
        reason = item.why or why.get(item.exercise.id, FIRST_REASON)
        run.rows.append(_row(day, item.exercise.id, item.target, reason, race))
    parsed = parse_report(text, view.pending)
    assert not parsed.problems, parsed.problems
    now = world.clock.now()
    await world.sessions.record(world.user_id, view.session.id, parsed.lines, None, now)
    done = await world.sessions.finish(world.user_id, view.session.id, now)
    _learn(done, run, why, day)


def _row(day: dt.date, exercise_id: str, target: Target, reason: str,
         race: dt.date | None) -> Row:
    return Row(day, exercise_id, target.sets, target.reps, round(target.load_kg, 3),
               target.variant, reason, race)


def _learn(done: Finished, run: Run, why: dict[str, str], day: dt.date) -> None:
    """Remember each decision's reason for the next session; keep the notes told."""
    before = {item.exercise.id: item.target for item in done.view.items}
    unit = done.view.profile.unit
    for exercise, decision in done.decisions:
        old, new = before[exercise.id], decision.target
        headline = change_text(exercise.id, exercise.name, old.key(), new.key(), unit)
        why[exercise.id] = reason_line(headline, decision.why)
        if decision.note:
            run.notes.append(Note(day, exercise.id, decision.note))

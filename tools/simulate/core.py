"""The coach, simulated: a runner described by a spec (tools/simulate/spec.py) through the
real services on a throwaway SQLite database, with an injected clock.

A run onboards the runner (hard runs ending 18:00 UTC: the plan picks the session days and
each reminder is due half an hour later), sets their unit and kit, then goes day by day:
that day's events first (chat said at 08:00, time away starting), then the session due that
day, if any: missed while away, else opened, logged as the spec says and finished (and,
in a week with an `effort` event, rated under its wrap-up as the bot's row does). It
returns one row per planned exercise per session (tools/simulate/rows.py).

The named runners are the JSON files in tools/simulate/runners/ (`--runner NAME`).
"""

import asyncio
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from coach.clock import FakeClock
from coach.effort import Effort
from coach.exercises import by_id
from coach.progression import MAX_REPS, Target
from coach.readiness import Planned, shape
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.views import SessionInfo
from services.effort import rate
from services.equipment import set_kit
from services.plan import plan_overview, save_plan
from services.races import list_races
from services.sessions import finish, record, skip, start_now
from services.understanding import set_unit
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from tools.simulate.chat import TZ, USER, World, say
from tools.simulate.rows import Note, Row, Run, Said, learn, learn_effort, session_rows
from tools.simulate.spec import Event, Spec, load_spec

__all__ = ["Note", "Row", "Run", "Said", "reported", "runner", "runner_names", "simulate"]

RUNNERS = Path(__file__).with_name("runners")
OFFSET = timedelta(minutes=30)
RUN_END = time(18, 0)
SAY_AT = time(8, 0)


def runner_names() -> tuple[str, ...]:
    """The named runners shipped in tools/simulate/runners/."""
    return tuple(sorted(path.stem for path in RUNNERS.glob("*.json")))


def runner(name: str) -> Spec:
    """The named runner's spec; KeyError for a name not shipped."""
    if name not in runner_names():
        raise KeyError(name)
    return load_spec((RUNNERS / f"{name}.json").read_text(encoding="utf-8"))


async def simulate(spec: Spec | str, weeks: int | None = None) -> Run:
    """Run a spec (or a named runner) for `weeks` weeks (None: the spec's own)."""
    spec = runner(spec) if isinstance(spec, str) else spec
    with tempfile.TemporaryDirectory(prefix="coachbot-sim-") as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'simulate.db'}"
        await asyncio.to_thread(upgrade, url)
        engine = create_engine(url)
        try:
            factory = session_factory(engine)
            clock = FakeClock(datetime.combine(spec.start, SAY_AT, UTC))
            world = World(factory, clock, OFFSET)
            return await _Runner(world, spec).run(spec.weeks if weeks is None else weeks)
        finally:
            await engine.dispose()


@dataclass
class _Runner:
    """One spec's run: what happened so far that the next sessions depend on."""

    world: World
    spec: Spec
    away_until: date | None = None
    effort: dict[int, str] = field(default_factory=dict)  # week -> the answer
    trails: dict[int, int] = field(default_factory=dict)  # week -> right leg's reps fewer
    why: dict[str, str] = field(default_factory=dict)  # exercise -> its last change's reason
    seen: set[int] = field(default_factory=set)
    last: dict[str, Target] = field(default_factory=dict)  # exercise -> its usual target

    async def run(self, weeks: int) -> Run:
        spec, world = self.spec, self.world
        out = Run(spec.name, spec.description, spec.unit)
        await world.units.run(save_plan, world.now(), USER, USER, spec.hard_days, frozenset(),
                              RUN_END, TZ, OFFSET)
        async with world.units() as uow:
            await set_unit(uow, USER, spec.unit)
            await set_kit(uow, world.now(), USER, spec.equipment)
        for offset in range(weeks * 7):
            day, week = spec.start + timedelta(days=offset), offset // 7 + 1
            world.clock.set(datetime.combine(day, SAY_AT, UTC))
            for event in _events_on(spec, week, offset % 7, day):
                await self.happen(out, event, day)
            while (due := await self.due_by(day + timedelta(days=1))) is not None:
                world.clock.set(max(due.due_at, world.now()))
                await self.session(out, due, week)
        return out

    async def due_by(self, end: date) -> SessionInfo | None:
        """The next session due before `end` (00:00 UTC) not handled yet."""
        due = (await self.world.units.run(plan_overview, self.world.now(), USER, OFFSET)).next_due
        limit = datetime.combine(end, time(0), UTC)
        if due is None or due.due_at >= limit or due.id in self.seen:
            return None
        self.seen.add(due.id)
        return due

    async def happen(self, out: Run, event: Event, day: date) -> None:
        if event.say is not None:
            out.said.append(Said(day, event.say, await say(self.world, event.say, self.why)))
        if event.away_days:
            self.away_until = day + timedelta(days=event.away_days)
        if event.effort is not None:
            self.effort[event.week] = event.effort
        if event.right_trails:
            for week in range(event.week, event.week + event.for_weeks):
                self.trails[week] = event.right_trails

    async def session(self, out: Run, due: SessionInfo, week: int) -> None:
        world, now = self.world, self.world.now()
        if self.away_until is not None and due.session_date < self.away_until:
            await world.units.run(skip, now, USER, due.id)
            return
        view = await world.units.run(start_now, now, USER)
        planned = shape([(i.exercise.id, i.target) for i in view.items], view.today).items
        races = (await world.units.run(list_races, now, USER, OFFSET)).races
        race = races[0].race.race_date if races else None
        out.rows += session_rows(view, planned, self.why, race, self.effort.get(week),
                                 self.last)
        lines = [ReportLine(p.exercise_id, reported(self.spec, p, self.trails.get(week, 0)), "")
                 for p in planned]
        await world.units.run(record, now, USER, view.session.id, lines, None)
        done = await world.units.run(finish, now, USER, view.session.id)
        learn(done, out, self.why)
        if (felt := self.effort.get(week)) is not None:  # tapped under the wrap-up
            async with world.units() as uow:
                rated = await rate(uow, now, USER, view.session.id, Effort(felt))
            learn_effort(done, rated.changes, self.why)


def reported(spec: Spec, planned: Planned, trails: int = 0) -> SetsReport:
    """What the runner does of the day's target, as the spec says (`trails`: the right
    leg's reps fewer this week)."""
    target = planned.target
    if target is None:
        return SetsReport(ReportKind.SKIPPED)
    mode = spec.mode(planned.exercise_id, target.load_kg)
    reps = {"top": MAX_REPS, "target+1": min(target.reps + 1, MAX_REPS)}.get(mode, target.reps)
    sets = (reps,) * target.sets
    if mode == "stall":  # the last set falls one short: the rep target never moves
        sets = (*sets[:-1], max(1, reps - 1))
    if not spec.per_leg or not by_id(planned.exercise_id).unilateral:
        return SetsReport(ReportKind.SETS, sets)
    right = tuple(max(1, r - trails) for r in sets)
    return SetsReport(ReportKind.SETS, tuple(map(min, sets, right)), sets, right)


def _events_on(spec: Spec, week: int, index: int, day: date) -> Iterator[Event]:
    """The spec's events of this day: those of its week on its weekday, or on the week's
    first day when they name none."""
    for event in spec.events:
        if event.week == week and (day.weekday() == event.day if event.day is not None
                                   else index == 0):
            yield event

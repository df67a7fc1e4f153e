"""Simulation archetypes `race` and `sore`: the real services, an injected clock, one runner.

Ready for `coachbot simulate` to register: each archetype is
`async (factory, start, weeks) -> list[SimRow]`, one row per planned exercise per session.
The runner trains Tue/Thu/Sun after an 18:30 run in Berlin, opens each session when its
reminder is due and always makes the top of the range (8 reps a set) of what the day asks.

* race: tells a half marathon on the Sunday of week 8 before the first session;
* sore: legs sore in week 2, a sore Achilles before two sessions of week 3 (the second
  swaps the calf raise for its gentle hold), fine again from week 5.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.pain import by_area
from coach.progression import MAX_REPS
from coach.races import Distance, Race
from coach.readiness import Level, Planned, Shaped, Told
from coach.reports import ReportKind, ReportLine, SetsReport
from services.plan import PlanService, local_date
from services.races import RaceService
from services.readiness import ReadinessService
from services.sessions import SessionService

USER = 1
TZ = "Europe/Berlin"
OFFSET = timedelta(minutes=30)
HARD_DAYS = frozenset({1, 3, 6})  # Tue, Thu, Sun


@dataclass(frozen=True)
class SimRow:
    """One planned exercise of one simulated session (the `coachbot simulate --json` row)."""

    date: str
    exercise: str
    sets: int
    reps: int
    load_kg: float
    variant: str
    reason: str
    race: str | None


@dataclass
class Runner:
    """The services one simulated runner is driven through."""

    plans: PlanService
    sessions: SessionService
    races: RaceService
    readiness: ReadinessService
    race: Race | None = None


Before = Callable[[Runner, int, int, datetime], Awaitable[str]]


def half_in_week_8(start: datetime) -> Race:
    """The Sunday of the eighth week from `start`."""
    first = local_date(start, TZ)
    sunday = first + timedelta(days=(6 - first.weekday()) % 7)
    return Race(sunday + timedelta(weeks=7), Distance.HALF)


async def race(factory: async_sessionmaker[AsyncSession], start: datetime,
               weeks: int) -> list[SimRow]:
    """A half marathon in week 8: taper, one light session, recovery, then normal."""
    runner = await _runner(factory, start)
    runner.race = half_in_week_8(start)
    await runner.races.add(USER, runner.race, start)
    return await _run(runner, start, weeks, _no_readiness)


async def sore(factory: async_sessionmaker[AsyncSession], start: datetime,
               weeks: int) -> list[SimRow]:
    """Sore legs, then a sore Achilles twice (swapped), then fine again."""
    runner = await _runner(factory, start)
    return await _run(runner, start, weeks, _sore_weeks)


async def _sore_weeks(runner: Runner, week: int, session_id: int, now: datetime) -> str:
    if week == 1:
        await runner.readiness.tell(USER, Told(Level.SORE), now, session_id)
        return "sore legs: light"
    if week == 2:
        await runner.readiness.tell(USER, Told(Level.PAIN, by_area("achilles")), now,
                                    session_id)
        return "sore achilles"
    if week == 4:
        await runner.readiness.fine(USER, "achilles", now)
        return "achilles fine again"
    return ""


async def _no_readiness(_runner: Runner, _week: int, _session_id: int, _now: datetime) -> str:
    return ""


async def _runner(factory: async_sessionmaker[AsyncSession], start: datetime) -> Runner:
    plans = PlanService(factory, OFFSET)
    await plans.save_plan(USER, USER, HARD_DAYS, frozenset(), time(18, 30), TZ, start)
    return Runner(plans, SessionService(factory, OFFSET), RaceService(factory, plans),
                  ReadinessService(factory))


async def _run(runner: Runner, start: datetime, weeks: int, before: Before) -> list[SimRow]:
    """Every session due before the end: opened, told, shaped, logged at the top, done."""
    end, now = start + timedelta(weeks=weeks), start
    rows: list[SimRow] = []
    while True:
        due = (await runner.plans.overview(USER, now)).next_due
        if due is None or due.due_at >= end:
            return rows
        now = due.due_at
        view = await runner.sessions.start_now(USER, now)
        said = await before(runner, (now - start).days // 7, view.session.id, now)
        shaped = await runner.readiness.shaped(USER, view.session.session_date)
        rows += _rows(view.session.session_date, shaped, said, runner.race)
        await _log_top(runner, view.session.id, shaped, usual=not said and not _light(shaped),
                       now=now)
        await runner.sessions.finish(USER, view.session.id, now)
        now += timedelta(hours=1)


async def _log_top(runner: Runner, session_id: int, shaped: Shaped, *, usual: bool,
                   now: datetime) -> None:
    """The top of the range (8) on a usual day; on a light or sore day just what it asked
    (no load typed, so the usual target stands); left-out exercises are skipped."""
    lines = [ReportLine(p.exercise_id, _done(p, usual), "") for p in shaped.items]
    await runner.sessions.record(USER, session_id, lines, None, now)


def _done(planned: Planned, usual: bool) -> SetsReport:
    if planned.target is None:
        return SetsReport(ReportKind.SKIPPED)
    reps = MAX_REPS if usual else planned.target.reps
    return SetsReport(ReportKind.SETS, (reps,) * planned.target.sets)


def _light(shaped: Shaped) -> bool:
    return any(p.skipped == "race week" for p in shaped.items)


def _rows(day: date, shaped: Shaped, said: str, race: Race | None) -> list[SimRow]:
    return [SimRow(day.isoformat(), p.exercise_id,
                   0 if p.target is None else p.target.sets,
                   0 if p.target is None else p.target.reps,
                   0.0 if p.target is None else p.target.load_kg,
                   "" if p.swap is None else p.swap.name, _reason(p, said),
                   None if race is None else race.race_date.isoformat())
            for p in shaped.items]


def _reason(planned: Planned, said: str) -> str:
    if planned.swap is not None:
        return f"swapped: pain told twice for the same area ({said or 'until fine'})"
    if planned.skipped is not None:
        return {"race week": "race week: light session", "pain": "skipped: it loads the pain",
                "trimmed": "heavy legs: trimmed"}.get(planned.skipped, planned.skipped)
    return said


ARCHETYPES = {"race": race, "sore": sore}

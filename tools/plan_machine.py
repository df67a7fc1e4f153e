"""A stateful model of runners using coachbot: random sequences of everything a runner, the
scheduler and the operator do, on the real services and a real SQLite file, with an injected
clock (runs arriving from Strava among them). After every step the plan rule
(coach/plan_rule.py) must hold, /plan and /pause must
name the same local dates, and every target must equal a replay of the runner's log.

Shared by tests/storage/test_plan_machine.py (short) and `python -m bench.plan_machine` (long).
"""

import asyncio
import contextlib
import shutil
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import select

from bot.format import paused_label
from bot.onboarding import plan_text
from coach.clock import FakeClock
from coach.concrete import made_lighter
from coach.exercises import CATALOGUE, by_id
from coach.plan import MoveRefused, NotEnoughDays
from coach.plan_rule import SessionRowView, is_planned, plan_problems
from coach.progression import Target, initial_target
from coach.races import Distance, Race
from coach.readiness import reshaped
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.stored import RACE_LOOK_BACK
from coach.views import Status
from fakes.scheduler import ScriptedSender
from scheduler.delivery import Deliverer
from scheduler.nudges import Nudger
from services.closing import decide
from services.coaching import away_context, comeback_targets, context_for
from services.plan import (
    NotOnboarded,
    deactivate,
    delete_user,
    local_date,
    move_run,
    pause,
    plan_overview,
    profile_of,
    reactivate,
    register,
    resume,
    routine_of,
    save_plan,
)
from services.races import add_race, list_races, remove_race
from services.readiness import day_plan
from services.runtime import Units
from services.sessions import (
    SessionClosed,
    correct,
    finish,
    open_view,
    record,
    rerecord_lines,
    skip,
    snooze,
    start_now,
    undo,
)
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import SessionRow
from storage.races import RacesRepo
from storage.uow import UnitOfWork
from tools.plan_machine_strava import MachineStrava, StravaSteps, followed_due

OFFSET = timedelta(minutes=30)
GRACE = timedelta(hours=2)
RUNNERS = (1, 2)
ZONES = ("Asia/Kolkata", "Pacific/Auckland", "America/St_Johns", "Europe/Berlin",
         "America/New_York", "UTC")
STARTS = (  # just before DST changes in Europe, North America and New Zealand, and a new year
    datetime(2026, 3, 26, 9, 0, tzinfo=UTC), datetime(2026, 10, 22, 21, 0, tzinfo=UTC),
    datetime(2026, 3, 5, 23, 30, tzinfo=UTC), datetime(2026, 9, 24, 10, 0, tzinfo=UTC),
    datetime(2026, 12, 29, 11, 0, tzinfo=UTC))
RUN_ENDS = (time(6, 30), time(12, 0), time(18, 30), time(21, 0), time(23, 45), time(23, 50),
            time(0, 15), time(1, 30), time(2, 30))
_TEMPLATE: dict[str, Path] = {}

days = st.frozensets(st.integers(0, 6), min_size=2, max_size=5)
some_days = st.frozensets(st.integers(0, 6), max_size=3)
runners = st.sampled_from(RUNNERS)
reps = st.lists(st.integers(2, 10), min_size=1, max_size=4)


def template_db() -> Path:
    """One migrated SQLite file per process; each run of the machine copies it."""
    if "path" not in _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="coachbot-machine-"))
        upgrade(f"sqlite+aiosqlite:///{folder / 'template.db'}")
        _TEMPLATE["path"] = folder / "template.db"
    return _TEMPLATE["path"]


class PlanMachine(RuleBasedStateMachine):
    """Runners, the scheduler and restarts, in any order, with the clock jumping about."""

    checked_steps = 0  # how many times the invariants ran, across every run (for the bench)

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.folder = Path(tempfile.mkdtemp(prefix="coachbot-run-"))
        shutil.copy(template_db(), self.folder / "coachbot.db")
        self.url = f"sqlite+aiosqlite:///{self.folder / 'coachbot.db'}"
        self.clock = FakeClock(STARTS[0])
        self.sender = ScriptedSender(self.clock)
        self.message_ids = 0
        self.reports: dict[int, list[int]] = {user: [] for user in RUNNERS}
        # Runners whose races changed after they finished a session: the replay reads the
        # races there are now, so a removed race's days (taper, race week) can't be replayed as
        # they were, and a race added later would reshape days done before anyone knew of it.
        self.unraced: set[int] = set()
        self.strava_api = MachineStrava()  # Strava's side outlives the bot's restarts
        self._start()

    def _start(self) -> None:
        """(Re)start the process: a fresh engine, services and scheduler; nothing in memory."""
        self.engine = create_engine(self.url)
        factory = session_factory(self.engine)
        self.plans = Units(factory)
        self.units = self.plans  # the sessions' use cases run in the same transactions
        nudger = Nudger(self.plans, self.sender, self.clock, grace=GRACE)
        self.deliverer = Deliverer(self.plans, self.sender, self.clock, grace=GRACE,
                                   nudger=nudger)
        self.strava = StravaSteps(lambda: UnitOfWork(factory), self.strava_api, OFFSET)

    def run(self, job: Any) -> Any:
        return self.loop.run_until_complete(job)

    def teardown(self) -> None:
        self.run(self.engine.dispose())
        self.loop.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @initialize(start=st.sampled_from(STARTS))
    def begin(self, start: datetime) -> None:
        self.clock.set(start)

    # --- what runners do -------------------------------------------------------------
    @rule(user=runners, hard=days, cross=some_days, run_end=st.sampled_from(RUN_ENDS),
          tz=st.sampled_from(ZONES))
    def onboard(self, user: int, hard: frozenset[int], cross: frozenset[int], run_end: time,
                tz: str) -> None:
        self.run(self.plans.run(register, self.clock.now(), user, user, OFFSET))
        self.run(self.plans.run(save_plan, self.clock.now(), user, user, hard, cross - hard,
                                run_end, tz, OFFSET))

    @rule(user=runners, what=st.sampled_from(("hard", "cross", "time", "tz")), hard=days,
          cross=some_days, run_end=st.sampled_from(RUN_ENDS), tz=st.sampled_from(ZONES))
    def change_setting(self, user: int, what: str, hard: frozenset[int],
                       cross: frozenset[int], run_end: time, tz: str) -> None:
        profile = self.run(self.plans.read(profile_of, user))
        if profile is None or not profile.onboarded:
            return
        assert profile.run_end is not None
        assert profile.tz is not None
        new_hard = hard if what == "hard" else frozenset(profile.hard_days)
        new_cross = cross if what == "cross" else frozenset(profile.cross_days)
        with contextlib.suppress(NotEnoughDays):
            self.run(self.plans.run(save_plan, self.clock.now(), user, user, new_hard,
                                    new_cross - new_hard,
                                    run_end if what == "time" else profile.run_end,
                                    tz if what == "tz" else profile.tz, OFFSET))

    @rule(user=runners, weeks=st.integers(1, 3))
    def pause(self, user: int, weeks: int) -> None:
        try:
            overview = self.run(self.plans.run(pause, self.clock.now(), user, weeks, OFFSET))
        except NotOnboarded:
            return
        profile = overview.profile
        assert profile.paused_until is not None
        assert profile.tz is not None
        said = paused_label(profile.paused_until, profile.tz)  # what /pause answers
        expected = local_date(self.clock.now(), profile.tz) + timedelta(weeks=weeks)
        assert said == paused_label(datetime.combine(expected, time(12), ZoneInfo(profile.tz)),
                                    profile.tz)
        assert f"Paused until {said}." in plan_text(self.run(
            self.plans.run(plan_overview, self.clock.now(), user, OFFSET)))

    @rule(user=runners)
    def resume(self, user: int) -> None:
        with contextlib.suppress(NotOnboarded):
            self.run(self.plans.run(resume, self.clock.now(), user, OFFSET))

    @rule(user=runners)
    def log_now(self, user: int) -> None:
        """/log, or "ran hard today"."""
        profile = self.run(self.plans.read(profile_of, user))
        if profile is None or not profile.onboarded:
            return
        with contextlib.suppress(SessionClosed):
            self.run(self.units.run(start_now, self.clock.now(), user))

    @rule(user=runners, weekday=st.none() | st.integers(0, 6))
    def move_run(self, user: int, weekday: int | None) -> None:
        """"hard run moved to Thursday" ("tomorrow": None)."""
        with contextlib.suppress(NotOnboarded, MoveRefused):
            self.run(self.plans.run(move_run, self.clock.now(), user, weekday, OFFSET))

    @rule(user=runners, kind=st.sampled_from(("workout", "workout", "race", "long", "easy")),
          ended_ago=st.sampled_from((timedelta(minutes=5), timedelta(hours=2),
                                     timedelta(hours=9))))
    def strava_run(self, user: int, kind: str, ended_ago: timedelta) -> None:
        """A run recorded on Strava arrives through the push event and the pass (the runner
        connected first): a session a hard run brings is in the plan when it said."""
        try:
            notices = self.run(self.strava.run_arrives(user, kind, ended_ago,
                                                       self.clock.now()))
        except NotOnboarded:
            return
        if kind == "race" and any(row.status == Status.DONE.value
                                  for row in self.run(self._rows(user))):
            self.unraced.add(user)  # a race noted now reshapes days done before (see `race`)
        due = followed_due(notices)
        if due:
            planned = {row.due_at for row in self.run(self._rows(user))}
            assert set(due) <= planned, (due, planned)

    @rule(user=runners, ahead=st.integers(0, 20), distance=st.sampled_from(list(Distance)),
          remove=st.booleans())
    def race(self, user: int, ahead: int, distance: Distance, remove: bool) -> None:
        """"half marathon on Sunday" (the plan tapers), or a race removed from /races."""
        races, offset = Units(self.plans.factory), OFFSET
        now = self.clock.now()
        with contextlib.suppress(NotOnboarded):
            known = self.run(races.run(list_races, now, user, offset)).races
            if remove and known:
                self.run(races.run(remove_race, now, user, known[0].id, offset))
                self.unraced.add(user)
            elif not remove:
                profile = self.run(self.plans.read(profile_of, user))
                assert profile is not None
                assert profile.tz is not None
                day = local_date(now, profile.tz) + timedelta(days=ahead)
                self.run(races.run(add_race, now, user, Race(day, distance), offset))
                if any(row.status == Status.DONE.value for row in self.run(self._rows(user))):
                    self.unraced.add(user)

    @rule(user=runners, data=st.data())
    def report(self, user: int, data: st.DataObject) -> None:
        """Reps for some exercises: into the open session, else as a correction."""
        lines = data.draw(_lines())
        self.message_ids += 1
        now = self.clock.now()
        view = self.run(self.units.read(open_view, user))
        if view is None:
            done = self.run(self.units.run(correct, now, user, lines, self.message_ids))
        else:
            done = self.run(self.units.run(record, now, user, view.session.id, lines,
                                           self.message_ids))
        if done is not None:
            self.reports[user].append(self.message_ids)

    @rule(user=runners, data=st.data())
    def edit(self, user: int, data: st.DataObject) -> None:
        if not self.reports[user]:
            return
        message_id = data.draw(st.sampled_from(self.reports[user]))
        self.run(self.units.run(rerecord_lines, self.clock.now(), user, message_id,
                                data.draw(_lines())))

    @rule(user=runners, what=st.sampled_from(("finish", "skip", "snooze")))
    def close(self, user: int, what: str) -> None:
        view = self.run(self.units.read(open_view, user))
        if view is None:
            return
        now, session_id = self.clock.now(), view.session.id
        if what == "finish":
            self.run(self.units.run(finish, now, user, session_id))
        elif what == "skip":
            self.run(self.units.run(skip, now, user, session_id))
        else:
            self.run(self.units.run(snooze, now, user, session_id, timedelta(hours=1)))

    @rule(user=runners)
    def undo(self, user: int) -> None:
        self.run(self.units.run(undo, self.clock.now(), user))

    @rule(user=runners)
    def delete_me(self, user: int) -> None:
        self.run(self.plans.run(delete_user, user))
        self.reports[user].clear()
        counts = self.run(self._row_counts(user))
        assert not any(counts.values()), counts

    @rule(user=runners, blocked=st.booleans())
    def chat_blocked_or_back(self, user: int, blocked: bool) -> None:
        if blocked:
            self.run(self.plans.run(deactivate, user))
        else:
            self.run(self.plans.run(reactivate, self.clock.now(), user, user, OFFSET))

    # --- the scheduler, the process and the clock ----------------------------------------
    @rule()
    def tick(self) -> None:
        self.run(self.deliverer.tick())

    @rule()
    def restart(self) -> None:
        self.run(self.engine.dispose())
        self._start()

    @rule(step=st.sampled_from((timedelta(minutes=20), timedelta(hours=1), timedelta(hours=5),
                                timedelta(hours=11), timedelta(days=1), timedelta(days=3))))
    def time_passes(self, step: timedelta) -> None:
        self.clock.advance(step)

    @rule(user=runners)
    def until_the_next_reminder(self, user: int) -> None:
        """Jump to the runner's next reminder and let the scheduler send it."""
        try:
            overview = self.run(self.plans.run(plan_overview, self.clock.now(), user, OFFSET))
        except NotOnboarded:
            return
        if overview.next_due is not None and overview.next_due.due_at > self.clock.now():
            self.clock.set(overview.next_due.due_at)
        self.run(self.deliverer.tick())

    # --- what must always hold --------------------------------------------------------
    @invariant()
    def the_plan_rule_holds(self) -> None:
        PlanMachine.checked_steps += 1
        for user in RUNNERS:
            problems = self.run(self._problems(user))
            assert not problems, (user, problems)

    @invariant()
    def targets_equal_a_replay_of_the_log(self) -> None:
        for user in set(RUNNERS) - self.unraced:
            stored, replayed = self.run(self._targets(user))
            assert stored == replayed, (user, stored, replayed)

    async def _problems(self, user: int) -> list[str]:
        now = self.clock.now()
        rows = await self._rows(user)
        async with UnitOfWork(self.plans.factory) as uow:
            profile = await uow.users.get(user)
            if profile is None:
                return [f"rows of a deleted runner: {rows}"] if rows else []
            routine = None
            if profile.onboarded and profile.tz is not None:
                since = local_date(max(now, profile.paused_until or now), profile.tz)
                # a reminder overdue while no pass ran (days passing without a tick) is
                # judged with the moves and races of its own day, as it was planned
                since = min([since, *(r.session_date for r in rows if is_planned(r))])
                routine = routine_of(profile, OFFSET, await uow.planning.moves(
                    user, since - timedelta(days=3)))
                races = await RacesRepo(uow.session).upcoming(user, since - RACE_LOOK_BACK)
                routine = replace(routine, races=tuple(s.race for s in races))
            problems = plan_problems(routine, rows, active=profile.active,
                                     paused_until=profile.paused_until, now=now)
        if routine is not None and profile.active:
            problems += await self._overview_problems(user)
        return problems

    async def _overview_problems(self, user: int) -> list[str]:
        overview = await self.plans.run(plan_overview, self.clock.now(), user, OFFSET)
        if overview.next_due is None or not overview.week:
            return ["/plan shows no next reminder"]
        first = overview.week[0]
        if (first.session_date, first.due_utc) != (overview.next_due.session_date,
                                                    overview.next_due.due_at):
            return [f"/plan's week starts {first}, the reminder is {overview.next_due}"]
        return []

    async def _targets(self, user: int) -> tuple[dict[str, Target], dict[str, Target]]:
        async with self.plans.factory() as db:
            done = list(await db.scalars(
                select(SessionRow.id).where(SessionRow.user_id == user,
                                            SessionRow.status == Status.DONE.value)
                .order_by(SessionRow.closed_at, SessionRow.id)))
        async with UnitOfWork(self.plans.factory) as uow:
            stored = await uow.targets.all_for(user)
            replayed: dict[str, Target] = {}
            profile = await uow.users.get(user)
            for session_id in done:
                session = await uow.sessions.get(session_id)
                assert profile is not None  # a done session has its runner
                assert session is not None
                away = await away_context(uow, profile, session)  # coaching: comebacks
                usual = {ex.id: replayed.get(ex.id, initial_target()) for ex in CATALOGUE}
                usual, _why = comeback_targets(usual, away)  # lighter, fitted to the time
                today = await day_plan(uow, profile, session.session_date)  # a lighter day
                held = reshaped(list(usual.items()), today)
                for entry in await uow.entries.for_session(session_id):
                    exercise = by_id(entry.exercise_id)
                    current = usual[exercise.id]
                    # done lighter than usual (the day's shape then or now): the target holds
                    if exercise.id in held or made_lighter(entry.day_target, current):
                        replayed[exercise.id] = current
                        continue
                    context = await context_for(uow, profile, session, exercise.id, entry)
                    replayed[entry.exercise_id] = decide(exercise, current, entry,
                                                         context).target
        keys = set(stored) | set(replayed)
        return ({k: stored.get(k, initial_target()) for k in keys},
                {k: replayed.get(k, initial_target()) for k in keys})

    async def _rows(self, user: int) -> list[SessionRowView]:
        async with self.plans.factory() as db:
            rows = await db.scalars(select(SessionRow).where(SessionRow.user_id == user))
            return [SessionRowView(r.session_date, r.due_at, r.status, r.delivery)
                    for r in rows]

    async def _row_counts(self, user: int) -> dict[str, int]:
        async with UnitOfWork(self.plans.factory) as uow:
            return await uow.users.row_counts(user)


@st.composite
def _lines(draw: st.DrawFn) -> tuple[ReportLine, ...]:
    """A report of one to three exercises: reps (with or without a load), or a skip."""
    chosen = draw(st.lists(st.sampled_from([e.id for e in CATALOGUE]), min_size=1,
                           max_size=3, unique=True))
    lines = []
    for exercise_id in chosen:
        kind = draw(st.sampled_from((ReportKind.SETS, ReportKind.SETS, ReportKind.SKIPPED,
                                     ReportKind.AS_PLANNED)))
        if kind is ReportKind.SETS:
            load = draw(st.none() | st.sampled_from((0.0, 4.0, 12.0)))
            report = SetsReport(ReportKind.SETS, tuple(draw(reps)), load_kg=load)
        else:
            report = SetsReport(kind)
        lines.append(ReportLine(exercise_id, report, "machine"))
    return tuple(lines)

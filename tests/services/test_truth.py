"""The log is the truth: whatever a runner does, every screen is a replay of the stored entries.

Random runners with a kit of fixed weights live through a few sessions on the real services
and a real SQLite file: lighter, trimmed, sore, swapped, race-week and comeback days, typed
reports, "as planned" and "all done", tapped buttons, corrections, undo, edits and a CSV
import. Then the session summaries' records, /history, /export, the chart series and the
weekly review must all equal a plain replay of the stored entries, every stored entry must
carry concrete numbers, and no load shown or exported may be one the runner neither owns
nor typed.
"""

import asyncio
import contextlib
import csv
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.format import kg, report_text, variant_tail
from bot.history import page_text
from coach.clock import FakeClock
from coach.concrete import DayTarget, is_concrete
from coach.exercises import CATALOGUE, by_id
from coach.history import Done, Logged, Point, series, to_unit
from coach.pain import area_of
from coach.races import Distance, Race
from coach.readiness import Level, Told
from coach.records import Record, all_records, session_records
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.review import week_of
from coach.session_life import SessionClosed
from services.batches import build_views
from services.edits import edit_report
from services.equipment import set_kit
from services.plan import save_plan
from services.progress import export_history, history_page, import_history, progress_data
from services.races import add_race
from services.readiness import tell
from services.reports import Finished, log_lines, log_report
from services.review import review_content
from services.runtime import Units
from services.sessions import finish, open_view, session_progress, session_view, start_now, undo
from services.understanding import answer_question
from storage.db import create_engine, session_factory
from storage.uow import UnitOfWork
from tools.plan_machine import template_db

USER = 7
OFFSET = timedelta(minutes=30)
START = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # a Monday, before the evening reminder
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
KITS = {"dumbbells 8 12 16 kg": (8.0, 12.0, 16.0), "kettlebells 12 16 20 24 kg":
        (12.0, 16.0, 20.0, 24.0), "dumbbells 6 10 kg": (6.0, 10.0)}
NAMES = {"sldl": "sldl", "goblet_squat": "goblet", "reverse_lunge": "lunge",
         "eccentric_calf_raise": "calf", "step_up": "step up"}
TYPED = (5.0, 14.0, 20.0)  # loads a runner may type that no kit here has
READINESS = (None, Told(Level.HEAVY), Told(Level.SORE), Told(Level.FRESH))
PAIN_WORDS = ("knee", "achilles", "hip")

names = st.sampled_from(sorted(NAMES))
reps = st.integers(3, 12)


@st.composite
def report_texts(draw: st.DrawFn, kit: tuple[float, ...]) -> tuple[str, float | None]:
    """One message a runner types, and the load it types (None: none)."""
    name = NAMES[draw(names)]
    load = draw(st.sampled_from(kit + TYPED))
    shape = draw(st.sampled_from(("all", "done", "reps", "loaded", "skip", "legs")))
    r = draw(reps)
    text, typed = {
        "all": ("all done", None), "done": (f"{name} done", None),
        "reps": (f"{name} {r} {r} {max(r - 1, 1)}", None),
        "loaded": (f"{name} 3x{r} @ {load:g}kg", load), "skip": (f"{name} skip", None),
        "legs": (f"lunge L {r} {r} {r} R {r} {r} {max(r - 1, 1)}", None)}[shape]
    return text, typed


@dataclass(frozen=True)
class Day:
    gap: int  # days since the day before (11: back after a break)
    told: Told | None
    race: bool  # a race three days later: race week
    texts: tuple[tuple[str, float | None], ...]
    tap: str | None  # an exercise tapped "as planned" on its step prompt
    after: str  # "", "correct", "undo" or "edit": what follows the close


tolds = st.sampled_from(READINESS) | st.sampled_from(PAIN_WORDS).map(
    lambda word: Told(Level.PAIN, area_of(word)))


@st.composite
def days(draw: st.DrawFn, kit: tuple[float, ...]) -> Day:
    return Day(draw(st.sampled_from((1, 2, 3, 11))), draw(tolds), draw(st.booleans()),
               tuple(draw(st.lists(report_texts(kit), min_size=1, max_size=3))),
               draw(st.none() | names), draw(st.sampled_from(("", "", "correct", "undo",
                                                              "edit"))))


@dataclass
class Runner:
    """A runner's world: services on one SQLite file, a clock, what they typed."""

    url: str
    clock: FakeClock = field(default_factory=lambda: FakeClock(START))
    typed: set[float] = field(default_factory=set)
    summaries: list[tuple[int, tuple[Record, ...], list[Logged]]] = field(default_factory=list)
    message_id: int = 0

    def __post_init__(self) -> None:
        self.engine = create_engine(self.url)
        self.factory = session_factory(self.engine)
        self.plans = Units(self.factory)
        self.sessions = Units(self.factory)
        self.units = Units(self.factory)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.factory)

    def next_message(self) -> int:
        self.message_id += 1
        return self.message_id

    async def finished(self, done: Finished | None) -> None:
        if done is not None:
            async with self.uow() as uow:
                logged = await uow.history.logged(USER)
            self.summaries.append((done.view.session.id, done.records, logged))


async def live(runner: Runner, kit_text: str, plan: list[Day], imported: str) -> None:
    """Onboard, set the kit, live through the days, and import a CSV first or last."""
    now = runner.clock.now()
    await runner.plans.run(save_plan, now, USER, USER, frozenset({0, 3}), frozenset(), time(18, 0),
                           "Europe/Berlin", OFFSET)
    async with Units(runner.factory)() as uow:
        await set_kit(uow, now, USER, kit_text)
    sample = (SAMPLES / "strong.csv").read_bytes()
    if imported == "first":
        await runner.units.run(import_history, now, USER, sample)
    for day in plan:
        runner.clock.advance(timedelta(days=day.gap))
        with contextlib.suppress(SessionClosed):
            await one_day(runner, day)
    if imported == "last":
        await runner.units.run(import_history, runner.clock.now(), USER, sample)


async def one_day(runner: Runner, day: Day) -> None:
    now = runner.clock.now()
    if day.race:
        local = now.astimezone(UTC).date() + timedelta(days=3)
        await runner.units.run(add_race, now, USER, Race(local, Distance.TEN_K), OFFSET)
    view = await runner.units.run(start_now, now, USER)
    if day.told is not None:
        await Units(runner.factory).run(tell, now, USER, day.told, view.session.id)
    sent: list[int] = []
    for text, typed in day.texts:
        sent.append(runner.next_message())
        if typed is not None:
            runner.typed.add(typed)
        outcome = await runner.units.run(log_report, runner.clock.now(), USER, text, sent[-1],
                                         None)
        await runner.finished(outcome.finished)
        for asking in outcome.asked[:1]:  # the likeliest reading, tapped
            answered = (await runner.units.run(answer_question, runner.clock.now(), USER,
                                               asking.id, 0)).outcome
            await runner.finished(None if answered is None else answered.finished)
        if await runner.units.read(open_view, USER) is None:
            break
    opened = await runner.units.read(open_view, USER)
    if opened is not None and day.tap is not None:
        tapped = ReportLine(day.tap, SetsReport(ReportKind.AS_PLANNED), "")
        outcome = await runner.units.run(log_lines, runner.clock.now(), USER,
                                         opened.session.id, [tapped], runner.next_message())
        await runner.finished(outcome.finished)
    opened = await runner.units.read(open_view, USER)
    if opened is not None:
        await runner.finished(await runner.units.run(finish, now, USER, opened.session.id))
    await after_close(runner, day, sent)


async def after_close(runner: Runner, day: Day, sent: list[int]) -> None:
    if day.after == "correct":
        await runner.units.run(log_report, runner.clock.now(), USER, "goblet 8 8 8",
                               runner.next_message(), None)
    elif day.after == "undo":
        await runner.units.run(undo, runner.clock.now(), USER)
    elif day.after == "edit" and sent:
        await runner.units.run(edit_report, runner.clock.now(), USER, sent[0], "calf done")


def replay(logged: list[Logged]) -> list[Done]:
    """The stored entries as they are: every number read, none made up."""
    out = []
    for item in sorted(logged, key=lambda i: (i.day, i.at, i.session_id)):
        report = item.report
        if report.kind is ReportKind.SKIPPED:
            continue
        assert is_concrete(report), item
        assert report.load_kg is not None
        shown, usual = item.day_target, item.done_against
        lighter = shown is not None and usual is not None and shown != DayTarget.of(usual)
        out.append(Done(item.session_id, item.day, item.at, item.exercise_id, report.reps,
                        report.load_kg, report.left, report.right,
                        "" if shown is None else shown.variant, lighter))
    return out


def bests(history: list[Done], session_id: int) -> tuple[Record, ...]:
    mine = [d for d in history if d.session_id == session_id]
    if not mine:
        return ()
    first = history.index(mine[0])
    return tuple(session_records([d for d in history[:first] if d.session_id != session_id],
                                 mine))


async def screens(runner: Runner) -> dict[str, Any]:
    """What the runner can see: /history pages, /export, chart data, the weekly review."""
    pages, page = [], 0
    while True:
        shown = await runner.units.run(history_page, USER, page)
        pages.append(shown)
        if shown.page + 1 >= shown.pages:
            break
        page += 1
    now = runner.clock.now()
    review = await runner.units.run(review_content, now, USER, OFFSET)
    return {"history": pages, "export": await runner.units.run(export_history, USER),
            "data": await runner.units.run(progress_data, now, USER), "review": review}


async def check(runner: Runner, kit: tuple[float, ...]) -> None:
    for session_id, records, logged in runner.summaries:  # the summary as it was sent
        assert records == bests(replay(logged), session_id)
    async with runner.uow() as uow:
        logged = await uow.history.logged(USER)
    truth = replay(logged)
    seen = await screens(runner)
    assert [*seen["data"].history] == truth  # /progress: caption and chart
    for exercise in CATALOGUE:
        points = series(seen["data"].history, exercise.id).points
        assert points == tuple(Point(d.day, to_unit(d.load_kg), round(sum(d.reps) / len(d.reps),
                                     1), d.load_kg <= 0, d.variant)
                               for d in truth if d.exercise_id == exercise.id)
    assert export_rows(seen["export"]) == expected_rows(truth)
    rows = {(d.session_id, d.exercise_id): d for d in truth}
    shown = [(page_text(page), session.id, entry) for page in seen["history"]
             for session, entries in page.sessions for entry in entries]
    assert len([s for s in shown if s[2].report.kind is not ReportKind.SKIPPED]) == len(truth)
    for text, session_id, entry in shown:
        line = f"  {by_id(entry.exercise_id).name}: {report_text(entry.report)}"
        if entry.report.kind is ReportKind.SKIPPED:
            assert line in text.splitlines()
            continue
        done = rows[session_id, entry.exercise_id]
        assert line + variant_tail(done.exercise_id, done.variant) in text.splitlines()
        assert line.endswith(history_numbers(done))
    first, last = week_of(seen["data"].today)
    in_week = {d.session_id for d in truth if first <= d.day <= last}
    assert seen["review"].records == tuple(r for r in all_records(truth)
                                           if r.session_id in in_week)
    owned = {0.0, *kit, *runner.typed, *await imported_loads(runner, truth)}
    assert {d.load_kg for d in truth} <= owned
    assert {float(row[-1]) for row in export_rows(seen["export"])} <= owned
    await check_last_time(runner, truth)
    await check_in_words(runner, truth)


async def check_in_words(runner: Runner, truth: list[Done]) -> None:
    """/progress in words: each exercise's first and latest result, and how often."""
    for item in (await runner.units.run(session_progress, USER)).items:
        mine = [d for d in truth if d.exercise_id == item.exercise.id]
        assert item.times == len(mine)
        ends = [(e.report.reps, e.report.load_kg) for e in (item.first, item.latest) if e]
        assert ends == ([(mine[0].reps, mine[0].load_kg), (mine[-1].reps, mine[-1].load_kg)]
                        if mine else [])


async def check_last_time(runner: Runner, truth: list[Done]) -> None:
    """"Last time" on the card (alone, and in a batch of reminders) and in the step prompts:
    the latest stored entry of each exercise from the runner's other sessions."""
    for session_id in sorted({d.session_id for d in truth})[-2:]:
        single = await runner.units.read(session_view, USER, session_id)
        async with runner.uow() as uow:
            (batched,) = await build_views(uow, [single.session])
        for view in (single, batched):
            for item in view.items:
                before = [d for d in truth
                          if d.exercise_id == item.exercise.id and d.session_id != session_id]
                shown = None if item.last is None else (item.last.reps,
                                                         item.last.load_kg)
                assert shown == ((before[-1].reps, before[-1].load_kg) if before else None)


def history_numbers(done: Done) -> str:
    """How /history must end a row: the reps (per leg if told) at the load."""
    sets = " ".join(str(r) for r in done.reps)
    if done.left is not None and done.right is not None:
        sets = (f"L {' '.join(str(r) for r in done.left)} "
                f"R {' '.join(str(r) for r in done.right)}")
    return f"{sets} @ {kg(done.load_kg)}"


async def imported_loads(runner: Runner, truth: list[Done]) -> set[float]:
    """Loads from the runner's own CSV file: typed too, just elsewhere."""
    async with runner.uow() as uow:
        kinds = {d.session_id: await uow.sessions.get(d.session_id) for d in truth}
    return {d.load_kg for d in truth
            if (info := kinds[d.session_id]) is not None and info.kind == "imported"}


def export_rows(text: str) -> list[tuple[str, ...]]:
    rows = list(csv.reader(io.StringIO(text)))[1:]
    return [(r[9], r[2], r[3], r[4], r[5], r[10], r[6]) for r in rows]


def expected_rows(truth: list[Done]) -> list[tuple[str, ...]]:
    return [(str(d.session_id), d.exercise_id, str(n), {"left": "L", "right": "R"}.get(s, ""),
             str(count), d.variant, f"{d.load_kg:g}")
            for d in truth for s, reps in d.sides().items() for n, count in enumerate(reps, 1)]


@st.composite
def lives(draw: st.DrawFn) -> tuple[str, list[Day], str]:
    kit_text = draw(st.sampled_from(sorted(KITS)))
    return kit_text, draw(st.lists(days(KITS[kit_text]), min_size=2, max_size=5)), \
        draw(st.sampled_from(("", "first", "last")))


@settings(max_examples=12, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.data_too_large])
@given(lives())
def test_every_screen_is_a_replay_of_the_stored_entries(life: tuple[str, list[Day], str]
                                                        ) -> None:
    kit_text, plan, imported = life
    folder = Path(tempfile.mkdtemp(prefix="coachbot-truth-"))
    try:
        shutil.copy(template_db(), folder / "coachbot.db")
        asyncio.run(_run(f"sqlite+aiosqlite:///{folder / 'coachbot.db'}", kit_text, plan,
                         imported))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


async def _run(url: str, kit_text: str, plan: list[Day], imported: str) -> None:
    runner = Runner(url)
    try:
        await live(runner, kit_text, plan, imported)
        await check(runner, KITS[kit_text])
    finally:
        await runner.engine.dispose()


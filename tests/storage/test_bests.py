"""The kept bests (each runner's most reps per exercise, variant, side and load, and the
other sessions' most) always equal a scan of the whole log, whatever writes the entries:
reports (replacing, skipping, per leg), close stamps, deletions, undo, imports and
/deleteme; and the bests "before a session" read from them equal coach.records' own from a
replay of the log, on SQLite and PostgreSQL (their own triggers)."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from coach.exercises import CATALOGUE
from coach.history import resolve
from coach.progression import MIN_REPS
from coach.records import bests_of
from coach.reports import ReportKind, ReportLine, SetsReport
from storage.db import create_engine, session_factory
from storage.marks import BestRow, fill_bests
from storage.migrate import upgrade
from storage.models import EntryRow, SessionRow, User
from storage.uow import UnitOfWork
from tests.storage.test_marks import ensure_runner, session_on

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
USERS = (1, 2)
EXERCISES = [ex.id for ex in CATALOGUE[:3]]

users = st.sampled_from(USERS)
exercises = st.lists(st.sampled_from(EXERCISES), min_size=1, max_size=3, unique=True)
sets = st.lists(st.integers(3, 9), min_size=1, max_size=3).map(tuple)
loads = st.sampled_from((0.0, 8.0, 12.0))
steps = st.one_of(
    st.tuples(st.just("log"), users, st.integers(-20, 0), exercises, sets, loads,
              st.booleans(), st.booleans(), st.booleans(), st.integers(0, 2)),
    st.tuples(st.just("stamp"), st.integers(0, 1000), st.sampled_from(("", "weighted"))),
    st.tuples(st.just("delete"), st.integers(0, 1000)),
    st.tuples(st.just("undo"), users, st.integers(0, 20)),
    st.tuples(st.just("import"), users, st.integers(-40, 0), exercises, sets, loads),
    st.tuples(st.just("deleteme"), users),
)


def key(row: Any) -> tuple[object, ...]:
    """A row as it answers "the best before a session": which session holds it matters
    only when no other session did as many (a tie may be held by either)."""
    alone = row.other_reps is None or row.other_reps < row.reps
    return (row.user_id, row.exercise_id, row.variant, row.side, float(row.load_kg),
            row.session_id if alone else None, row.reps, row.other_reps)


async def scanned(engine: AsyncEngine) -> set[tuple[object, ...]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text(fill_bests(engine.dialect.name)))
        return {key(row) for row in rows}


async def kept(engine: AsyncEngine) -> set[tuple[object, ...]]:
    async with engine.connect() as conn:
        return {key(row) for row in await conn.execute(select(BestRow))}


async def apply(uow: UnitOfWork, step: tuple[object, ...], at: datetime) -> None:
    match step:
        case ("log", int(user), int(offset), list(chosen), tuple(reps), float(load),
              bool(skip), bool(legs), bool(again), int(pick)):
            await ensure_runner(uow, user)
            sid = await session_on(uow, user, NOW.date() + timedelta(days=offset), pick)
            both = tuple(int(r) for r in reps)
            report = (SetsReport(ReportKind.SETS, both, both, tuple(r + 1 for r in both),
                                 load) if legs else SetsReport(ReportKind.SETS, both,
                                                               load_kg=load))
            lines = [ReportLine(ex, SetsReport(ReportKind.SKIPPED) if skip and n == 0
                                else report, ex) for n, ex in enumerate(chosen)]
            await uow.entries.put_many(user, sid, lines, offset % 21, at,
                                       replacing=chosen if again else ())
        case ("stamp", int(index), str(variant)):  # a close stamp (and its variant)
            ids = sorted(await uow.session.scalars(text("SELECT id FROM entries")))
            if ids:
                await uow.session.execute(update(EntryRow).where(
                    EntryRow.id == ids[index % len(ids)]).values(
                    from_sets=3, from_reps=8, from_load_kg=8.0, from_variant=variant))
        case ("delete", int(index)):
            ids = sorted(await uow.session.scalars(text("SELECT id FROM entries")))
            if ids:
                await uow.entries.delete(ids[index % len(ids)])
        case ("undo", int(user), int(message)):
            await uow.entries.delete_from_message(user, message)
        case ("import", int(user), int(offset), list(chosen), tuple(reps), float(load)):
            await ensure_runner(uow, user)
            report = SetsReport(ReportKind.SETS, tuple(int(r) for r in reps), load_kg=load)
            await uow.history.add_imported(user, NOW.date() + timedelta(days=offset), at,
                                           [(ex, report) for ex in chosen])
        case ("deleteme", int(user)):
            await uow.users.delete(user)


async def before_each_session_agrees(engine: AsyncEngine) -> None:
    """The bests before each session, read from the kept rows and replayed from the log."""
    async with UnitOfWork(session_factory(engine)) as uow:
        for user in USERS:
            history = resolve(await uow.history.logged(user))
            ids = await uow.session.scalars(select(SessionRow.id).where(
                SessionRow.user_id == user))
            for sid in ids:
                full = bests_of(d for d in history if d.session_id != sid)
                for lifted in LIFTED:
                    assert await uow.history.bests(user, sid, lifted) == reduced(
                        full, lifted), (user, sid, lifted)


LIFTED = ([(EXERCISES[0], 8.0)], [(ex, load) for ex in EXERCISES for load in (0.0, 12.0)])


def reduced(full: dict[tuple[str, str, str], dict[float, int]],
            lifted: list[tuple[str, float]]) -> dict[tuple[str, str, str], dict[float, int]]:
    """What HistoryRepo.bests answers from every best: the lifted exercises' keys, each with
    its heaviest load done for MIN_REPS (as MIN_REPS) and the most at the loads lifted."""
    out: dict[tuple[str, str, str], dict[float, int]] = {}
    for (exercise_id, variant, side), at in full.items():
        if exercise_id not in {ex for ex, _ in lifted}:
            continue
        mine = out.setdefault((exercise_id, variant, side), {})
        heaviest = max((load for load, most in at.items() if most >= MIN_REPS), default=None)
        if heaviest is not None:
            mine[heaviest] = MIN_REPS
        mine.update({load: at[load] for ex, load in lifted
                     if ex == exercise_id and load in at})
    return out


async def live(engine: AsyncEngine, plan: list[tuple[object, ...]]) -> None:
    async with engine.begin() as conn:
        await conn.execute(delete(User))
    assert await kept(engine) == set()
    for n, step in enumerate(plan):
        async with UnitOfWork(session_factory(engine)) as uow:
            await apply(uow, step, NOW + timedelta(minutes=n // 2))
        assert await kept(engine) == await scanned(engine), step
    await before_each_session_agrees(engine)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{Path(tmp_path_factory.mktemp('bests')) / 'bests.db'}"
    upgrade(url)
    return url


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(steps, min_size=1, max_size=20))
def test_the_kept_bests_equal_a_scan_of_the_log_after_random_writes(
        database: str, plan: list[tuple[object, ...]]) -> None:
    async def run() -> None:
        engine = create_engine(database)
        try:
            await live(engine, plan)
        finally:
            await engine.dispose()

    asyncio.run(run())


LIFE: list[tuple[object, ...]] = [
    ("log", 1, -3, EXERCISES, (8, 8, 7), 8.0, False, False, False, 0),
    ("log", 1, -1, EXERCISES, (6, 6, 5), 12.0, False, True, False, 0),
    ("log", 1, -1, EXERCISES[:2], (9, 9, 9), 12.0, True, False, True, 0),
    ("stamp", 2, "weighted"), ("import", 2, -9, EXERCISES, (5, 5, 5), 8.0),
    ("log", 2, -9, EXERCISES, (7, 7), 8.0, False, False, False, 2),
    ("delete", 1), ("undo", 1, 20), ("delete", 0), ("deleteme", 2),
    ("log", 1, 0, EXERCISES[1:], (9, 8), 8.0, False, False, False, 0)]


async def test_every_write_path_keeps_the_bests_on_both_databases(db_url: str) -> None:
    engine = create_engine(db_url)
    try:
        await live(engine, LIFE)
    finally:
        await engine.dispose()


async def test_the_migration_fills_the_bests_from_the_entries_already_stored(
        sqlite_url: str) -> None:
    from storage.migrate import downgrade

    await asyncio.to_thread(upgrade, sqlite_url)
    engine = create_engine(sqlite_url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            for n, step in enumerate(LIFE[:5]):
                await apply(uow, step, NOW + timedelta(minutes=n))
        before = await kept(engine)
        await engine.dispose()
        await asyncio.to_thread(downgrade, sqlite_url, "0016")
        await asyncio.to_thread(upgrade, sqlite_url)
        assert await kept(engine) == before == await scanned(engine)
        async with engine.connect() as conn:
            assert await conn.scalar(select(func.count()).select_from(BestRow)) == len(before) > 0
        await before_each_session_agrees(engine)
    finally:
        await engine.dispose()

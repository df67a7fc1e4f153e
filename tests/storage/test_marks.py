"""The kept marks ("last time" per runner and exercise) always equal a scan of the whole log,
whatever writes the entries: reports (replacing, skipping), deletions, undo, imports and
/deleteme; and "last time" outside a session read from them equals the scan's."""

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from coach.exercises import CATALOGUE
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.views import Delivery, Status
from storage.cards import CardsBatch
from storage.db import create_engine, session_factory
from storage.delivery import DeliveryRepo
from storage.marks import RANKED, MarkRow
from storage.migrate import upgrade
from storage.models import SessionRow, User
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
USERS = (1, 2)
EXERCISES = [ex.id for ex in CATALOGUE[:3]]

users = st.sampled_from(USERS)
exercises = st.lists(st.sampled_from(EXERCISES), min_size=1, max_size=3, unique=True)
steps = st.one_of(
    st.tuples(st.just("log"), users, st.integers(-30, 0), exercises, st.booleans(),
              st.booleans(), st.integers(0, 3)),
    st.tuples(st.just("delete"), st.integers(0, 1000)),
    st.tuples(st.just("undo"), users, st.integers(0, 20)),
    st.tuples(st.just("import"), users, st.integers(-60, 0), exercises),
    st.tuples(st.just("deleteme"), users),
)


async def scanned(engine: AsyncEngine) -> set[tuple[int, str, int]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text(
            f"SELECT user_id, exercise_id, id FROM ({RANKED}) AS ranked WHERE rk = 1"))
        return {(int(u), str(e), int(i)) for u, e, i in rows}


async def kept(engine: AsyncEngine) -> set[tuple[int, str, int]]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(MarkRow.user_id, MarkRow.exercise_id, MarkRow.entry_id))
        return {(int(u), str(e), int(i)) for u, e, i in rows}


async def ensure_runner(uow: UnitOfWork, user_id: int) -> None:
    if await uow.users.get(user_id) is None:
        await uow.session.execute(insert(User).values(
            id=user_id, chat_id=user_id, created_at=NOW, onboarded_at=NOW))


async def session_on(uow: UnitOfWork, user_id: int, day: date, pick: int) -> int:
    """One of the runner's sessions of `day` (a new one when `pick` is past the last)."""
    found = list(await uow.session.scalars(select(SessionRow.id).where(
        SessionRow.user_id == user_id, SessionRow.session_date == day).order_by(SessionRow.id)))
    if pick < len(found):
        return found[pick]
    return (await uow.sessions.add(user_id, "log", day, NOW, Delivery.NONE, Status.OPEN)).id


async def apply(uow: UnitOfWork, step: tuple[object, ...], at: datetime) -> None:
    match step:
        case ("log", int(user), int(offset), list(chosen), bool(skip), bool(again), int(pick)):
            await ensure_runner(uow, user)
            sid = await session_on(uow, user, NOW.date() + timedelta(days=offset), pick)
            lines = [ReportLine(ex, SetsReport(ReportKind.SKIPPED) if skip and n == 0
                                else SetsReport(ReportKind.SETS, (8, 7, 6), load_kg=10.0), ex)
                     for n, ex in enumerate(chosen)]
            await uow.entries.put_many(user, sid, lines, offset % 21, at,
                                       replacing=chosen if again else ())
        case ("delete", int(index)):
            ids = sorted(await uow.session.scalars(text("SELECT id FROM entries")))
            if ids:
                await uow.entries.delete(ids[index % len(ids)])
        case ("undo", int(user), int(message)):
            await uow.entries.delete_from_message(user, message)
        case ("import", int(user), int(offset), list(chosen)):
            await ensure_runner(uow, user)
            await uow.history.add_imported(
                user, NOW.date() + timedelta(days=offset), at,
                [(ex, SetsReport(ReportKind.SETS, (5, 5, 5), load_kg=20.0)) for ex in chosen])
        case ("deleteme", int(user)):
            await uow.users.delete(user)


async def last_time_agrees(engine: AsyncEngine) -> None:
    """"Last time" outside each session, from the marks and from the whole log."""
    async with UnitOfWork(session_factory(engine)) as uow:
        ids = list(await uow.session.scalars(select(SessionRow.id)))
        for sid in ids[-4:]:
            marked = await CardsBatch(uow.session).last(USERS, {sid})
            whole = await DeliveryRepo(uow.session).last_entries(USERS, {sid})
            assert {u: dict(m) for u, m in marked.items() if m} == {
                u: {ex: entry.report for ex, entry in m.items()} for u, m in whole.items() if m}


async def live(engine: AsyncEngine, plan: list[tuple[object, ...]]) -> None:
    async with engine.begin() as conn:
        await conn.execute(delete(User))
    assert await kept(engine) == set()
    for n, step in enumerate(plan):
        async with UnitOfWork(session_factory(engine)) as uow:
            await apply(uow, step, NOW + timedelta(minutes=n // 2))  # ties on created_at too
        assert await kept(engine) == await scanned(engine), step
    await last_time_agrees(engine)


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite+aiosqlite:///{Path(tmp_path_factory.mktemp('marks')) / 'marks.db'}"
    upgrade(url)
    return url


@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow,
                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(steps, min_size=1, max_size=25))
def test_the_kept_marks_equal_a_scan_of_the_log_after_random_writes(
        database: str, plan: list[tuple[object, ...]]) -> None:
    async def run() -> None:
        engine = create_engine(database)
        try:
            await live(engine, plan)
        finally:
            await engine.dispose()

    asyncio.run(run())


async def test_the_migration_fills_the_marks_from_the_entries_already_stored(
        sqlite_url: str) -> None:
    from storage.migrate import downgrade

    await asyncio.to_thread(upgrade, sqlite_url)
    engine = create_engine(sqlite_url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            for n, step in enumerate([("log", 1, -3, EXERCISES, False, False, 0),
                                      ("import", 1, -9, EXERCISES[:2]),
                                      ("log", 2, 0, EXERCISES[1:], True, False, 0)]):
                await apply(uow, step, NOW + timedelta(minutes=n))
        before = await kept(engine)
        await engine.dispose()
        await asyncio.to_thread(downgrade, sqlite_url, "0014")
        await asyncio.to_thread(upgrade, sqlite_url)
        assert await kept(engine) == before == await scanned(engine)
        assert len(before) == 4  # the skipped exercise has no mark
        async with engine.connect() as conn:
            assert await conn.scalar(select(func.count()).select_from(MarkRow)) == 4
    finally:
        await engine.dispose()


async def test_every_write_path_keeps_the_marks_on_both_databases(db_url: str) -> None:
    """A fixed life through each write path, on SQLite and PostgreSQL (their own triggers)."""
    engine = create_engine(db_url)
    try:
        await live(engine, [("log", 1, -3, EXERCISES, False, False, 0),
                            ("log", 1, -1, EXERCISES, False, False, 0),
                            ("log", 1, -1, EXERCISES[:2], True, True, 0),
                            ("import", 2, -9, EXERCISES), ("log", 2, -9, EXERCISES, False,
                                                           False, 5),
                            ("delete", 1), ("undo", 1, 20), ("delete", 0),
                            ("deleteme", 2), ("log", 1, 0, EXERCISES[1:], False, False, 0)])
    finally:
        await engine.dispose()

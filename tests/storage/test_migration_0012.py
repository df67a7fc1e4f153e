"""Migration 0012 (the day's target on entries) goes down and up again keeping every entry;
an entry that comes back without its day target reads as a legacy one."""

import asyncio
from datetime import UTC, datetime, time

from coach.concrete import DayTarget
from coach.history import resolve
from coach.reports import ReportKind, ReportLine, SetsReport
from services.plan import save_plan
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET, finish, record, start_now
from storage.db import create_engine, session_factory
from storage.migrate import downgrade, upgrade
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


async def test_0012_goes_down_and_up_again_keeping_the_entries_as_legacy_rows(
    db_url: str,
) -> None:
    engine = create_engine(db_url)
    try:
        factory = session_factory(engine)
        await Units(factory).run(save_plan, NOW, 1, 1, frozenset({1, 3}), frozenset(),
                                 time(18, 30), "Europe/Berlin", DEFAULT_OFFSET)
        sessions = Units(factory)
        view = await sessions.run(start_now, NOW, 1)
        line = ReportLine("goblet_squat", SetsReport(ReportKind.AS_PLANNED), "")
        await sessions.run(record, NOW, 1, view.session.id, [line], None)
        await sessions.run(finish, NOW, 1, view.session.id)
        async with UnitOfWork(factory) as uow:
            (before,) = await uow.entries.for_session(view.session.id)
        assert before.day_target == DayTarget(3, 6, 0.0)
        await engine.dispose()
        await asyncio.to_thread(downgrade, db_url, "0011")
        await asyncio.to_thread(upgrade, db_url)
        async with UnitOfWork(factory) as uow:
            (after,) = await uow.entries.for_session(view.session.id)
            logged = await uow.history.logged(1)
        assert after.day_target is None
        assert after.report == before.report  # the numbers stored stay
        (done,) = resolve(logged)
        assert (done.reps, done.load_kg) == ((6, 6, 6), 0.0)
    finally:
        await engine.dispose()

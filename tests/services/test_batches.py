"""The batched card views: the same as one runner's view, in a fixed number of statements
whatever the batch holds (runners back from a break, in race week)."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import event, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bench.seeding import BACK, RACING, Season, seed_season
from coach.views import Delivery, SessionInfo, SessionView, Status
from services.batches import build_views
from services.reports import load_view
from storage.models import SessionRow
from storage.repositories import session_info
from storage.uow import UnitOfWork

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
SEASON = Season(NOW, weeks=3, back_every=3, racing_every=3)


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[list[str]]:
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", before)


async def due(factory: async_sessionmaker[AsyncSession], users: range) -> list[SessionInfo]:
    async with factory() as session:
        rows = await session.scalars(select(SessionRow).where(
            SessionRow.user_id.in_(users), SessionRow.delivery == Delivery.DUE.value)
            .order_by(SessionRow.user_id))
        return [session_info(row) for row in rows]


async def views_of(engine: AsyncEngine, factory: async_sessionmaker[AsyncSession],
                   users: range) -> tuple[list[SessionView], int]:
    sessions = await due(factory, users)
    with counting(engine) as seen:
        async with UnitOfWork(factory) as uow:
            views = await build_views(uow, sessions)
    return views, len(seen)


def shown(view: SessionView) -> tuple[object, ...]:
    """What a card shows of a view: targets and why, last time and logged, the day's shape."""
    return (view.session.id, view.profile,
            tuple((i.exercise.id, i.target, i.why, i.last, i.logged) for i in view.items),
            view.today)


async def test_a_batch_costs_the_same_statements_with_returning_and_race_week_runners(
    engine: AsyncEngine, factory: async_sessionmaker[AsyncSession],
) -> None:
    async with engine.begin() as conn:
        plain = await seed_season(conn, 1, 6, Season(NOW, weeks=3, back_every=0,
                                                     racing_every=0))
        few = await seed_season(conn, 51, 3, SEASON)
        mixed = await seed_season(conn, 101, 12, SEASON)
    assert set(plain.values()) == {"plain"}
    assert set(few.values()) == {BACK, RACING, "plain"}
    _, alone = await views_of(engine, factory, range(1, 7))
    _, one_each = await views_of(engine, factory, range(51, 54))
    views, together = await views_of(engine, factory, range(101, 113))
    # read once for the batch when needed: this week's moves when a race is near, the
    # loads before a break for returning runners (which entries, then those entries), the
    # weeks' effort where a lighter week may come early
    assert one_each <= alone + 4
    assert together == one_each, "a returning or race-week runner costs statements of their own"
    by_kind = {kind: [v for v in views if mixed[v.profile.user_id] == kind]
               for kind in (BACK, RACING)}
    assert all(any(item.why for item in v.items) for v in by_kind[BACK])
    assert all(v.today.light for v in by_kind[RACING])
    async with UnitOfWork(factory) as uow:  # the scheduler's: the same but for last time
        bare = await build_views(uow, await due(factory, range(101, 113)), last_time=False)
    assert [shown(v) for v in bare] == [shown(replace(v, items=tuple(
        replace(i, last=None) for i in v.items))) for v in views]
    async with UnitOfWork(factory) as uow:  # each as the report path sees it
        for view in views:
            single = await load_view(uow, view.profile, view.session)
            assert shown(single) == shown(view)


async def test_the_card_and_the_report_agree_on_the_last_finished_session(
    engine: AsyncEngine, factory: async_sessionmaker[AsyncSession],
) -> None:
    """Twelve days away, then a session logged earlier on the reminder's own day: both say
    the runner is back from a break (the batch once read the last session over all time)."""
    async with engine.begin() as conn:
        await seed_season(conn, 1, 1, Season(NOW, weeks=2, back_every=1, racing_every=0))
        await conn.execute(insert(SessionRow).values(
            user_id=1, kind="log", session_date=NOW.date(),
            due_at=datetime.combine(NOW.date(), time(7), UTC), delivery=Delivery.NONE.value,
            status=Status.DONE.value, closed_at=NOW - timedelta(hours=9)))
    (batched,), _ = await views_of(engine, factory, range(1, 2))
    async with UnitOfWork(factory) as uow:
        single = await load_view(uow, batched.profile, batched.session)
    assert shown(single) == shown(batched)
    assert all(item.why for item in batched.items)

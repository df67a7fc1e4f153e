"""The batch reads of past outcomes and effort equal the one-runner reads they stand for:
`recent_outcomes_many` with a date range per key (read again in full when the range holds
less than the window) and `rated_many`, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench.seeding import Season, seed_season
from coach.progression import Outcome
from coach.views import Status
from storage.coaching import CoachingRepo
from storage.models import SessionRow

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
TODAY = NOW.date()
RUNNERS = range(1, 7)


def rated_of(outcomes: dict[str, tuple[Outcome, ...]]) -> list[tuple[date, str]]:
    """(day, effort) of the sessions behind these outcomes, oldest first (how the effort
    was read before: off the outcomes of the latest 90 entries)."""
    return sorted({(o.day, o.effort) for found in outcomes.values() for o in found
                   if o.day is not None and o.effort is not None})


async def seeded(factory: async_sessionmaker[AsyncSession]) -> dict[int, int]:
    """Six runners with 12 weeks of history (the even ones back from a break), each
    runner's sessions rated but every third; each runner's session due today, by runner."""
    async with factory() as session, session.begin():
        await seed_season(await session.connection(), 1, len(RUNNERS),
                          Season(NOW, weeks=12, back_every=2, racing_every=0))
        done = (await session.execute(select(SessionRow.user_id, SessionRow.id).where(
            SessionRow.status == Status.DONE.value).order_by(SessionRow.user_id,
                                                             SessionRow.session_date))).all()
        for n, (_, sid) in enumerate(done):
            if n % 3:
                await session.execute(update(SessionRow).where(SessionRow.id == sid).values(
                    effort=("hard", "ok", "too hard")[n % 3]))
        rows = await session.execute(select(SessionRow.user_id, SessionRow.id).where(
            SessionRow.session_date == TODAY))
        return {int(user): int(sid) for user, sid in rows}


async def last_finished(factory: async_sessionmaker[AsyncSession], user: int) -> int:
    """The runner's latest finished session."""
    async with factory() as session:
        return int(await session.scalar(select(SessionRow.id).where(
            SessionRow.user_id == user, SessionRow.status == Status.DONE.value)
            .order_by(SessionRow.session_date.desc()).limit(1)) or 0)


async def test_outcomes_in_a_range_equal_the_full_read(
        factory: async_sessionmaker[AsyncSession]) -> None:
    today = await seeded(factory)
    keys = [(user, today[user], TODAY) for user in RUNNERS]
    left_out = await last_finished(factory, 2)
    keys += [(1, 0, TODAY - timedelta(days=10)),  # a runner's second and third key: other
             (2, left_out, TODAY - timedelta(weeks=3))]  # days, other sessions left out
    ranges = {  # wide enough for the window, too narrow (read again in full), none
        keys[0]: TODAY - timedelta(weeks=8), keys[1]: TODAY - timedelta(days=20),
        keys[2]: TODAY - timedelta(days=3), keys[3]: TODAY - timedelta(weeks=6),
        keys[6]: TODAY - timedelta(weeks=5)}
    async with factory() as session:
        repo = CoachingRepo(session)
        for per_exercise, window in ((3, 40), (6, 40), (30, 90)):
            many = await repo.recent_outcomes_many(keys, per_exercise, window, ranges)
            for user, sid, day in keys:
                one = await repo.recent_outcomes(user, sid, day, per_exercise, window)
                assert many.get((user, sid, day), {}) == one


async def test_rated_many_equals_rated_and_the_outcomes_behind_it(
        factory: async_sessionmaker[AsyncSession]) -> None:
    await seeded(factory)
    since = TODAY - timedelta(weeks=6)
    keys = [(user, since - timedelta(days=user), TODAY - timedelta(days=user))
            for user in RUNNERS]
    async with factory() as session:
        repo = CoachingRepo(session)
        many = await repo.rated_many(keys)
        for user, first, day in keys:
            one = await repo.rated(user, first, day)
            assert many.get((user, first, day), []) == one
            behind = rated_of(await repo.recent_outcomes(user, 0, day, 30, 90))
            assert one == [(on, felt) for on, felt in behind if on >= first]
            assert one
            assert all(first <= on < day for on, _ in one)

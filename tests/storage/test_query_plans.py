"""Every query on a hot path is an index search at 100k runners, never a scan.

100,000 runners are seeded in a few statements (INSERT … SELECT over a recursive CTE on
SQLite, generate_series on PostgreSQL). Each named query is run through its real repository
operation while its SQL is captured; the plan of each captured statement is then read
(EXPLAIN QUERY PLAN on SQLite, without ANALYZE: a fresh database has no statistics;
EXPLAIN on PostgreSQL, after ANALYZE as autovacuum would do). A full scan of a table, or an
index search that does not reach the runner (a walk that grows with the number of runners),
fails the test.
"""

import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from itertools import takewhile
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.cards import CardsBatch
from storage.days import DaysBatch
from storage.db import create_engine, session_factory
from storage.delivery import DeliveryRepo
from storage.inbox import InboxRepo
from storage.uow import UnitOfWork

RUNNERS = 100_000
NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
USER = 54_321
TABLES = ("users", "sessions", "entries", "targets", "reviews", "inbox", "plan_moves")
Query = Callable[[UnitOfWork], Awaitable[object]]


def _series(dialect: str) -> str:
    if dialect == "sqlite":
        return ("(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                f"WHERE i < {RUNNERS}) SELECT i FROM n) AS n")
    return f"generate_series(1, {RUNNERS}) AS n(i)"


def seed_sql(dialect: str) -> list[str]:
    """Runners with an open and a planned session, an entry, a target, a review."""
    n = _series(dialect)
    yes = "1" if dialect == "sqlite" else "true"
    at = "'2026-11-01 00:00:00'"
    due = ("datetime('2026-11-25 18:00:00', '+' || (i % 5000) || ' minutes')"
           if dialect == "sqlite"
           else "timestamptz '2026-11-25 18:00:00+00' + (i % 5000) * interval '1 minute'")
    return [
        "INSERT INTO users (id, chat_id, tz, run_end_minutes, hard_days, cross_days, "
        "session_days, active, auto_progression, onboarded_at, created_at) "
        f"SELECT i, i, 'UTC', 1080, 10, 0, 10, {yes}, {yes}, {at}, {at} FROM {n}",
        "INSERT INTO sessions (id, user_id, kind, session_date, due_at, delivery, status, "
        f"sent_at) SELECT {RUNNERS} + i, i, 'scheduled', '2026-11-19', {at}, 'sent', 'open', "
        f"{at} FROM {n}",
        "INSERT INTO sessions (id, user_id, kind, session_date, due_at, delivery, status) "
        f"SELECT {2 * RUNNERS} + i, i, 'scheduled', '2026-11-25', {due}, 'due', 'planned' "
        f"FROM {n}",
        "INSERT INTO entries (session_id, user_id, exercise_id, kind, reps, created_at) "
        f"SELECT {RUNNERS} + i, i, 'goblet', 'sets', '8 8 8', {at} FROM {n}",
        "INSERT INTO targets (user_id, exercise_id, sets, reps, load_kg, updated_at) "
        f"SELECT i, 'goblet', 3, 8, 12.0, {at} FROM {n}",
        "INSERT INTO reviews (user_id, enabled, weekday, minutes, due_at) "
        f"SELECT i, {yes}, 6, 1140, {due} FROM {n}",
        f"INSERT INTO inbox (update_id, received_at, handled_at) SELECT i, {at}, {at} FROM {n}",
    ]


@contextmanager
def capturing(engine: AsyncEngine) -> Iterator[list[tuple[str, Any]]]:
    """The statements (and parameters) the engine runs inside the block."""
    seen: list[tuple[str, Any]] = []

    def before(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
               executemany: bool) -> None:
        if not executemany and statement.lstrip().upper().startswith(("SELECT", "UPDATE",
                                                                       "DELETE", "WITH")):
            seen.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", before)


class Rollback(Exception):
    """Leaves the unit of work without committing what the query did."""


async def run_captured(engine: AsyncEngine, query: Query) -> list[tuple[str, Any]]:
    with capturing(engine) as seen:
        try:
            async with UnitOfWork(session_factory(engine)) as uow:
                await query(uow)
                raise Rollback
        except Rollback:
            pass
    return seen


async def plan_of(engine: AsyncEngine, statement: str, parameters: Any) -> list[str]:
    async with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = await conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            return [str(tuple(row)[3]) for row in rows]
        rows = await conn.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        return [str(next(iter(row))) for row in rows]


def scans(plan: list[str]) -> list[str]:
    """Plan lines that read a whole table (or a whole index of it: on PostgreSQL, an index
    scan with no condition on the index, only a filter over every row it walks)."""
    bad = []
    for number, line in enumerate(plan):
        if _walks_a_whole_index(plan, number):
            bad.append(line)
        words = line.strip().replace("->", "").split()
        if line.strip().startswith("SCAN ") and len(words) > 1 and words[1] in TABLES:
            bad.append(line)
        if "Seq Scan on" in line and any(f"Seq Scan on {t} " in line + " " for t in TABLES):
            bad.append(line)
    return bad


def _walks_a_whole_index(plan: list[str], number: int) -> bool:
    """Whether PostgreSQL's plan node at `number` is an index scan of a table in TABLES
    with no Index Cond among its own lines (those before the next node)."""
    node = re.search(r"Index (?:Only )?Scan (?:Backward )?using \S+ on (\w+)", plan[number])
    if node is None or node.group(1) not in TABLES:
        return False
    own = takewhile(lambda later: "->" not in later, plan[number + 1:])
    return not any("Index Cond" in later for later in own)


PER_USER = "user_id"
QUERIES: dict[str, tuple[Query, str | None]] = {
    "next planned reminder of a runner": (lambda u: u.planning.next_planned(USER), PER_USER),
    "next due row of a runner": (lambda u: u.sessions.next_due(USER), PER_USER),
    "booked dates of a runner": (
        lambda u: u.planning.booked(USER, date(2026, 11, 20)), PER_USER),
    "open session of a runner": (lambda u: u.sessions.latest_open(USER), PER_USER),
    "open sessions of a runner": (lambda u: u.sessions.open_ones(USER), PER_USER),
    "a report's entries: its session's, last time's": (
        lambda u: u.entries.around(USER, RUNNERS + USER), PER_USER),
    "due claim": (lambda u: u.claims.claim_due(NOW + timedelta(minutes=30), 200), None),
    "stale claims": (lambda u: u.claims.requeue_stale_claims(NOW), None),
    "nudge claim": (lambda u: u.claims.claim_nudges(NOW, 200), None),
    "reviews due": (lambda u: u.reviews.claim_due(NOW + timedelta(days=1), 200), None),
    "inbox pending": (lambda u: InboxRepo(u.session).pending(), None),
    "unsettled sends": (lambda u: DeliveryRepo(u.session).unsettled(NOW, 200), None),
    "batch: runners": (lambda u: DeliveryRepo(u.session).profiles(range(USER, USER + 200)),
                       None),
    "batch: targets": (lambda u: DeliveryRepo(u.session).targets([USER, USER + 1]), PER_USER),
    "batch: last entries": (
        lambda u: DeliveryRepo(u.session).last_entries([USER, USER + 1], [1, 2]), PER_USER),
    "batch: last time from the marks": (
        lambda u: CardsBatch(u.session).last([USER, USER + 1], {2 * RUNNERS + USER}), PER_USER),
    "batch: last time past a logged session": (
        lambda u: CardsBatch(u.session).last([USER, USER + 1], {RUNNERS + USER}), PER_USER),
    "batch: runners and kit": (lambda u: CardsBatch(u.session).runners([USER, USER + 1]),
                               None),
    "batch: day facts": (lambda u: DaysBatch(u.session).facts_many(
        [(USER, 2 * RUNNERS + USER, date(2026, 11, 25))], timedelta(days=14)), None),
    "batch: outcomes before a break": (lambda u: u.coaching.recent_outcomes_many(
        [(USER, 0, date(2026, 11, 25)), (USER + 1, 0, date(2026, 11, 25))], 3, 40,
        since={(USER, 0, date(2026, 11, 25)): date(2026, 10, 1)}), PER_USER),
    "last finished session": (
        lambda u: u.coaching.last_done_before(USER, 0, date(2026, 11, 25)), PER_USER),
    "batch: planned rows": (
        lambda u: DeliveryRepo(u.session).with_planned([USER, USER + 1]), PER_USER),
    "batch: calendars": (
        lambda u: DeliveryRepo(u.session).calendars({USER: date(2026, 11, 20)}), PER_USER),
    "batch: open besides": (
        lambda u: DeliveryRepo(u.session).open_besides([USER], [USER]), PER_USER),
}


@pytest.fixture
async def seeded(db_url: str) -> AsyncEngine:
    engine = create_engine(db_url, foreign_keys=False)
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":  # no foreign key triggers while seeding
            await conn.execute(text("SET LOCAL session_replication_role = replica"))
        for statement in seed_sql(engine.dialect.name):
            await conn.execute(text(statement))
        if engine.dialect.name == "postgresql":
            await conn.execute(text("ANALYZE"))
    return engine


async def test_every_hot_query_searches_an_index_at_100k_runners(seeded: AsyncEngine) -> None:
    failures = []
    try:
        for name, (query, key) in QUERIES.items():
            for statement, parameters in await run_captured(seeded, query):
                plan = await plan_of(seeded, statement, parameters)
                shown = "\n    ".join(plan)
                if scans(plan):
                    failures.append(f"{name}: full scan\n    {statement}\n    {shown}")
                elif key is not None and not any(key in line for line in plan):
                    failures.append(f"{name}: the index does not reach the runner\n    {shown}")
    finally:
        await seeded.dispose()
    assert not failures, "\n".join(failures)



async def test_the_claim_looks_its_rows_up_by_id_whatever_else_waits(seeded: AsyncEngine
                                                                     ) -> None:
    """The claim's UPDATE finds the rows it chose by primary key, not by walking the
    queue's index: every runner's planned reminder waits in it ('due')."""
    an_hour_of_them = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
    try:
        updates = [(statement, parameters) for statement, parameters in await run_captured(
            seeded, lambda u: u.claims.claim_due(an_hour_of_them, 200))
            if statement.startswith("UPDATE")]
        assert updates, "nothing was claimed"
        for statement, parameters in updates:
            plan = await plan_of(seeded, statement, parameters)
            assert any("PRIMARY KEY" in line or "sessions_pkey" in line for line in plan), \
                "\n".join(plan)
    finally:
        await seeded.dispose()

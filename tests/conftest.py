"""Shared fixtures: a fresh migrated database per test, on SQLite and PostgreSQL if reachable."""

import asyncio
import os
import shutil
import socket
import sqlite3
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.db import create_engine, session_factory
from storage.migrate import upgrade

# CI machines are sometimes busy: no per-example deadline anywhere.
settings.register_profile("coachbot", deadline=None)
settings.load_profile("coachbot")

# PTB 22 warns about its coming timedelta durations unless this opt-in is set.
os.environ.setdefault("PTB_TIMEDELTA", "1")

PG_HOST, PG_PORT = "127.0.0.1", 5432

# The tiers: `make test` runs everything not marked slow (under four minutes on two cores,
# lint included); `make test-all` runs everything. Slow: real processes killed or started
# many times, long end-to-end streams, the browser, the benches, long state machines.
SLOW_MODULES = frozenset({
    "tests/bot/test_hostile.py", "tests/bot/test_ingest_crash.py", "tests/bot/test_exits.py",
    "tests/bot/test_flood.py", "tests/bot/test_stopping.py", "tests/bot/test_burst.py",
    "tests/bot/test_delivery_faults.py", "tests/tools/demo/test_browser.py",
    "tests/storage/test_migration_kills.py", "tests/storage/test_plan_machine.py",
    "tests/storage/test_query_plans.py", "tests/scheduler/test_crash.py",
    "tests/scheduler/test_faults.py", "tests/scheduler/test_multi_instance.py",
    "tests/bench/test_dispatch_and_scale.py", "tests/bench/test_benches.py",
    "tests/bot/test_button_fuzz.py", "tests/tools/test_simulate.py",
    "tests/tools/test_simulate_races.py", "tests/tools/test_simulate_spec.py",
    "tests/tools/test_simulate_period.py",
})
SLOW_TESTS = frozenset({
    "test_a_same_evening_change_after_the_reminder_keeps_the_reminders_coming",
    "test_the_reminder_follows_local_time_across_the_dst_change",
    "test_no_reminder_goes_out_on_easy_days",
    "test_every_named_runner_fits_forty_five_minutes_with_lighter_weeks_over_24_weeks",
    "test_every_screen_is_a_replay_of_the_stored_entries",
    "test_many_engines_opening_one_file_at_once_never_see_a_locked_database",
    "test_a_slow_loris_crowd_leaves_a_genuine_update_answered_within_a_second",
})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the slow tier (see SLOW_MODULES)."""
    root = Path(str(config.rootpath))
    for item in items:
        module = Path(str(item.path)).relative_to(root).as_posix()
        name = getattr(item, "originalname", item.name)
        if module in SLOW_MODULES or name in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


def postgres_reachable() -> bool:
    """Tell whether a PostgreSQL server listens on the test address."""
    try:
        with socket.create_connection((PG_HOST, PG_PORT), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'coachbot.db'}"


async def _admin(sql: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(user="postgres", host=PG_HOST, port=PG_PORT, database="test")
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def _apart(function: Callable[..., None], *args: Any) -> None:
    """Run `function` to the end in a thread of its own: session fixtures may be set up
    while the test's event loop runs, and migrations and admin calls start their own."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(function, *args).result()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to head once per run; tests start from a copy of it (the
    migrations themselves are tested on their own, in tests/storage/test_migrat*.py)."""
    path = tmp_path_factory.mktemp("template") / "coachbot.db"
    _apart(upgrade, f"sqlite+aiosqlite:///{path}")
    with sqlite3.connect(path) as conn:  # everything in the main file: a copy is whole
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def fresh_sqlite(template: Path, url: str) -> str:
    """`url`'s file, a copy of the migrated template."""
    shutil.copy(template, url.removeprefix("sqlite+aiosqlite:///"))
    return url


@pytest.fixture(scope="session")
def migrated_postgres() -> Iterator[str | None]:
    """A PostgreSQL database migrated once per run, the template of each test's database;
    None when no server answers."""
    if not postgres_reachable():
        yield None
        return
    name = f"coachbot_tpl_{uuid.uuid4().hex[:12]}"
    _apart(asyncio.run, _admin(f'CREATE DATABASE "{name}"'))
    try:
        _apart(upgrade, f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}")
        yield name
    finally:
        _apart(asyncio.run, _admin(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, sqlite_url: str,
                 migrated_sqlite: Path) -> AsyncIterator[str]:
    """A migrated, empty database: a SQLite file, then a PostgreSQL database (each a copy
    of one migrated once per run)."""
    if request.param == "sqlite":
        yield fresh_sqlite(migrated_sqlite, sqlite_url)
        return
    template = request.getfixturevalue("migrated_postgres")
    if template is None:
        pytest.skip(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}")
    name = f"coachbot_t_{uuid.uuid4().hex[:12]}"
    await _admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    url = f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    try:
        yield url
    finally:
        await _admin(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
async def engine(db_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return session_factory(engine)

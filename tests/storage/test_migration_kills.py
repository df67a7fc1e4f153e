"""A kill at any moment of `coachbot migrate` leaves a database that the next migrate upgrades.

Each round forks `coachbot migrate` (tests/storage/migrate_forks.py: a real child process,
started after the imports so that it spends its life in Alembic and the DDL) and SIGKILLs it
after a random delay within the time a whole migration takes. The next round migrates the
same file again, killed or not; whenever a migration completes, the schema must be at head,
equal to the models, with every seeded row intact, and a fresh database is laid out again.
The random seed is printed in every failure (KILL_SEED=<seed> replays its delays).

A longer run (200 kills per variant and backend):
`MIGRATION_KILLS=200 .venv/bin/python -m pytest tests/storage/test_migration_kills.py`.
"""

import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.db import create_engine
from storage.migrate import alembic_config, upgrade
from storage.models import Base
from tests.conftest import PG_HOST, PG_PORT, _admin, postgres_reachable
from tests.scheduler.crash_helpers import REPO, child_env

# Kills per variant (fresh, populated); MIGRATION_KILLS=200 for a longer run of both.
SQLITE_KILLS = int(os.environ.get("MIGRATION_KILLS", 40))
POSTGRES_KILLS = int(os.environ.get("MIGRATION_KILLS", 6))
SEEDED = 300  # runners in a populated database, each with a session and a logged entry
HEAD = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


class Forks:
    """The fork server: `migrate(url)` starts a child, `wait(pid)` reaps it."""

    def __init__(self, log: IO[str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.storage.migrate_forks"], cwd=REPO,
            env=child_env(LOG_LEVEL="WARNING"), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=log, text=True)
        self.ask("ping")  # the imports are done

    def ask(self, line: str) -> int:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def migrate(self, url: str) -> int:
        return self.ask(f"migrate {url}")

    def wait(self, pid: int) -> int:
        return self.ask(f"wait {pid}")

    def close(self) -> None:
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


@dataclass
class Target:
    """A database to kill migrations on: how to lay it out again and how to check it."""

    url: str
    reset: Callable[[], None]
    seeded: int


@pytest.fixture
def forks(tmp_path: Path) -> Iterator[Forks]:
    with (tmp_path / "migrate.log").open("w") as log:
        server = Forks(log)
        try:
            yield server
        finally:
            server.close()


def log_tail(tmp_path: Path) -> str:
    lines = (tmp_path / "migrate.log").read_text(errors="replace").splitlines()
    return "\n".join(lines[-30:])


async def seed_at_0001(url: str, runners: int) -> None:
    """Runners, sessions and entries written with the first schema (no models: they're newer)."""
    users = [dict(id=i, chat_id=i, tz="UTC", run_end_minutes=1080, hard_days=5, cross_days=0,
                  session_days=5, active=True, auto_progression=True, onboarded_at=NOW,
                  created_at=NOW) for i in range(1, runners + 1)]
    sessions = [dict(id=i, user_id=i, kind="scheduled", session_date=date(2026, 11, 23),
                     due_at=NOW, delivery="due", status="planned") for i in users_ids(runners)]
    entries = [dict(id=i, session_id=i, user_id=i, exercise_id="goblet", kind="reps",
                    reps="8 8 7", created_at=NOW) for i in users_ids(runners)]
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO users (id, chat_id, tz, run_end_minutes, hard_days, cross_days,"
                " session_days, active, auto_progression, onboarded_at, created_at) VALUES"
                " (:id, :chat_id, :tz, :run_end_minutes, :hard_days, :cross_days,"
                " :session_days, :active, :auto_progression, :onboarded_at, :created_at)"),
                users)
            await conn.execute(text(
                "INSERT INTO sessions (id, user_id, kind, session_date, due_at, delivery,"
                " status) VALUES (:id, :user_id, :kind, :session_date, :due_at, :delivery,"
                " :status)"), sessions)
            await conn.execute(text(
                "INSERT INTO entries (id, session_id, user_id, exercise_id, kind, reps,"
                " created_at) VALUES (:id, :session_id, :user_id, :exercise_id, :kind,"
                " :reps, :created_at)"), entries)
    finally:
        await engine.dispose()


def users_ids(runners: int) -> range:
    return range(1, runners + 1)


def _schema_problems(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection)
    diff: list[object] = list(compare_metadata(context, Base.metadata))
    return [*diff, *([] if context.get_current_heads() == (HEAD,) else ["not at head"])]


async def check_intact(url: str, seeded: int) -> None:
    """At head, equal to the models, every seeded row there with its values."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            assert await conn.run_sync(_schema_problems) == []
            counts = [(await conn.execute(text(f"SELECT count(*) FROM {table}"))).scalar()
                      for table in ("users", "sessions", "entries")]
            assert counts == [seeded] * 3
            if seeded:
                reps = (await conn.execute(text(
                    "SELECT reps FROM entries WHERE id = :id"), {"id": seeded})).scalar()
                due = (await conn.execute(text(
                    "SELECT count(*) FROM sessions WHERE delivery = 'due'"))).scalar()
                assert (reps, due) == ("8 8 7", seeded)
    finally:
        await engine.dispose()


def timed_migration(forks: Forks, target: Target, tmp_path: Path) -> float:
    """How long a whole migration of the target takes here, start to exit."""
    target.reset()
    started = time.monotonic()
    assert forks.wait(forks.migrate(target.url)) == 0, log_tail(tmp_path)
    span = time.monotonic() - started
    target.reset()
    return span


def kill_rounds(forks: Forks, target: Target, kills: int, tmp_path: Path) -> tuple[int, int]:
    """Kill migrations on `target` until `kills` landed; returns (kills, completed runs)."""
    rng_seed = int(os.environ.get("KILL_SEED", random.randrange(1 << 30)))
    rng = random.Random(rng_seed)
    span = min(timed_migration(forks, target, tmp_path) for _ in range(2))
    landed = completed = 0
    for _ in range(kills * 5):
        pid = forks.migrate(target.url)
        time.sleep(rng.uniform(0, span))  # a random moment of another process's work
        os.kill(pid, signal.SIGKILL)  # not reaped yet: the pid cannot have been reused
        code = forks.wait(pid)
        if code == -signal.SIGKILL:
            landed += 1
            if landed == kills:
                break
            continue
        assert code == 0, f"migrate failed after a kill (seed {rng_seed})\n{log_tail(tmp_path)}"
        completed += 1
        asyncio.run(check_intact(target.url, target.seeded))
        target.reset()
    assert landed == kills, f"only {landed} kills landed (seed {rng_seed})"
    assert forks.wait(forks.migrate(target.url)) == 0, f"seed {rng_seed}\n{log_tail(tmp_path)}"
    asyncio.run(check_intact(target.url, target.seeded))
    return landed, completed


def sqlite_target(tmp_path: Path, seeded: int) -> Target:
    live = tmp_path / "coachbot.db"
    template = tmp_path / "template.db"
    url = f"sqlite+aiosqlite:///{live}"
    if seeded:
        template_url = f"sqlite+aiosqlite:///{template}"
        upgrade(template_url, "0001")
        asyncio.run(seed_at_0001(template_url, seeded))

    def reset() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{live}{suffix}").unlink(missing_ok=True)
        if seeded:
            shutil.copyfile(template, live)

    return Target(url, reset, seeded)


@pytest.mark.parametrize("seeded", [0, SEEDED], ids=["fresh", "populated"])
def test_sqlite_survives_sigkills_at_random_moments_of_a_migration(
    forks: Forks, tmp_path: Path, seeded: int,
) -> None:
    kills, _ = kill_rounds(forks, sqlite_target(tmp_path, seeded), SQLITE_KILLS, tmp_path)
    assert kills == SQLITE_KILLS


@pytest.fixture
def pg_database() -> Iterator[str]:
    if not postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}")
    name = f"coachbot_k_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE "{name}" WITH (FORCE)'))


async def _empty(url: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


@pytest.mark.parametrize("seeded", [0, SEEDED], ids=["fresh", "populated"])
def test_postgres_survives_sigkills_at_random_moments_of_a_migration(
    forks: Forks, tmp_path: Path, pg_database: str, seeded: int,
) -> None:
    def reset() -> None:
        asyncio.run(_empty(pg_database))
        if seeded:
            upgrade(pg_database, "0001")
            asyncio.run(seed_at_0001(pg_database, seeded))

    kill_rounds(forks, Target(pg_database, reset, seeded), POSTGRES_KILLS, tmp_path)


def test_three_processes_migrating_one_postgres_database_at_once_all_succeed(
    forks: Forks, tmp_path: Path, pg_database: str,
) -> None:
    for _ in range(2):
        asyncio.run(_empty(pg_database))
        pids = [forks.migrate(pg_database) for _ in range(3)]
        assert [forks.wait(pid) for pid in pids] == [0, 0, 0], log_tail(tmp_path)
        asyncio.run(check_intact(pg_database, 0))


def test_three_processes_migrating_one_sqlite_file_at_once_all_succeed(
    forks: Forks, tmp_path: Path,
) -> None:
    target = sqlite_target(tmp_path, 0)
    for _ in range(2):
        target.reset()
        pids = [forks.migrate(target.url) for _ in range(3)]
        assert [forks.wait(pid) for pid in pids] == [0, 0, 0], log_tail(tmp_path)
        asyncio.run(check_intact(target.url, 0))

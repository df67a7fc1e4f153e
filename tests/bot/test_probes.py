"""`coachbot status` reads only; `coachbot health` says 0 or 1; paths resolve against a home."""

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.config import Settings, resolve_sqlite
from bot.main import main
from bot.probes import health_checks
from coach.stored import SCHEDULER_TICK
from storage.db import create_engine, session_factory
from storage.migrate import upgrade
from storage.uow import UnitOfWork
from tests.scheduler.crash_helpers import REPO, child_env

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DATABASE_URL points at a SQLite file that does not exist yet."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "data" / "coachbot.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    return path


async def tick_at(url: str, when: datetime) -> None:
    engine = create_engine(url)
    try:
        async with UnitOfWork(session_factory(engine)) as uow:
            await uow.ops.bump(SCHEDULER_TICK, when)
    finally:
        await engine.dispose()


def test_status_on_a_missing_database_says_to_migrate_and_creates_nothing(
    database: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["status"]) == 2
    assert "run `coachbot migrate`" in capsys.readouterr().err
    assert not database.parent.exists()


def test_status_on_an_old_schema_refuses_instead_of_migrating(
    database: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"sqlite+aiosqlite:///{database}"
    upgrade(url, "0003")
    assert main(["status"]) == 2
    err = capsys.readouterr().err
    assert "schema is at 0003" in err
    assert "Traceback" not in err
    assert main(["health"]) == 1  # still not migrated: status applied nothing
    upgrade(url)
    assert main(["status"]) == 0
    assert "sends of unknown outcome:" in capsys.readouterr().out


async def test_health_passes_only_with_a_reachable_current_database_and_a_recent_tick(
    db_url: str,
) -> None:
    checks = await health_checks(db_url, NOW, 5 * MINUTE)
    assert [ok for ok, _ in checks] == [True, True, False]  # no tick recorded yet
    await tick_at(db_url, NOW - MINUTE)
    if db_url.startswith("postgresql"):
        now = datetime.now(UTC)  # ticks are stamped by the server's clock there
        checks = await health_checks(db_url, now, 5 * MINUTE)
        assert all(ok for ok, _ in checks), checks
        return
    assert all(ok for ok, _ in await health_checks(db_url, NOW, 5 * MINUTE))
    stale = await health_checks(db_url, NOW + 10 * MINUTE, 5 * MINUTE)
    assert [ok for ok, _ in stale] == [True, True, False]
    assert "older than 300 s" in stale[-1][1]


async def test_health_fails_when_the_database_is_unreachable() -> None:
    url = "postgresql+asyncpg://coachbot:pw@127.0.0.1:1/none"
    checks = await health_checks(url, NOW, MINUTE)
    assert checks[0][0] is False
    assert "database not reachable" in checks[0][1]


def test_the_health_command_exits_0_when_all_is_well_and_1_otherwise(
    database: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"sqlite+aiosqlite:///{database}"
    assert main(["health"]) == 1
    upgrade(url)
    asyncio.run(tick_at(url, datetime.now(UTC)))
    assert main(["health"]) == 0
    out = capsys.readouterr().out
    assert "ok   database reachable" in out
    assert "ok   scheduler: last tick" in out
    assert main(["health", "--max-age", "0"]) == 1  # any tick is older than 0 s


def test_relative_paths_resolve_against_coachbot_home_not_the_working_directory(
    tmp_path: Path,
) -> None:
    home, elsewhere = tmp_path / "home", tmp_path / "elsewhere"
    home.mkdir()
    elsewhere.mkdir()
    (home / ".env").write_text("DATABASE_URL=sqlite+aiosqlite:///data/bot.db\n")
    (elsewhere / ".env").write_text("DATABASE_URL=sqlite+aiosqlite:///wrong.db\n")
    env = child_env(COACHBOT_HOME=str(home))
    done = subprocess.run([sys.executable, "-m", "bot.main", "migrate"], cwd=elsewhere,
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert (home / "data" / "bot.db").is_file()
    assert not (elsewhere / "data").exists()
    assert not (elsewhere / "wrong.db").exists()


def test_without_coachbot_home_the_checkout_is_the_base_directory(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    monkeypatch.delenv("COACHBOT_HOME", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.database_url == f"sqlite+aiosqlite:///{REPO / 'data' / 'coachbot.db'}"
    absolute = f"sqlite+aiosqlite:///{tmp_path / 'x.db'}"
    assert resolve_sqlite(absolute, REPO) == absolute
    assert resolve_sqlite("postgresql+asyncpg://h/db", REPO) == "postgresql+asyncpg://h/db"


def read_only_dir(tmp_path: Path) -> Path:
    """A directory nobody may write in; for root (who may write anywhere) the kernel's /sys."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        (folder / "probe").touch()
    except PermissionError:
        return folder
    (folder / "probe").unlink()
    return Path("/sys")


@pytest.mark.parametrize("inside", [False, True], ids=["missing-folder", "locked-folder"])
def test_a_read_only_data_directory_ends_in_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    inside: bool,
) -> None:
    locked = read_only_dir(tmp_path)
    path = locked / "coachbot.db" if inside else locked / "data" / "coachbot.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    try:
        assert main(["migrate"]) == 2
        err = capsys.readouterr().err
        assert "cannot use the database" in err
        assert "may write there" in err
        assert "Traceback" not in err
        assert main(["status"]) == 2
        assert "no database file" in capsys.readouterr().err
    finally:
        if locked != Path("/sys"):
            os.chmod(locked, 0o755)

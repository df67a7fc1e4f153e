"""The `coachbot` command line: `backup` as a deployer runs it."""

from pathlib import Path

import pytest

from bot.main import main
from storage.migrate import upgrade


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with a migrated SQLite database and no .env."""
    monkeypatch.chdir(tmp_path)
    database = tmp_path / "data" / "coachbot.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{database}")
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    upgrade(f"sqlite+aiosqlite:///{database}")
    return database


def test_backup_writes_a_copy_to_the_given_file(
    deployment: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["backup", "copies/today.db"]) == 0
    assert (deployment.parent.parent / "copies" / "today.db").is_file()
    assert "Backed up 0 runners to copies/today.db" in capsys.readouterr().out


def test_backup_without_a_file_names_one_next_to_the_database(deployment: Path) -> None:
    assert main(["backup"]) == 0
    copies = list(deployment.parent.glob("coachbot-backup-*.db"))
    assert len(copies) == 1


def test_backup_refuses_to_overwrite_and_points_postgres_users_to_pg_dump(
    deployment: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["backup", "one.db"]) == 0
    assert main(["backup", "one.db"]) == 2
    assert "FileExistsError" in capsys.readouterr().err
    monkeypatch.setenv("DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    assert main(["backup", "pg.db"]) == 2
    assert "pg_dump" in capsys.readouterr().err

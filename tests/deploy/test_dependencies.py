"""Locked, split dependencies: the lock files match pyproject.toml, SQLite needs no asyncpg."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
LOCKS = {"runtime": (), "postgres": ("postgres",), "demo": ("demo",),
         "dev": ("dev", "postgres", "demo")}
PIN = re.compile(r"^([A-Za-z0-9._-]+)==\S+ \\$")


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def pinned(lock: str) -> dict[str, list[str]]:
    """name -> the lines of its entry in requirements/<lock>.txt."""
    entries: dict[str, list[str]] = {}
    current: list[str] = []
    for line in (ROOT / "requirements" / f"{lock}.txt").read_text().splitlines():
        if match := PIN.match(line):
            current = entries.setdefault(_name(match.group(1)), [])
        current.append(line)
    return entries


@pytest.mark.parametrize(("lock", "extras"), LOCKS.items())
def test_every_dependency_of_pyproject_is_pinned_in_its_lock_file(
    lock: str, extras: tuple[str, ...],
) -> None:
    wanted = {_name(r) for r in PROJECT["dependencies"]}
    for extra in extras:
        wanted |= {_name(r) for r in PROJECT["optional-dependencies"][extra]}
    missing = wanted - set(pinned(lock))
    assert not missing, f"requirements/{lock}.txt lacks {sorted(missing)}: run `make lock`"


@pytest.mark.parametrize("lock", LOCKS)
def test_every_pin_carries_hashes(lock: str) -> None:
    for name, lines in pinned(lock).items():
        assert any("--hash=sha256:" in line for line in lines), name


def test_asyncpg_comes_only_with_the_postgres_extra() -> None:
    assert "asyncpg" not in {_name(r) for r in PROJECT["dependencies"]}
    assert "asyncpg" not in pinned("runtime")
    assert "asyncpg" not in pinned("demo")
    assert "asyncpg" in pinned("postgres")


def test_make_run_installs_no_dev_tools() -> None:
    runtime = set(pinned("runtime"))
    assert not runtime & {"pytest", "mypy", "ruff", "hypothesis", "selenium"}


SQLITE_WITHOUT_ASYNCPG = """
import sys
sys.modules["asyncpg"] = None  # any import of it now fails
from pydantic import SecretStr
from bot.app import build_application
from bot.config import Settings
from storage.migrate import upgrade
url = "sqlite+aiosqlite:///" + sys.argv[1]
upgrade(url)
build_application(Settings(bot_token=SecretStr("1:x"), database_url=url, _env_file=None))
print("ok")
"""


def test_sqlite_runs_without_asyncpg_installed(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_WITHOUT_ASYNCPG, str(tmp_path / "coachbot.db")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
        env={"PTB_TIMEDELTA": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"

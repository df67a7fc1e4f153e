"""The deployment kit: Dockerfile, compose.yaml and the systemd unit hang together.

No Docker engine runs here, so the files are checked by reading them, and with hadolint,
docker compose / docker-compose and systemd-analyze where those are installed.
"""

import configparser
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
UNIT = ROOT / "deploy" / "coachbot.service"


def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "compose.yaml").read_text())
    assert isinstance(data, dict)
    return data


def instructions(name: str) -> list[str]:
    """Arguments of every Dockerfile instruction of one kind (continuations joined)."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines()
            if line.upper().startswith(f"{name} ")]


def test_the_image_is_slim_python_and_runs_as_a_numeric_non_root_user() -> None:
    assert "python:3.11-slim" in DOCKERFILE
    users = instructions("USER")
    assert users
    assert users[-1].split(":")[0] not in ("root", "0")
    assert users[-1].split(":")[0].isdigit()


def test_the_image_installs_the_hash_locked_postgres_requirements_and_checks_health() -> None:
    runs = " ".join(instructions("RUN"))
    assert "--require-hashes" in runs
    assert "--no-deps" in runs
    assert "/tmp/requirements/postgres.txt" in runs
    assert "requirements/" in " ".join(instructions("COPY"))
    assert "--no-build-isolation" in runs  # the build backend comes from requirements/build.txt
    (health,) = instructions("HEALTHCHECK")
    assert '["coachbot", "health"]' in health
    assert instructions("CMD") == ['["coachbot", "run"]']


def test_everything_the_dockerfile_copies_exists_and_is_not_docker_ignored() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    for args in instructions("COPY"):
        if args.startswith("--from"):
            continue
        *sources, _target = args.split()
        for source in sources:
            assert (ROOT / source).exists(), source
            top = source.split("/")[0]
            assert f"!{top}" in ignored or f"!{top}/" in ignored, f"{source} is docker-ignored"


def test_compose_starts_the_bot_only_once_postgres_is_healthy() -> None:
    services = compose()["services"]
    assert services["bot"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    assert services["bot"]["build"] == "."


def test_compose_keeps_postgres_data_in_a_declared_volume() -> None:
    data = compose()
    volume = data["services"]["db"]["volumes"][0].split(":")
    assert volume[1] == "/var/lib/postgresql/data"
    assert volume[0] in data["volumes"]


def test_the_bots_database_url_names_the_compose_database() -> None:
    db = compose()["services"]["db"]["environment"]
    url = compose()["services"]["bot"]["environment"]["DATABASE_URL"]
    match = re.fullmatch(r"postgresql\+asyncpg://(\w+):\$\{POSTGRES_PASSWORD[^}]*\}@db:5432/(\w+)",
                         url)
    assert match is not None, url
    assert match.groups() == (db["POSTGRES_USER"], db["POSTGRES_DB"])


def test_the_systemd_unit_runs_the_venvs_coachbot_as_its_own_user() -> None:
    unit = configparser.ConfigParser(strict=False, interpolation=None)
    unit.optionxform = str  # type: ignore[assignment,method-assign]
    unit.read(UNIT)
    service = unit["Service"]
    assert service["ExecStart"].endswith("/.venv/bin/coachbot run")
    assert service["User"] not in ("root", "0")
    assert service["Restart"] == "on-failure"
    assert service["KillSignal"] == "SIGTERM"
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def _tool(*names: str) -> str:
    venv_bin = ROOT / ".venv" / "bin"
    for name in names:
        found = shutil.which(name) or shutil.which(name, path=str(venv_bin))
        if found:
            return found
    pytest.skip(f"{' / '.join(names)} is not installed here")


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    hadolint = _tool("hadolint")
    result = subprocess.run([hadolint, str(ROOT / "Dockerfile")], capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_config_accepts_the_file(tmp_path: Path) -> None:
    tool = _tool("docker-compose")
    shutil.copy(ROOT / "compose.yaml", tmp_path)
    (tmp_path / ".env").write_text("BOT_TOKEN=1:x\nPOSTGRES_PASSWORD=letters123\n")
    result = subprocess.run([tool, "-f", "compose.yaml", "config"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "postgresql+asyncpg://coachbot:letters123@db:5432/coachbot" in result.stdout


def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    tool = _tool("systemd-analyze")
    coachbot = ROOT / ".venv" / "bin" / "coachbot"
    if not coachbot.exists():
        pytest.skip("no .venv/bin/coachbot to stand in for the installed one")
    unit = tmp_path / "coachbot.service"
    unit.write_text(UNIT.read_text().replace("/opt/coachbot/.venv/bin/coachbot", str(coachbot)))
    result = subprocess.run([tool, "verify", str(unit)], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr

"""The systemd recipe in deploy/coachbot.service's header, run as written.

Every set-up line runs except apt-get (the tools are checked instead) and systemctl (no
systemd here): a throwaway system user instead of `coachbot`, a temporary directory instead
of /opt/coachbot, this repository's committed HEAD (as a bundle) instead of the clone URL,
and a temporary folder instead of /etc/systemd/system. Then `systemd-analyze verify` reads
the installed unit, and the installed `coachbot` answers `migrate` as the service user.
"""

import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "coachbot.service"
TOOLS = ("useradd", "userdel", "runuser", "install", "git", "make")
PATH = "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin"  # a fresh Debian's, not this venv's

pytestmark = pytest.mark.slow


def recipe() -> list[str]:
    """The header's command lines (`#   command`), in order."""
    header = UNIT.read_text().split("[Unit]", 1)[0]
    return [line[4:].strip() for line in header.splitlines() if line.startswith("#   ")]


def localised(line: str, user: str, prefix: Path, bundle: Path, units: Path) -> str:
    line = line.replace("/etc/systemd/system/", f"{units}/").replace("/opt/coachbot", str(prefix))
    line = line.replace("<repo-url>", str(bundle))
    line = re.sub(r"(-u|-o|-g) coachbot\b", rf"\1 {user}", line)
    return re.sub(r" coachbot$", f" {user}", line)


@pytest.fixture
def sandbox() -> Iterator[tuple[str, Path]]:
    """A system user that is removed afterwards, and a world-traversable scratch folder."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if os.geteuid() != 0 or missing:
        pytest.skip(f"needs root and {', '.join(TOOLS)} (missing: {missing or 'root'})")
    user = f"cbrecipe{uuid.uuid4().hex[:6]}"
    scratch = Path(tempfile.mkdtemp(prefix="coachbot-recipe-", dir="/tmp"))
    scratch.chmod(0o755)
    try:
        yield user, scratch
    finally:
        subprocess.run(["userdel", user], capture_output=True, check=False)
        shutil.rmtree(scratch, ignore_errors=True)


def test_the_systemd_recipe_sets_up_a_checkout_the_unit_can_start(
    sandbox: tuple[str, Path],
) -> None:
    user, scratch = sandbox
    prefix, units, bundle = scratch / "opt-coachbot", scratch / "units", scratch / "repo.bundle"
    units.mkdir()
    subprocess.run(["git", "-C", str(ROOT), "bundle", "create", str(bundle), "HEAD"],
                   check=True, capture_output=True)
    bundle.chmod(0o644)
    env = {"PATH": PATH, "LANG": "C.UTF-8"}
    lines = [line for line in recipe() if not line.startswith(("apt-get", "systemctl"))]
    assert len(lines) == 7, lines
    for line in lines:
        step = localised(line, user, prefix, bundle, units)
        done = subprocess.run(["bash", "-c", step], env=env, capture_output=True, text=True,
                              timeout=900, check=False)
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
    assert (prefix / "data").is_dir()  # ReadWritePaths must exist before the unit starts
    assert oct((prefix / ".env").stat().st_mode & 0o777) == "0o600"
    migrated = subprocess.run(
        ["runuser", "-u", user, "--", f"{prefix}/.venv/bin/coachbot", "migrate"],
        env=env, cwd=prefix, capture_output=True, text=True, timeout=300, check=False)
    assert migrated.returncode == 0, migrated.stderr
    assert (prefix / "data" / "coachbot.db").is_file()
    verify_unit(units / "coachbot.service", user, prefix)


def verify_unit(unit: Path, user: str, prefix: Path) -> None:
    """`systemd-analyze verify` on the installed unit, pointed at the sandbox."""
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed (the recipe's steps passed)")
    text = unit.read_text().replace("/opt/coachbot", str(prefix))
    unit.write_text(re.sub(r"^(User|Group)=coachbot$", rf"\1={user}", text, flags=re.M))
    result = subprocess.run([tool, "verify", str(unit)], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr

"""Podman for the image test: its own config and storage, a stand-in base, an offline build.

No container registry is reachable here, so the Dockerfile's base, python:3.11-slim-bookworm,
is stood in for by a Debian bookworm rootfs (`debootstrap --variant=minbase`, whose Python is
3.11) imported under that exact name, built once and kept in the cache directory. The build
itself runs without network: pip fills a wheelhouse on the host from the hash-locked files and
the Dockerfile installs from it (`PIP_OFFLINE`). Storage is vfs; `default_ulimits` stay at
the current hard limits, since this sandbox refuses higher ones ("error setting rlimit"),
and a hybrid cgroup hierarchy gets runc (crun refuses it).
"""

import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BASE = "docker.io/library/python:3.11-slim-bookworm"
MIRROR = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian")
CACHE = Path(os.environ.get("IMAGE_TEST_CACHE", Path.home() / ".cache" / "coachbot-image-test"))
CONTEXT = ("pyproject.toml", "README.md", "Dockerfile", ".dockerignore", "requirements",
           "bot", "coach", "scheduler", "services", "storage", "i18n")
LOCKS = ("requirements/postgres.txt", "requirements/build.txt")


def missing_tools() -> str | None:
    """Why the image test can't run here, or None."""
    if shutil.which("podman") is None:
        return "podman is not installed (make image-test installs Debian's as root)"
    if shutil.which("debootstrap") is None and not (CACHE / "base.ok").exists():
        return "debootstrap is not installed and no stand-in base is cached"
    return None


def environment() -> dict[str, str]:
    """Podman's environment: vfs storage in the cache, ulimits at the hard limits."""
    CACHE.mkdir(parents=True, exist_ok=True)
    (CACHE / "containers.conf").write_text(
        f"[containers]\ndefault_ulimits = [{', '.join(ulimits())}]\n"
        f'[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n{runtime()}')
    (CACHE / "storage.conf").write_text(
        f'[storage]\ndriver = "vfs"\nrunroot = "{CACHE}/run"\ngraphroot = "{CACHE}/storage"\n')
    return {**os.environ, "CONTAINERS_CONF": str(CACHE / "containers.conf"),
            "CONTAINERS_STORAGE_CONF": str(CACHE / "storage.conf")}


def ulimits() -> list[str]:
    """Open files and processes at the hard limits (processes also at most pid_max): podman's
    defaults are higher, and this sandbox refuses to raise a limit inside the container."""
    nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    nproc = resource.getrlimit(resource.RLIMIT_NPROC)[1]
    with contextlib.suppress(OSError, ValueError):
        pid_max = int(Path("/proc/sys/kernel/pid_max").read_text())
        nproc = pid_max if nproc == resource.RLIM_INFINITY else min(nproc, pid_max)
    limits = [f'"nofile={nofile}:{nofile}"'] if nofile != resource.RLIM_INFINITY else []
    return limits + ([f'"nproc={nproc}:{nproc}"'] if nproc != resource.RLIM_INFINITY else [])


def runtime() -> str:
    """runc on a hybrid cgroup hierarchy (v1 plus /sys/fs/cgroup/unified), which crun refuses."""
    if Path("/sys/fs/cgroup/unified").is_dir() and shutil.which("runc"):
        return 'runtime = "runc"\n'
    return ""


def podman(env: dict[str, str], *args: str, check: bool = True, timeout: float = 600,
           stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["podman", *args], env=env, capture_output=True, timeout=timeout,
                          check=False, input=stdin)
    result = subprocess.CompletedProcess(done.args, done.returncode,
                                         done.stdout.decode(errors="replace"),
                                         done.stderr.decode(errors="replace"))
    if check and result.returncode != 0:
        raise AssertionError(f"podman {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result


def ensure_base(env: dict[str, str]) -> float:
    """The stand-in base image, made once (debootstrap); returns seconds spent making it."""
    if podman(env, "image", "exists", BASE, check=False).returncode == 0:
        return 0.0
    started = time.monotonic()
    with tempfile.TemporaryDirectory(dir=CACHE) as scratch:
        rootfs = Path(scratch) / "rootfs"
        subprocess.run(["debootstrap", "--variant=minbase",
                        "--include=python3,python3-venv,python-is-python3,ca-certificates",
                        "bookworm", str(rootfs), MIRROR],
                       check=True, capture_output=True, timeout=1800)
        shutil.rmtree(rootfs / "var" / "cache" / "apt" / "archives", ignore_errors=True)
        tarball = subprocess.run(["tar", "-C", str(rootfs), "-c", "."], check=True,
                                 capture_output=True, timeout=600).stdout
        podman(env, "import", "--change", 'CMD ["python3"]', "--change", "ENV LANG=C.UTF-8",
               "-", BASE, stdin=tarball)
    (CACHE / "base.ok").touch()
    return time.monotonic() - started


def build_context(where: Path) -> Path:
    """The files the Dockerfile copies, plus a wheelhouse of every locked file, by pip."""
    context = where / "context"
    context.mkdir()
    for name in CONTEXT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, context / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "wheelhouse"))
        else:
            shutil.copy2(source, context / name)
    wheelhouse = context / "requirements" / "wheelhouse"
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                    "--only-binary=:all:", "--require-hashes", "--dest", str(wheelhouse),
                    *(arg for lock in LOCKS for arg in ("-r", str(ROOT / lock)))],
                   check=True, capture_output=True, timeout=900)
    return context


def build(env: dict[str, str], context: Path, tag: str) -> float:
    """`podman build` with no network at all; returns the seconds it took."""
    started = time.monotonic()
    podman(env, "build", "--pull=never", "--network=none", "--format", "docker",
           "--layers=false", "--build-arg",
           "PIP_OFFLINE=--no-index --find-links /tmp/requirements/wheelhouse",
           "-t", tag, str(context), timeout=1800)
    return time.monotonic() - started

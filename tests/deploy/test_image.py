"""The image, built and started here: `make image-test` (and `make test-all`, best effort).

Podman builds the project's Dockerfile offline on a stand-in base (tests/deploy/podman.py),
then the image runs with the host network against this machine's PostgreSQL (a fresh
database) and the fake Bot API: `coachbot migrate`, `coachbot run`, its HEALTHCHECK healthy,
the process running as uid 10001, a reminder delivered and a report answered. Build time
and image size are printed; the image, the container and the database are removed after.
"""

import asyncio
import subprocess
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fakes.telegram_api import FakeTelegram, FakeUser
from tests.conftest import PG_HOST, PG_PORT, _admin, postgres_reachable
from tests.deploy import podman as pm
from tests.scheduler.crash_helpers import seed_due

pytestmark = pytest.mark.slow
TOKEN = "424242:IMAGE-TEST-token"
UID = "10001"


@pytest.fixture
def podman_env() -> dict[str, str]:
    reason = pm.missing_tools()
    if reason:
        pytest.skip(reason)
    if not postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}")
    return pm.environment()


@pytest.fixture
async def database() -> AsyncIterator[str]:
    name = f"coachbot_image_{uuid.uuid4().hex[:10]}"
    await _admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        await _admin(f'DROP DATABASE "{name}" WITH (FORCE)')


async def in_thread(env: dict[str, str], *args: str, check: bool = True) -> str:
    """podman, without blocking the fake Bot API served by this loop; its stdout."""
    done = await asyncio.to_thread(pm.podman, env, *args, check=check)
    return done.stdout.strip()


async def test_the_image_builds_offline_migrates_runs_healthy_as_non_root_and_coaches(
    podman_env: dict[str, str], database: str, tmp_path: Path,
) -> None:
    env, tag = podman_env, f"localhost/coachbot-image-test:{uuid.uuid4().hex[:8]}"
    name = tag.rsplit(":", 1)[1]
    base_seconds = await usable_base(env)
    context = await asyncio.to_thread(pm.build_context, tmp_path)
    fake = FakeTelegram(token=TOKEN)
    await fake.start()
    try:
        seconds = await asyncio.to_thread(pm.build, env, context, tag)
        size = int(await in_thread(env, "image", "inspect", "--format", "{{.Size}}", tag))
        settings = ["-e", f"DATABASE_URL={database}", "-e", f"BOT_TOKEN={TOKEN}",
                    "-e", f"TELEGRAM_API_URL={fake.url}", "-e", "SCHEDULER_INTERVAL_SECONDS=1"]
        await in_thread(env, "run", "--rm", "--network=host", *settings, tag, "coachbot",
                        "migrate")
        await seed_due(database, [datetime.now(UTC) - timedelta(minutes=1)])
        await in_thread(env, "run", "-d", "--name", name, "--network=host", *settings, tag)
        await coach_through(fake)
        health = await in_thread(env, "healthcheck", "run", name)
        state = await in_thread(env, "inspect", "--format", "{{.State.Health.Status}}", name)
        uid = await in_thread(env, "exec", name, "stat", "-c", "%u", "/proc/1")
        logs = await asyncio.to_thread(pm.podman, env, "logs", name)
    finally:
        await in_thread(env, "rm", "--force", "--time", "5", name, check=False)
        await in_thread(env, "rmi", "--force", tag, check=False)
        await fake.stop()
    print(f"\nimage-test: build {seconds:.0f} s (stand-in base: {base_seconds:.0f} s, "
          f"0 = cached), image {size / 1e6:.0f} MB, health {state}, "
          f"uid {uid}")
    assert "running as @coach_test_bot (424242), polling" in logs.stderr + logs.stdout
    assert state == "healthy", health
    assert uid == UID


async def usable_base(env: dict[str, str]) -> float:
    """The stand-in base made (seconds spent), or a skip when this machine can't have it or
    can't run a container at all."""
    try:
        seconds = await asyncio.to_thread(pm.ensure_base, env)
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"no stand-in base: debootstrap failed ({exc.stderr[-300:]!r})")
    probe = await asyncio.to_thread(pm.podman, env, "run", "--rm", "--network=host", pm.BASE,
                                    "true", check=False)
    if probe.returncode != 0:
        pytest.skip(f"podman cannot run a container here: {probe.stderr.strip()[-300:]}")
    return seconds


async def coach_through(fake: FakeTelegram) -> None:
    """The seeded runner gets the reminder, reports a set and is answered."""
    reminder = await fake.wait_for_message(1, timeout=120)
    assert (reminder.text or "").startswith("Strength time")
    before = len(fake.messages_to(1))
    fake.send_text(FakeUser(id=1), "all done", reply_to=reminder.message_id)
    answer = await fake.wait_for_message(1, after=before, timeout=60)
    print(f"\nimage-test: reminder {reminder.text.splitlines()[0]!r}, "
          f"answer {(answer.text or '').splitlines()[0]!r}")
    assert (answer.text or "").startswith("Saved:"), fake.dump(1)

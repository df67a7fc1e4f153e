"""A bot whose data folder turned read-only says so once a minute, not a traceback a tick,
and `coachbot health` reports it.

The folder is made read-only by a read-only bind mount in a private mount namespace
(`unshare -m`; file modes do not stop root). The database stays open in this process so its
WAL files exist, as they do while another process (the bot before a remount) uses it.
"""

import asyncio
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fakes.telegram_api import running_fake
from storage.migrate import upgrade
from tests.scheduler.crash_helpers import REPO, BotProcess, child_env

pytestmark = pytest.mark.slow
TICKS = 6  # scheduler passes watched (one a second)


def read_only(folder: Path, *command: str) -> list[str]:
    """`command` run with `folder` mounted read-only (for that process only)."""
    script = ('mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"')
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", script, str(folder),
            *command]


def can_mount_read_only(folder: Path) -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(read_only(folder, "true"), capture_output=True, check=False)
    return probe.returncode == 0


class ReadOnlyBot(BotProcess):
    """`coachbot run` behind a read-only mount of its data folder."""

    def __init__(self, env: dict[str, str], workdir: Path, folder: Path) -> None:
        super().__init__(env, workdir)
        self.folder = folder

    async def start(self) -> None:
        with self._open_log() as log:
            self.proc = await asyncio.create_subprocess_exec(
                *read_only(self.folder, sys.executable, "-m", "bot.main", "run"),
                cwd=self.workdir, env=self.env, stdin=asyncio.subprocess.DEVNULL, stdout=log,
                stderr=asyncio.subprocess.STDOUT)


async def test_a_read_only_database_is_one_clear_line_a_minute_and_health_says_so(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    if not can_mount_read_only(folder):
        pytest.skip("no read-only bind mount here (needs unshare -m and mount rights)")
    path = folder / "coachbot.db"
    url = f"sqlite+aiosqlite:///{path}"
    await asyncio.to_thread(upgrade, url)
    holder = sqlite3.connect(path)  # keeps coachbot.db-wal and -shm in place
    holder.execute("SELECT count(*) FROM users").fetchall()
    env = child_env(DATABASE_URL=url, SCHEDULER_INTERVAL_SECONDS="1", PTB_TIMEDELTA="1",
                    LOG_LEVEL="INFO")
    try:
        async with running_fake() as fake:
            env.update(BOT_TOKEN=fake.token, TELEGRAM_API_URL=fake.url)
            bot = ReadOnlyBot(env, tmp_path, folder)
            try:
                await bot.start()
                await bot.while_running(fake.wait_until(lambda: bool(fake.calls_to("getMe"))))
                await asyncio.sleep(TICKS)  # the scheduler's own pace: watched, not awaited
                assert await bot.stop() == 0, bot.log_tail()
            finally:
                await bot.close()
        health = await asyncio.to_thread(
            subprocess.run, read_only(folder, sys.executable, "-m", "bot.main", "health"),
            cwd=REPO, env=env, capture_output=True, text=True, check=False)
    finally:
        holder.close()
    log = bot.log_path.read_text()
    print(f"\nread-only folder: {TICKS} s of ticks logged "
          f"{log.count('read-only')} read-only line(s); health:\n{health.stdout}")
    assert "Traceback" not in log, bot.log_tail()
    assert " ERROR " not in log, bot.log_tail()
    assert log.count("the database is read-only") == 1, bot.log_tail()
    assert "inbox leases" not in log, "the keeper's failures are the same one line"
    assert health.returncode == 1
    assert "read-only" in health.stdout

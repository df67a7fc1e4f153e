"""Support for the crash and multi-instance tests: bulk seeding, delivery states, bot processes.

A seeded runner trains every day and their run ends six hours before `due_at`, so once the
seeded reminder is delivered the next one is planned about 18 hours later: nothing but the
seeded reminders can fall due while a test runs.
"""

import asyncio
import contextlib
import os
import signal
import sys
from collections import Counter
from collections.abc import Awaitable
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, TypeVar

from sqlalchemy import insert, select

from bot.config import Settings
from coach.views import Delivery, Status
from storage.db import create_engine
from storage.models import SessionRow, User

T = TypeVar("T")
REPO = Path(__file__).resolve().parents[2]
EVERY_DAY = 0b111_1111
SEED_CHUNK = 5000


async def seed_due(url: str, due: list[datetime], first_id: int = 1) -> list[int]:
    """Onboarded runners (ids from `first_id`), one with a reminder due at each instant.

    Returns the ids of the seeded session rows, in the order of `due`.
    """
    engine = create_engine(url)
    try:
        users, sessions = [], []
        for user_id, due_at in enumerate(due, start=first_id):
            run_end = due_at - timedelta(hours=6)
            users.append(dict(id=user_id, chat_id=user_id, tz="UTC",
                              run_end_minutes=run_end.hour * 60 + run_end.minute,
                              hard_days=EVERY_DAY, cross_days=0, session_days=EVERY_DAY,
                              active=True, auto_progression=True, onboarded_at=due_at,
                              created_at=due_at))
            sessions.append(dict(user_id=user_id, kind="scheduled", session_date=due_at.date(),
                                 due_at=due_at, delivery=Delivery.DUE.value,
                                 status=Status.PLANNED.value))
        async with engine.begin() as conn:
            for start in range(0, len(users), SEED_CHUNK):
                await conn.execute(insert(User), users[start:start + SEED_CHUNK])
                await conn.execute(insert(SessionRow), sessions[start:start + SEED_CHUNK])
            ids = await conn.scalars(
                select(SessionRow.id)
                .where(SessionRow.user_id.between(first_id, first_id + len(due) - 1))
                .order_by(SessionRow.user_id))
            return list(ids)
    finally:
        await engine.dispose()


async def delivery_of(url: str, session_ids: list[int]) -> dict[int, str]:
    """The delivery state of each of these session rows."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(select(SessionRow.id, SessionRow.delivery)
                                      .where(SessionRow.id.in_(session_ids)))
            return {int(row_id): str(state) for row_id, state in rows}
    finally:
        await engine.dispose()


async def claimed_users(url: str) -> set[int]:
    """Users whose reminder row is claimed (by a process that may be dead)."""
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.scalars(select(SessionRow.user_id).where(
                SessionRow.delivery == Delivery.CLAIMED.value))
            return {int(u) for u in rows}
    finally:
        await engine.dispose()


def tally(states: dict[int, str]) -> Counter[str]:
    return Counter(states.values())


class BotProcess:
    """`python -m bot.main run` in a child process, its output in a log file."""

    def __init__(self, env: dict[str, str], workdir: Path) -> None:
        self.env = env
        self.workdir = workdir
        self.log_path = workdir / "bot.log"
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0

    def _open_log(self) -> IO[bytes]:
        return self.log_path.open("ab")

    async def start(self) -> None:
        assert self.proc is None, "already running"
        self.starts += 1
        with self._open_log() as log:
            log.write(f"--- start {self.starts} ---\n".encode())
            log.flush()
            self.proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.main", "run", cwd=self.workdir, env=self.env,
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=asyncio.subprocess.STDOUT)

    async def kill(self) -> None:
        """SIGKILL: no shutdown hook, no commit of whatever was in flight."""
        proc = self._take()
        proc.send_signal(signal.SIGKILL)
        await proc.wait()

    async def stop(self, timeout: float = 20.0) -> int:  # noqa: ASYNC109
        """SIGTERM (PTB stops gracefully, waiting for a running tick); SIGKILL if it hangs."""
        proc = self._take()
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
        try:
            async with asyncio.timeout(timeout):
                return await proc.wait()
        except TimeoutError:
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
            raise AssertionError(
                f"bot ignored SIGTERM for {timeout}s\n{self.log_tail()}") from None

    async def close(self) -> None:
        """Make sure no child outlives the test."""
        if self.proc is not None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGKILL)
            await self._take().wait()

    async def while_running(self, awaitable: Awaitable[T]) -> T:
        """Await `awaitable`, failing at once (with the bot's log) if the bot exits first."""
        assert self.proc is not None, "not running"
        work = asyncio.ensure_future(awaitable)
        died = asyncio.ensure_future(self.proc.wait())
        try:
            await asyncio.wait({work, died}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (work, died):
                task.cancel()
            await asyncio.gather(work, died, return_exceptions=True)
        if not work.cancelled() and work.exception() is None:
            return work.result()
        if died.done() and not died.cancelled():
            raise AssertionError(f"bot exited with {died.result()}\n{self.log_tail()}")
        raise AssertionError(f"{work.exception()}\n{self.log_tail()}") from work.exception()

    def _take(self) -> asyncio.subprocess.Process:
        assert self.proc is not None, "not running"
        proc, self.proc = self.proc, None
        return proc

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no bot log)"
        text = self.log_path.read_text(errors="replace").splitlines()
        return "bot log (tail):\n" + "\n".join(text[-lines:])


def child_env(**settings: str) -> dict[str, str]:
    """The test's environment without coachbot settings of its own, plus `settings`.

    The child imports coachbot from this checkout, whatever is installed in the venv.
    """
    own = {name.upper() for name in Settings.model_fields} | {"CLAIM_TIMEOUT_SECONDS"}
    env = {k: v for k, v in os.environ.items() if k.upper() not in own}
    env["PYTHONPATH"] = os.pathsep.join(
        [str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])
    env.update(settings)
    return env

"""The fake Bot API in a process of its own, driven over HTTP.

Telegram's servers do not run on the bot's CPU: a bench that counts the bot's CPU runs the
fake here (`python -m fakes.process --port N`), so serving getUpdates, parsing sendMessage and
recording calls neither count nor compete for the bot's event loop. Tests keep the fake in
their own process (fakes/telegram_api.py), where they can look into it.
"""

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import aiohttp

from fakes.telegram_api import DEFAULT_TOKEN, FakeTelegram

STARTUP_SECONDS = 30.0
ROOT = Path(__file__).resolve().parent.parent  # where `-m fakes.process` is found


class FakeProcess:
    """A running `python -m fakes.process` and a client of its control endpoints."""

    def __init__(self, process: asyncio.subprocess.Process, url: str, token: str) -> None:
        self.process, self.url, self.token = process, url, token
        self._client = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None))

    async def reports(self, users: Sequence[int], text: str, *, together: bool,
                      gap: float = 0.0, timeout: float = 60.0) -> tuple[list[float], int]:  # noqa: ASYNC109
        """Each user sends `text` (all at once, or one at a time `gap` seconds after the
        previous reply); seconds from each arrival to its reply, and 429 answers so far."""
        body = {"users": list(users), "text": text, "together": together, "gap": gap,
                "timeout": timeout}
        answer = await self._call("POST", "/control/reports", json=body)
        return [float(x) for x in answer["latencies"]], int(answer["refused"])

    async def limit_rates(self) -> None:
        """Telegram's flood limits from now on."""
        await self._call("POST", "/control/limit_rates")

    async def calls(self, after: int = 0) -> list[dict[str, Any]]:
        """The calls from index `after` on: method, chat_id, status, monotonic time."""
        answer = await self._call("GET", "/control/calls", params={"after": str(after)})
        calls: list[dict[str, Any]] = answer["calls"]
        return calls

    async def _call(self, method: str, path: str, **options: Any) -> dict[str, Any]:
        async with self._client.request(method, f"{self.url}{path}", **options) as response:
            answer: dict[str, Any] = await response.json()
            if response.status != 200:
                raise RuntimeError(f"{path}: {response.status} {answer.get('description')}")
            return answer

    async def stop(self) -> None:
        await self._client.close()
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 5.0)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


@contextlib.asynccontextmanager
async def fake_process(token: str = DEFAULT_TOKEN) -> AsyncIterator[FakeProcess]:
    """Start the fake in a child process on a free port; stop it on exit."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "fakes.process", "--port", "0", "--token", token,
        stdout=asyncio.subprocess.PIPE, cwd=ROOT)
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), STARTUP_SECONDS)
        if not line.startswith(b"http://"):
            raise RuntimeError(f"the fake Bot API did not start (exit {await process.wait()})")
    except BaseException:
        if process.returncode is None:
            process.kill()
        await process.wait()
        raise
    fake = FakeProcess(process, line.decode().strip(), token)
    try:
        yield fake
    finally:
        await fake.stop()


async def serve(port: int, token: str) -> None:
    """Serve until stopped; the first line on stdout is the URL (`fake_process` reads it)."""
    fake = FakeTelegram(token)
    await fake.start(port)
    print(fake.url, flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="The fake Bot API in a process of its own.")
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    options = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(options.port, options.token))

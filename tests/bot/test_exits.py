"""Secrets never leave by any exit: a refused token, logging's error path, uncaught errors."""

import asyncio
import io
import logging
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.logsafety import harden_logging, safe_url
from fakes.telegram_api import FakeTelegram
from tests.conftest import PG_HOST, PG_PORT, _admin, postgres_reachable
from tests.scheduler.crash_helpers import REPO, child_env

TOKEN = "987654321:AAE-refused-token-secret_part"
PASSWORD = "pw-in-the-query-7319"


async def run_bot(env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    """`python -m bot.main run` until it exits: (exit code, stdout, stderr)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.main", "run", cwd=cwd, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def leaked(text: str) -> list[str]:
    return [s for s in (TOKEN, TOKEN.split(":", 1)[1], PASSWORD) if s in text]


async def test_a_token_refused_with_401_is_reported_without_printing_it(
    tmp_path: Path, sqlite_url: str,
) -> None:
    fake = FakeTelegram(token=TOKEN)
    await fake.start()
    try:
        fake.fail_next("getMe", status=401, times=5)
        env = child_env(BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.url, DATABASE_URL=sqlite_url,
                        LOG_LEVEL="DEBUG")
        code, out, err = await run_bot(env, REPO)
    finally:
        await fake.stop()
    assert code == 2
    assert "Telegram refused the bot token" in err
    assert leaked(out + err) == []


@pytest.fixture
def pg_url_with_password() -> Iterator[str]:
    """A PostgreSQL database whose URL carries `?password=` (the test server trusts all)."""
    if not postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}")
    name = f"coachbot_s_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://postgres@{PG_HOST}:{PG_PORT}/{name}?password={PASSWORD}"
    finally:
        asyncio.run(_admin(f'DROP DATABASE "{name}" WITH (FORCE)'))


def test_a_wrong_api_url_answering_404_and_a_password_in_the_query_stay_out_of_the_output(
    tmp_path: Path, pg_url_with_password: str,
) -> None:
    async def scenario() -> tuple[int, str, str]:
        fake = FakeTelegram(token=TOKEN)
        await fake.start()
        try:  # a proxy path that doesn't exist: 404 for a token that is fine
            env = child_env(BOT_TOKEN=TOKEN, TELEGRAM_API_URL=f"{fake.url}/wrong",
                            DATABASE_URL=pg_url_with_password, LOG_LEVEL="DEBUG")
            return await run_bot(env, REPO)
        finally:
            await fake.stop()

    code, out, err = asyncio.run(scenario())
    assert code == 2
    assert "404 Not Found" in err
    assert "coachbot starting (database: postgresql+asyncpg://127.0.0.1" in err
    assert "password=***" in err
    assert leaked(out + err) == []


def test_urls_are_logged_without_userinfo_or_query_values() -> None:
    url = f"postgresql+asyncpg://bot:{PASSWORD}@db.example:5432/coach?password={PASSWORD}&x=1"
    assert safe_url(url) == "postgresql+asyncpg://db.example:5432/coach?password=***&x=***"
    assert safe_url("sqlite+aiosqlite:////srv/coachbot/data/coachbot.db") == (
        "sqlite+aiosqlite:////srv/coachbot/data/coachbot.db")


@pytest.fixture
def stderr_handler() -> Iterator[io.StringIO]:
    """A root handler writing to a stream, hardened as at start-up."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    root = logging.getLogger()
    root.addHandler(handler)
    settings = Settings(bot_token=SecretStr(TOKEN),  # type: ignore[call-arg]
                        database_url=f"postgresql+asyncpg://u:{PASSWORD}@h/db",
                        _env_file=None)
    undo = harden_logging(settings)
    try:
        yield stream
    finally:
        undo()
        root.removeHandler(handler)


def test_a_log_call_that_cannot_be_formatted_prints_no_raw_argument(
    stderr_handler: io.StringIO,
) -> None:
    logging.getLogger("coachbot.test").error("token %s and %d", TOKEN)  # one argument short
    logging.getLogger("coachbot.test").error("%d", TOKEN)
    text = stderr_handler.getvalue()
    assert "could not be formatted" in text
    assert leaked(text) == []


def test_the_handlers_own_error_path_prints_no_raw_message(
    stderr_handler: io.StringIO, capsys: pytest.CaptureFixture[str],
) -> None:
    record = logging.makeLogRecord({"msg": f"about {TOKEN}", "args": (PASSWORD,)})
    handler = logging.getLogger().handlers[-1]
    try:
        raise OSError(f"disk full while writing {TOKEN}")
    except OSError:
        handler.handleError(record)
    text = capsys.readouterr().err
    assert "--- Logging error ---" in text
    assert leaked(text) == []


def test_an_uncaught_exception_is_printed_redacted(
    stderr_handler: io.StringIO, capsys: pytest.CaptureFixture[str],
) -> None:
    try:
        raise RuntimeError(f"stopping: {TOKEN} / {PASSWORD}")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    text = capsys.readouterr().err
    assert "RuntimeError: stopping: <redacted>" in text
    assert leaked(text) == []

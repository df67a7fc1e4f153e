"""Every ordinary misconfiguration, as a deployer meets it: the real `coachbot` process.

For each case and each subcommand it applies to: the exit code, a message that says what is
wrong, at most five lines, no traceback, and no secret — neither the token nor the
password nor any four-character piece of the password, whatever the URL looks like.
"""

import asyncio
import contextlib
import socket
import sys
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from fakes.telegram_api import FakeTelegram
from tests.conftest import PG_HOST, PG_PORT, postgres_reachable
from tests.scheduler.crash_helpers import REPO, child_env

pytestmark = pytest.mark.slow

TOKEN = "987654321:AAE-Misconfig_Token-9f8e7d6c5b"
# Passwords of several lengths, with and without the characters a URL reserves; none
# shares four characters with anything coachbot prints.
PASSWORDS = ("Q", "Zq7", "ZQ7V", "XV4@QZ8", "K9:WZ/Q7X", "QZ@@XV//K7::W4", "W7#QZ?X4@K9")
ALL = ("run", "migrate", "status", "health", "backup")
FAKE_ASYNCPG = 'raise ModuleNotFoundError("No module named \'asyncpg\'", name="asyncpg")\n'


@dataclass(frozen=True)
class Case:
    """A misconfiguration: settings (with {placeholders}), where it applies and what it says."""

    name: str
    env: dict[str, str]
    says: dict[str, str]  # subcommand -> a phrase its output must contain
    code: int = 2
    codes: dict[str, int] = field(default_factory=dict)  # per subcommand, when not `code`
    needs: str = ""  # "fake": a fake Bot API; "pg": a PostgreSQL server
    password: str = "XV4@QZ8:K9"  # the one in `env`, checked for leaks

    def expected_code(self, command: str) -> int:
        return self.codes.get(command, self.code)


def each(commands: tuple[str, ...], phrase: str) -> dict[str, str]:
    return dict.fromkeys(commands, phrase)


def url_cases() -> list[Case]:
    """Malformed database URLs, for every password: refused unseen by every subcommand."""
    cases = []
    for number, pw in enumerate(PASSWORDS):
        reserved = any(c in pw for c in "@:/?#")
        cases += [
            Case(f"missing-colon-{number}",
                 {"DATABASE_URL": f"postgresql+asyncpg//coach:{pw}@db/coach"},
                 each(ALL, "DATABASE_URL is not a URL"), password=pw),
            Case(f"raw-password-{number}",
                 {"BOT_TOKEN": TOKEN,
                  "DATABASE_URL": f"postgresql://coach:{pw}@127.0.0.1:{{closed}}/coach"},
                 each(ALL, "percent-encode it") if reserved else {
                     **each(("run", "migrate", "status"), "Nothing answers there"),
                     "health": "database not reachable", "backup": "pg_dump"},
                 codes={} if reserved else {"health": 1}, password=pw),
            Case(f"redis-{number}", {"SEND_BUDGET_REDIS_URL": f"redis//:{pw}@cache:6379/0",
                                     "BOT_TOKEN": TOKEN},
                 each(ALL, "SEND_BUDGET_REDIS_URL is not a URL"), password=pw),
        ]
    return cases


ENCODED = "XV4%40QZ8%3AK9"  # the default password, percent-encoded as it should be
CASES = [
    Case("no-token", {}, {"run": "BOT_TOKEN is not set"}),
    Case("telegram-unreachable",
         {"BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": "http://127.0.0.1:{closed}"},
         {"run": "HTTPS_PROXY"}),
    Case("token-refused", {"BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": "{fake}"},
         {"run": "refused the bot token"}, needs="fake"),
    Case("api-url-without-scheme", {"BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": "api.telegram.org"},
         each(("run", "status"), "TELEGRAM_API_URL must start with https://")),
    Case("bad-log-level", {"LOG_LEVEL": "verbose"}, each(ALL, "LOG_LEVEL must be one of")),
    Case("webhook-secret-without-url", {"BOT_TOKEN": TOKEN, "WEBHOOK_SECRET": "s" * 40},
         {"run": "WEBHOOK_URL is not"}),
    Case("webhook-url-without-secret",
         {"BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://coach.example/telegram"},
         {"run": "WEBHOOK_SECRET must be"}),
    Case("database-unreachable",
         {"BOT_TOKEN": TOKEN,
          "DATABASE_URL": f"postgres://coach:{ENCODED}@127.0.0.1:{{closed}}/coach"},
         {**each(("run", "migrate", "status"), "Nothing answers there"),
          "health": "database not reachable"}, codes={"health": 1}),
    Case("database-missing",
         {"BOT_TOKEN": TOKEN,
          "DATABASE_URL": f"postgresql://postgres:{ENCODED}@{PG_HOST}:{PG_PORT}/nope_{{name}}"},
         {**each(("run", "migrate", "status"), "does not exist"),
          "health": "does not exist"}, codes={"health": 1}, needs="pg"),
    Case("driver-missing",
         {"BOT_TOKEN": TOKEN, "PYTHONPATH": "{no_asyncpg}",
          "DATABASE_URL": f"postgresql+asyncpg://coach:{ENCODED}@127.0.0.1:{{closed}}/coach"},
         {**each(("run", "migrate", "status"), "pip install 'coachbot[postgres]'"),
          "health": "coachbot[postgres]"}, codes={"health": 1}),
    *url_cases(),
]


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def leaks(text: str, password: str) -> list[str]:
    """The token, its secret half and every 4+ character piece of the password in `text`."""
    pieces = {password[i:i + 4] for i in range(len(password) - 3)} | {password}
    found = [p for p in pieces if len(p) >= 4 and p in text]
    return found + [t for t in (TOKEN, TOKEN.split(":", 1)[1]) if t in text]


async def coachbot(command: str, env: dict[str, str], cwd: Path) -> tuple[int, str]:
    """`python -m bot.main COMMAND` until it exits: (exit code, stdout and stderr)."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.main", command, cwd=cwd, env=env,
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT)
    out, _ = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(errors="replace")


@pytest.fixture
def places(tmp_path: Path) -> dict[str, str]:
    """Values for the cases' placeholders."""
    shadow = tmp_path / "shadow"
    (shadow / "asyncpg").mkdir(parents=True)
    (shadow / "asyncpg" / "__init__.py").write_text(FAKE_ASYNCPG)
    return {"closed": str(closed_port()), "name": uuid.uuid4().hex[:10],
           "no_asyncpg": f"{shadow}:{REPO}"}


@contextlib.asynccontextmanager
async def bot_api(case: Case, places: dict[str, str]) -> AsyncIterator[None]:
    """A fake Bot API refusing the token, for the cases that need one."""
    if case.needs != "fake":
        yield
        return
    fake = FakeTelegram(token=TOKEN)
    await fake.start()
    fake.fail_next("getMe", status=401, times=5)
    places["fake"] = fake.url
    try:
        yield
    finally:
        await fake.stop()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
async def test_each_misconfiguration_is_told_in_five_lines_without_a_secret(
    case: Case, tmp_path: Path, places: dict[str, str],
) -> None:
    if case.needs == "pg" and not postgres_reachable():
        pytest.skip(f"PostgreSQL is not reachable on {PG_HOST}:{PG_PORT}")
    async with bot_api(case, places):
        settings = {key: value.format(**places) for key, value in case.env.items()}
        env = child_env(COACHBOT_HOME=str(tmp_path), **settings)
        runs = await asyncio.gather(*(coachbot(c, env, tmp_path) for c in case.says))
    password = case.password
    for (command, phrase), (code, output) in zip(case.says.items(), runs, strict=True):
        shown = f"coachbot {command} ({case.name}) printed:\n{output}"
        assert code == case.expected_code(command), shown
        assert phrase in output, shown
        assert len(output.strip().splitlines()) <= 5, shown
        assert "Traceback" not in output, shown
        assert leaks(output, password) == [], shown


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_at_start_one_line_names_the_bot_and_how_it_listens(
    tmp_path: Path, mode: str,
) -> None:
    fake = FakeTelegram(token=TOKEN)
    await fake.start()
    webhook = {"WEBHOOK_URL": "https://coach.example/telegram", "WEBHOOK_SECRET": "s" * 40,
               "WEBHOOK_PORT": str(closed_port())} if mode == "webhook" else {}
    env = child_env(COACHBOT_HOME=str(tmp_path), BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.url,
                    **webhook)
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.main", "run", cwd=tmp_path, env=env,
        stdin=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    assert proc.stderr is not None
    try:
        lines = [(await asyncio.wait_for(proc.stderr.readline(), 60)).decode()
                 for _ in range(2)]
    finally:
        proc.terminate()
        await proc.wait()
        await fake.stop()
    where = (f"webhook at https://coach.example/telegram (listening on 127.0.0.1:"
             f"{webhook['WEBHOOK_PORT']}/telegram)" if webhook else "polling")
    assert "coachbot starting (database: sqlite+aiosqlite:///" in lines[0]
    assert lines[1].rstrip().endswith(f"running as @coach_test_bot (987654321), {where}")

"""What a deployer reads when coachbot cannot start: at most five lines, no traceback.

Each ordinary failure (settings, token, network, database, driver) becomes a short text that
says what is wrong and what to do; anything else is one line naming the error. The traceback
is logged only at LOG_LEVEL=DEBUG, and every text passes the settings' redactor.
"""

import logging
import os
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError
from telegram.error import InvalidToken, NetworkError

from bot.config import CHECKOUT, Settings, home
from bot.logsafety import Redactor, safe_url
from bot.telegram_http import NoAnswer, NotSent

log = logging.getLogger("bot.cli")
TOKEN_EXAMPLE = "BOT_TOKEN=123456789:AAE..."
NO_TOKEN = """\
coachbot needs a Telegram bot token, and BOT_TOKEN is not set.
Get one in Telegram from @BotFather: send /newbot; it answers with a token like 123456789:AAE...
{where}"""
WHERE_TOKEN = {
    "checkout": f"Put {TOKEN_EXAMPLE} in .env next to the Makefile (see .env.example) and run "
                "`make run` again.\nJust trying it out? `make demo` runs the bot in your "
                "browser, no token needed.",
    "container": f"Give it to the container: put {TOKEN_EXAMPLE} in a file passed with\n"
                 "`docker run --env-file FILE`, or in the .env next to compose.yaml.",
    "pip": f"Set {TOKEN_EXAMPLE} in the environment, or put that line in {{env_file}} "
           "(COACHBOT_HOME/.env), and start coachbot again.",
}
REFUSED_TOKEN = """\
coachbot: Telegram refused the bot token (getMe answered 401 Unauthorized or 404 Not Found).
Check BOT_TOKEN (in .env or the environment); if TELEGRAM_API_URL is set, check that it
points at a Bot API server (a wrong URL or proxy answers 404 even for a valid token)."""
UNREACHABLE = """\
coachbot: cannot reach Telegram at {url} ({reason}).
Check this machine's network and DNS; TELEGRAM_API_URL (unset means https://api.telegram.org);
and HTTPS_PROXY / ALL_PROXY if the network needs a proxy (socks5:// needs httpx[socks])."""
MISSING_DRIVER = """\
coachbot: DATABASE_URL is a PostgreSQL URL, but its driver (asyncpg) is not installed.
Install the `postgres` extra: in a checkout `make run DEPS=postgres` (or
`make .venv/.installed-postgres`); with pip `pip install 'coachbot[postgres]'`."""
UNSUPPORTED = """\
coachbot: DATABASE_URL names a database coachbot does not support.
Use sqlite+aiosqlite:///data/coachbot.db or postgresql+asyncpg://user:password@host:5432/name."""
DRIVERS = ("asyncpg",)  # aiosqlite is a core dependency; psycopg URLs are mapped to asyncpg


# Lines dropped below DEBUG: PTB's "Aborting" with a traceback before the error is raised
# to us (explained below), and Alembic's chatter, one line per migration step on a fresh
# database (coachbot says "database schema current" once instead).
NOISE = {"telegram.ext": ("Aborting",),
         "alembic.runtime.migration": ("Context impl", "Will assume", "Running upgrade")}


class Noise(logging.Filter):
    """Drops records whose message contains one of `words`."""

    def __init__(self, words: tuple[str, ...]) -> None:
        super().__init__()
        self.words = words

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(word in message for word in self.words)


def quiet_known_failures(settings: Settings) -> None:
    """Below DEBUG, drop the lines a failure explained by `explain` would repeat."""
    if settings.log_level != "DEBUG":
        for name, words in NOISE.items():
            logging.getLogger(name).addFilter(Noise(words))


def install_kind() -> str:
    """How coachbot was installed: a checkout, a container image or a pip install."""
    if (CHECKOUT / "Makefile").is_file() and not os.environ.get("COACHBOT_HOME"):
        return "checkout"
    if Path("/.dockerenv").exists() or Path("/run/.containerenv").exists():
        return "container"
    return "pip"


def no_token(kind: str | None = None) -> str:
    """The no-token advice for this kind of installation."""
    where = WHERE_TOKEN[kind or install_kind()].format(env_file=home() / ".env")
    return NO_TOKEN.format(where=where)


def settings_trouble(exc: ValidationError) -> str:
    """One line per invalid setting, naming the variable; never the value."""
    lines = []
    for error in exc.errors()[:5]:
        name = ".".join(str(part) for part in error["loc"]).upper()
        message = error["msg"].removeprefix("Value error, ")
        lines.append(f"coachbot: {message}" if name in message else
                     f"coachbot: {name}: {message}")
    return "\n".join(lines)


def explain(exc: BaseException, settings: Settings) -> tuple[int, str]:
    """(exit code, message) for a failure that ended a subcommand."""
    log.debug("the failure in full", exc_info=exc)
    redact = Redactor(settings.secrets()).text
    chain = list(causes(exc))
    if any(isinstance(e, InvalidToken) for e in chain):
        return 2, REFUSED_TOKEN
    network = next((e for e in chain if isinstance(e, NetworkError)), None)
    if network is not None:
        cause = network.__cause__
        if isinstance(cause, (NoAnswer, NotSent)) and cause.__cause__ is not None:
            cause = cause.__cause__  # the socket's own fault (bot/telegram_http.py)
        reason = redact(first_line(cause or network))
        return 2, UNREACHABLE.format(url=safe_url(settings.telegram_api_url), reason=reason)
    if any(isinstance(e, ModuleNotFoundError) and e.name == "redis" for e in chain):
        return 2, ("coachbot: SEND_BUDGET_REDIS_URL is set, but the redis client is not "
                   "installed.\nInstall the `redis` extra (pip install 'coachbot[redis]') "
                   "or unset SEND_BUDGET_REDIS_URL.")
    database = database_trouble(settings, chain)
    if database is not None:
        return 2, redact(database)
    if not log.isEnabledFor(logging.DEBUG):
        return 1, redact(f"coachbot stopped by an unexpected error: {first_line(exc)}\n"
                         "Run it with LOG_LEVEL=DEBUG to see the traceback.")
    return 1, "coachbot stopped by an unexpected error (the traceback is above)."


def database_trouble(settings: Settings, chain: list[BaseException]) -> str | None:
    """The database's failure in a few lines, or None when the chain is about something else."""
    names = {type(e).__name__ for e in chain}
    if any(isinstance(e, ModuleNotFoundError) and e.name in DRIVERS for e in chain):
        return MISSING_DRIVER
    if "NoSuchModuleError" in names:
        return UNSUPPORTED
    if not names & {"DatabaseUnusable", "ProbeRefused"} and not any(
            isinstance(e, OSError) for e in chain):
        return None
    where = f"coachbot: cannot use the database at {safe_url(settings.database_url)}"
    reason = first_line(chain[-1])
    if settings.database_url.startswith("sqlite"):
        hint = ("Check that its folder exists and that this user may write there "
                "(or set DATABASE_URL, or COACHBOT_HOME for relative paths).")
    elif "InvalidPasswordError" in names:
        hint = "The server refused the password: check the user and password in DATABASE_URL."
    elif "InvalidCatalogNameError" in names:
        hint = "Create the database first (createdb, or CREATE DATABASE) or fix its name."
    elif names & {"ConnectionRefusedError", "gaierror", "TimeoutError"} or "refused" in reason:
        hint = "Nothing answers there: start PostgreSQL, or fix the host and port in DATABASE_URL."
    else:
        hint = "Check DATABASE_URL and that the database server is up."
    return f"{where}\n  {reason}\n{hint}"


def causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what caused it (`__cause__`, a DBAPI error's `orig`), and so on."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        following = orig if isinstance(orig, BaseException) else None
        current = following or current.__cause__ or current.__context__


def first_line(exc: BaseException) -> str:
    """`Type: the first line of its message`, at most 200 characters."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__

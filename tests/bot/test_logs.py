"""Logs never hold the bot token or what anyone wrote, even at DEBUG, even in tracebacks."""

import logging
from collections.abc import AsyncIterator, Iterator

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.logsafety import FORMAT, QUIET, RedactToken, harden_logging
from fakes.telegram_api import FakeUser
from services import plan
from tests.bot.conftest import Harness, running_bot
from tests.bot.test_flows import onboard, reminder

TOKEN = "987654321:AAE-very-secret-token-part_xyz"
SENT = ["Europe/Berlin", "sldl 8/8 8/8 8/7\ngoblet 3x8 @ 12kg", "bench press 3x8 quietly",
        "my knee hurts a bit today"]


class Capture(logging.Handler):
    """Keeps every record's fully formatted text (message, traceback, stack)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter(FORMAT))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture
def captured() -> Iterator[Capture]:
    """Production logging at LOG_LEVEL=DEBUG, every logger captured."""
    root, capture = logging.getLogger(), Capture()
    level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(capture)
    settings = Settings(bot_token=SecretStr(TOKEN), log_level="DEBUG",
                        _env_file=None)  # type: ignore[call-arg]
    undo = harden_logging(settings)
    try:
        yield capture
    finally:
        undo()
        root.removeHandler(capture)
        root.setLevel(level)


@pytest.fixture
async def logged(captured: Capture, sqlite_url: str) -> AsyncIterator[Harness]:
    async with running_bot(sqlite_url, token=TOKEN) as h:
        yield h


async def full_flow(h: Harness, user: FakeUser, monkeypatch: pytest.MonkeyPatch) -> None:
    """Onboarding, a reminder, a report, a bad report, a free remark and a crash."""
    await onboard(h, user)
    card = await reminder(h, user)
    await h.says(user, SENT[1], reply_to=card)
    await h.reply(user, "Saved:")
    await h.says(user, SENT[2])
    await h.reply(user, "I didn't catch this")
    await h.says(user, SENT[3])  # pain is heard and noted, never refused as an exercise
    await h.reply(user, "Stop what hurts there for today")

    async def crash(*_args: object) -> None:
        raise RuntimeError(f"request to /bot{TOKEN}/sendMessage failed")

    monkeypatch.setattr(plan, "plan_overview", crash)
    await h.says(user, "/plan")
    await h.reply(user, "Sorry, something went wrong")


def leaks(lines: list[str], h: Harness, user: FakeUser) -> list[str]:
    secrets = [TOKEN, TOKEN.split(":", 1)[1]]
    bot_texts = [m.text for m in h.fake.messages_to(user.id) if len(m.text) > 20]
    words = [*secrets, *SENT, *bot_texts]
    return [f"{word!r} in {line!r}" for line in lines for word in words if word in line]


async def test_a_full_flow_at_debug_logs_neither_the_token_nor_any_message_text(
    logged: Harness, captured: Capture, runner: FakeUser, monkeypatch: pytest.MonkeyPatch,
) -> None:
    await full_flow(logged, runner, monkeypatch)
    assert any("Traceback" in line and "<redacted>" in line for line in captured.lines)
    assert any("Calling Bot API endpoint `sendMessage`" in line for line in captured.lines)
    assert leaks(captured.lines, logged, runner) == []


async def test_even_with_httpx_and_httpcore_at_debug_the_token_stays_out(
    logged: Harness, captured: Capture, runner: FakeUser, monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in QUIET:  # the fixture's undo puts these levels back
        logging.getLogger(name).setLevel(logging.DEBUG)
    await full_flow(logged, runner, monkeypatch)
    assert any(line.split()[3] == "httpx:" for line in captured.lines)
    assert all(TOKEN.split(":", 1)[1] not in line for line in captured.lines)


def test_a_handler_added_later_formats_tracebacks_without_the_token(
    captured: Capture,
) -> None:
    late = Capture()  # no filter: relies on the record factory alone
    log = logging.getLogger("tests.late")
    log.addHandler(late)
    try:
        try:
            raise ValueError(f"bad url https://api.telegram.org/bot{TOKEN}/getMe")
        except ValueError:
            log.exception("calling %s failed", f"bot{TOKEN}", stack_info=True)
    finally:
        log.removeHandler(late)
    assert "ValueError" in late.lines[0]
    assert "Stack (most recent call last)" in late.lines[0]
    assert TOKEN.split(":", 1)[1] not in late.lines[0]


def test_the_handler_filter_redacts_records_made_elsewhere() -> None:
    record = logging.makeLogRecord({"msg": "token %s", "args": (TOKEN,),
                                    "exc_text": f"Traceback: {TOKEN}"})
    RedactToken(TOKEN).filter(record)
    assert logging.Formatter().format(record) == "token <redacted>\nTraceback: <redacted>"

"""Logging that never prints a secret or what a runner wrote.

Two layers, because a filter on one handler misses records that other handlers (a test's
capture, an error tracker added later) format themselves:

- a log-record factory, installed once, redacts every record as it is made: the message,
  its arguments, the exception text (tracebacks) and the stack, so any handler formats a
  clean record; payload arguments of python-telegram-bot's debug lines (updates, request
  parameters, API answers: they carry message texts) are replaced by a short summary;
- a `RedactToken` filter on the root handlers does the same for records that bypass the
  factory (made with `logging.makeLogRecord`, e.g. records received over a socket).
"""

import logging
import traceback
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from telegram import TelegramObject, Update

from bot.config import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
MASK = "<redacted>"
# Loggers that write request URLs (with the token), SQL parameters or bodies at DEBUG/INFO.
QUIET = {"httpx": logging.WARNING, "httpcore": logging.WARNING, "hpack": logging.WARNING,
         "apscheduler": logging.WARNING, "aiosqlite": logging.WARNING,
         "sqlalchemy": logging.WARNING, "tornado.access": logging.WARNING}
Factory = Callable[..., logging.LogRecord]


class Redactor:
    """Replaces secrets (and, for python-telegram-bot records, payloads) in log records."""

    def __init__(self, secrets: Iterable[str]) -> None:
        values = set()
        for secret in secrets:
            values.add(secret)
            _, _, tail = secret.partition(":")  # the token's secret half, seen on its own
            if len(tail) >= 8:
                values.add(tail)
        self.secrets = sorted(values, key=len, reverse=True)

    def text(self, value: str) -> str:
        for secret in self.secrets:
            value = value.replace(secret, MASK)
        return value

    def record(self, record: logging.LogRecord) -> logging.LogRecord:
        if getattr(record, "_coachbot_clean", False):
            return record
        if (record.name or "").startswith("telegram") and record.args:
            record.args = _summaries(record.args)
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: let the handler report it as usual
            return record
        record.msg, record.args = self.text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = self.text(record.exc_text)
        if record.stack_info:
            record.stack_info = self.text(record.stack_info)
        setattr(record, "_coachbot_clean", True)  # noqa: B010 - LogRecord has no such slot
        return record


class RedactToken(logging.Filter):
    """A handler filter applying the redactor to every record the handler sees."""

    def __init__(self, token: str | Iterable[str]) -> None:
        super().__init__()
        self.redactor = Redactor([token] if isinstance(token, str) else token)

    def filter(self, record: logging.LogRecord) -> bool:
        self.redactor.record(record)
        return True


def _summaries(args: tuple[Any, ...] | Mapping[str, Any]) -> tuple[Any, ...] | Mapping[str, Any]:
    if isinstance(args, Mapping):
        return {key: _summary(value) for key, value in args.items()}
    return tuple(_summary(value) for value in args)


def _summary(value: Any) -> Any:
    """A payload becomes a label; ids, names and numbers stay readable."""
    if isinstance(value, Update):
        return f"<update {value.update_id}>"
    if isinstance(value, TelegramObject):
        return f"<{type(value).__name__}>"
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        return value  # update ids
    if isinstance(value, Mapping | list | tuple | set | bytes):
        return "<payload hidden>"
    if isinstance(value, str) and (len(value) > 64 or any(c.isspace() for c in value)):
        return "<text hidden>"
    return value


def install_logging(settings: Settings) -> None:
    """A clear format on the root logger, then `harden_logging`."""
    logging.basicConfig(level=settings.log_level.upper(), format=FORMAT)
    harden_logging(settings)


def harden_logging(settings: Settings) -> Callable[[], None]:
    """Quiet the chatty loggers and redact every record; returns an undo (for tests)."""
    redactor = Redactor(settings.secrets())
    previous: Factory = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return redactor.record(previous(*args, **kwargs))

    levels = {name: logging.getLogger(name).level for name in QUIET}
    for name, level in QUIET.items():
        logging.getLogger(name).setLevel(level)
    logging.setLogRecordFactory(factory)
    guard = RedactToken(redactor.secrets)
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(guard)

    def undo() -> None:
        logging.setLogRecordFactory(previous)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        for handler in handlers:
            handler.removeFilter(guard)

    return undo

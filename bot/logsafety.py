"""Logging that never prints a secret or what a runner wrote.

Two layers, because a filter on one handler misses records that other handlers (a test's
capture, an error tracker added later) format themselves:

- a log-record factory, installed once, redacts every record as it is made: the message,
  its arguments, the exception text (tracebacks) and the stack, so any handler formats a
  clean record; payload arguments of python-telegram-bot's debug lines (updates, request
  parameters, API answers: they carry message texts) are replaced by a short summary;
- a `RedactToken` filter on the root handlers does the same for records that bypass the
  factory (made with `logging.makeLogRecord`, e.g. records received over a socket).

The other ways text reaches stderr go through the same redactor: the handlers' own error
path (`Handler.handleError`, which prints a failed record's raw message and arguments),
uncaught exceptions in the main thread and in other threads (`sys.excepthook`,
`threading.excepthook`), and `safe_url` for URLs (no userinfo, no query values).
"""

import contextlib
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any

from telegram import TelegramObject, Update

from bot.config import Settings
from bot.urls import masked

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
        if getattr(record, "_coachbot_clean", None) is self:
            return record
        if (record.name or "").startswith("telegram") and record.args:
            record.args = _summaries(record.args)
        try:
            message = record.getMessage()
        except Exception as exc:  # a broken log call: report it without its raw arguments
            count = len(record.args) if isinstance(record.args, tuple | Mapping) else 1
            message = (f"log message could not be formatted ({type(exc).__name__}): "
                       f"{record.msg!r} with {count} argument(s), hidden")
        record.msg, record.args = self.text(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        if record.exc_text:
            record.exc_text = self.text(record.exc_text)
        if record.stack_info:
            record.stack_info = self.text(record.stack_info)
        # Marked per redactor: one installed earlier with other secrets doesn't vouch for us.
        setattr(record, "_coachbot_clean", self)  # noqa: B010 - LogRecord has no such slot
        return record


    def traceback(self, kind: type[BaseException] | None, value: BaseException | None,
                  tb: TracebackType | None) -> str:
        return self.text("".join(traceback.format_exception(kind, value, tb)))


def safe_url(url: str) -> str:
    """A URL fit for a log line: no user or password, query values replaced by '***', and
    nothing past the scheme when it does not parse (bot/urls.py)."""
    return masked(url)


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
        setattr(handler, "handleError", _error_path(redactor))  # noqa: B010 - per instance
    hooks = sys.excepthook, threading.excepthook
    sys.excepthook = _excepthook(redactor)
    threading.excepthook = _thread_hook(redactor)

    def undo() -> None:
        logging.setLogRecordFactory(previous)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        for handler in handlers:
            handler.removeFilter(guard)
            vars(handler).pop("handleError", None)
        sys.excepthook, threading.excepthook = hooks

    return undo


def _error_path(redactor: Redactor) -> Callable[[logging.LogRecord], None]:
    """`Handler.handleError` without the raw message and arguments logging would print."""

    def handle_error(record: logging.LogRecord) -> None:
        if not (logging.raiseExceptions and sys.stderr):
            return
        kind, value, tb = sys.exc_info()
        with contextlib.suppress(OSError):
            sys.stderr.write("--- Logging error ---\n" + redactor.traceback(kind, value, tb)
                             + f"Logged from file {record.filename}, line {record.lineno}\n"
                             + f"Message: {redactor.text(repr(record.msg))}\n"
                             + "Arguments: hidden\n")

    return handle_error


def _thread_hook(redactor: Redactor) -> Callable[[threading.ExceptHookArgs], None]:
    """An exception that ended a thread, redacted, on stderr."""

    def hook(args: threading.ExceptHookArgs) -> None:
        _excepthook(redactor)(args.exc_type, args.exc_value, args.exc_traceback)

    return hook


def _excepthook(redactor: Redactor) -> Callable[
        [type[BaseException], BaseException | None, TracebackType | None], None]:
    """An uncaught exception's traceback, redacted, on stderr."""

    def hook(kind: type[BaseException], value: BaseException | None,
             tb: TracebackType | None) -> None:
        with contextlib.suppress(OSError):
            sys.stderr.write(redactor.traceback(kind, value, tb))

    return hook

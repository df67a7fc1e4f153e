"""SQLAlchemy's aiosqlite driver with one trip to the connection's thread per statement.

aiosqlite runs each call on the connection's own thread, and SQLAlchemy's adapter makes
four such calls per statement (open a cursor, execute, fetch the rows, close it). Each
trip hands the GIL over twice and wakes the event loop through its self-pipe: on a typed
report's eight statements that was most of the database's cost in the bot's process.
Here a statement is one call that does all four on the thread; what SQLAlchemy reads
afterwards (description, rowcount, lastrowid, the rows) is kept on the adapter's cursor.
Server-side (streaming) cursors keep SQLAlchemy's own adapter.

Within `inline()` (the bot handling an update: a runner's few indexed rows) statements,
commits and rollbacks run on the calling thread: the trip (two GIL hand-overs, a wake of
the loop) costs more CPU than such a statement. A BEGIN IMMEDIATE meeting another process's
write lock waits for it on the thread. The scheduler's passes, whose batch statements run
for milliseconds, keep the thread, so the loop sends meanwhile.

A writer's commit hands the WAL's pages to the engine's checkpoint thread
(storage/sqlite_checkpoints.py), which the engine's connections keep open while they are.
"""

import collections
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT

from storage.sqlite_checkpoints import Checkpoints
from storage.sqlite_turns import Turns

log = logging.getLogger(__name__)
WRITE_BEGIN = "BEGIN IMMEDIATE"  # storage/db.py begins every writing transaction so
Outcome = tuple[Any, int, int | None, list[Any]]  # description, rowcount, lastrowid, rows
_INLINE: ContextVar[bool] = ContextVar("sqlite_inline", default=False)


@contextmanager
def inline() -> Iterator[None]:
    """Within the block, this task's statements run on the calling thread."""
    token = _INLINE.set(True)
    try:
        yield
    finally:
        _INLINE.reset(token)


def _run(connection: sqlite3.Connection, operation: str, parameters: Any,
         many: bool) -> Outcome:
    """On the connection's thread: execute, read every row, close the cursor."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _begin_now(connection: sqlite3.Connection, operation: str,
               parameters: Any) -> Outcome | None:
    """BEGIN IMMEDIATE on the calling thread if no other process holds the write lock now
    (this process's writers took turns before); None: it is held (wait on the thread)."""
    (timeout,) = connection.execute("PRAGMA busy_timeout").fetchone()
    connection.execute("PRAGMA busy_timeout=0")
    try:
        return _run(connection, operation, parameters, False)
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode != sqlite3.SQLITE_BUSY:
            raise
        return None
    finally:
        connection.execute(f"PRAGMA busy_timeout={int(timeout)}")


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A buffered cursor whose statement is a single call on aiosqlite's thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: Any) -> None:  # no cursor opened on the thread
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    async def _trip(self, operation: Any, parameters: Any, many: bool) -> None:
        writing = isinstance(operation, str) and operation.startswith(WRITE_BEGIN)
        connection = cast("OneTripConnection", self._adapt_connection)
        if writing:
            await connection.take_turn()
        try:
            await self._send(operation, parameters, many)
        except BaseException:
            if writing:  # no transaction began: the turn is the next writer's
                connection.end_turn()
            raise

    async def _send(self, operation: Any, parameters: Any, many: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
            now: Outcome | None = None
            if _INLINE.get():
                begin = isinstance(operation, str) and operation.startswith(WRITE_BEGIN)
                now = (_begin_now(connection._conn, operation, parameters) if begin
                       else _run(connection._conn, operation, parameters, many))
            if now is None:
                now = await connection._execute(  # type: ignore[no-untyped-call]
                    _run, connection._conn, operation, parameters, many)
            outcome: Outcome = now
        self._description, self._rowcount, self._lastrowid, rows = outcome
        self._rows = collections.deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._trip(operation, parameters, False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._trip(operation, seq_of_parameters, True)

    async def _async_soft_close(self) -> None:  # the thread's cursor is closed already
        return

    def close(self) -> None:
        self._rows.clear()

    def nextset(self) -> None:
        self._rows.clear()

    def setinputsizes(self, *inputsizes: Any) -> None:
        return


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection with one-trip cursors and writers' turns."""

    __slots__ = ("_checkpoints", "_closed", "_turn", "_turns", "_wrote")
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: "OneTripDbapi", connection: Any,
                 checkpoints: Checkpoints | None = None) -> None:
        super().__init__(dbapi, connection)
        self._turns = dbapi.turns
        self._turn = False
        self._checkpoints = checkpoints
        self._wrote = False  # a writing transaction began since the last commit
        self._closed = False
        if checkpoints is not None:
            checkpoints.opened()

    @property
    def checkpointed(self) -> bool:
        """Whether a thread of the engine checkpoints this connection's WAL."""
        return self._checkpoints is not None

    @property
    def in_transaction(self) -> bool:  # a property read: no trip to the thread
        return bool(self._connection._conn.in_transaction)

    async def take_turn(self) -> None:
        self._wrote = True
        self._turn = await self._turns.take()

    def end_turn(self) -> None:
        if self._turn:
            self._turn = False
            self._turns.give_back()

    def commit(self) -> None:
        wrote, self._wrote = self._wrote, False
        try:
            self._end("commit")
        finally:
            self.end_turn()
        if wrote and self._checkpoints is not None:
            self._checkpoints.wrote()

    def rollback(self) -> None:
        try:
            self._end("rollback")
        finally:
            self.end_turn()

    def _end(self, how: str) -> None:
        """COMMIT or ROLLBACK: on the calling thread within inline(), else on the thread."""
        if _INLINE.get() and self._connection._connection:
            try:
                getattr(self._connection._conn, how)()
            except Exception as error:
                self._handle_exception(error)
        else:
            getattr(super(), how)()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()
            if self._checkpoints is not None and not self._closed:
                self._closed = True
                self._checkpoints.closed()


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """Pass as `module=` to create_async_engine for a sqlite+aiosqlite URL."""

    def __init__(self, patience: float, checkpoints: bool = False) -> None:
        super().__init__(aiosqlite, sqlite3)
        self.turns = Turns(patience)
        self.checkpoints = checkpoints
        self._checkpoints: Checkpoints | None = None

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        kw.setdefault("check_same_thread", False)  # inline() runs statements on the caller's
        connection = super().connect(*arg, **kw)._connection
        database = arg[0] if arg else kw.get("database")
        if self.checkpoints and self._checkpoints is None and isinstance(database, str) \
                and database != ":memory:" and not kw.get("uri"):
            self._checkpoints = Checkpoints(database)
        return OneTripConnection(self, connection, self._checkpoints)


def one_trip_dbapi(patience: float, *, checkpoints: bool = False) -> OneTripDbapi:
    """The driver for one engine; `patience`: seconds a writer waits for its turn;
    `checkpoints`: the WAL is checkpointed on a thread of its own (storage/db.py then
    raises the writers' own threshold)."""
    return OneTripDbapi(patience, checkpoints)

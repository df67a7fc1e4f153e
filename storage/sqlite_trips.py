"""SQLAlchemy's aiosqlite driver with one trip to the connection's thread per statement.

aiosqlite runs each call on the connection's own thread, and SQLAlchemy's adapter makes
four such calls per statement (open a cursor, execute, fetch the rows, close it). Each
trip hands the GIL over twice and wakes the event loop through its self-pipe: on a typed
report's eight statements that was most of the database's cost in the bot's process.
Here a statement is one call that does all four on the thread; what SQLAlchemy reads
afterwards (description, rowcount, lastrowid, the rows) is kept on the adapter's cursor.
Server-side (streaming) cursors keep SQLAlchemy's own adapter.

Checkpoints run beside the writers (`Checkpoints`): SQLite's automatic checkpoint runs inside
the COMMIT that takes the WAL past its threshold, so that writer — and every writer taking
its turn after it — waited while pages were copied into the database file and both files
synced (a 500-row claim's commit took some 30 ms on disk, 4 ms without it). Here a thread
of the engine's own copies them with PASSIVE checkpoints, which take no lock a writer or
reader waits for; a writer still checkpoints itself if the WAL grows far past the usual
threshold (storage/db.py, WAL_BACKSTOP_PAGES), so it stays bounded if that thread lags.
"""

import asyncio
import collections
import contextlib
import logging
import sqlite3
import threading
import weakref
from typing import Any, cast

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT

log = logging.getLogger(__name__)
STOP_WAIT_S = 5.0  # at most this long a disposed engine waits for a checkpoint under way
WRITE_BEGIN = "BEGIN IMMEDIATE"  # storage/db.py begins every writing transaction so
Outcome = tuple[Any, int, int | None, list[Any]]  # description, rowcount, lastrowid, rows


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
            outcome: Outcome = await connection._execute(  # type: ignore[no-untyped-call]
                _run, connection._conn, operation, parameters, many)
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
                 checkpoints: "Checkpoints | None" = None) -> None:
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
            super().commit()
        finally:
            self.end_turn()
        if wrote and self._checkpoints is not None:
            self._checkpoints.wrote()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.end_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.end_turn()
            if self._checkpoints is not None and not self._closed:
                self._closed = True
                self._checkpoints.closed()


class Turns:
    """Writers of one engine take turns in this process: BEGIN IMMEDIATE waits here, woken
    the moment the previous writer commits, instead of in SQLite's busy handler, which
    sleeps up to 100 ms between looks at the lock (fifty runners at once queued there for
    most of a second). Other processes' writers still meet SQLite's lock. A turn not
    given within `patience` is not waited for: SQLite's busy timeout decides, as before
    (a writer whose task holds another open write would otherwise wait for itself)."""

    def __init__(self, patience: float) -> None:
        self.patience = patience
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = \
            weakref.WeakKeyDictionary()
        self._held: asyncio.Lock | None = None

    async def take(self) -> bool:
        """True once this writer has the turn; False if it went ahead without one."""
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop) or self._locks.setdefault(loop, asyncio.Lock())
        if lock.locked():
            try:
                await asyncio.wait_for(lock.acquire(), self.patience)
            except TimeoutError:
                return False
        else:
            await lock.acquire()  # free: taken at once, no waiting task
        self._held = lock
        return True

    def give_back(self) -> None:
        if self._held is not None and self._held.locked():
            self._held.release()


class Checkpoints:
    """PASSIVE checkpoints of one database file on a thread of their own, started by a
    writer's commit and ended after `idle` seconds without one (no thread while nothing is
    written). At most one checkpoint every `pause` seconds: each syncs both files, so the
    commits of that while are copied together."""

    def __init__(self, path: str, *, pause: float = 0.5, idle: float = 2.0) -> None:
        self.path = path
        self.pause = pause
        self.idle = idle
        self._wrote = threading.Event()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._open = 0  # the engine's connections open now

    def opened(self) -> None:
        """One of the engine's connections opened."""
        with self._lock:
            self._open += 1
            self._stop.clear()

    def closed(self) -> None:
        """One of the engine's connections closed. When it was the last (the engine was
        disposed), the thread stops and closes its own connection before this returns, so
        that closing is the file's last and SQLite folds the WAL into the database file, as
        it does without the thread (a copy of the file taken then holds every commit)."""
        with self._lock:
            self._open -= 1
            if self._open > 0:
                return
            self._stop.set()
            thread = self._thread
        self._wrote.set()  # wake it
        if thread is not None:
            thread.join(STOP_WAIT_S)

    def wrote(self) -> None:
        """A write transaction committed: its pages are checkpointed soon."""
        self._wrote.set()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, daemon=True,
                                                name="sqlite-checkpoints")
                self._thread.start()

    def join(self) -> None:
        """Wait until the thread has ended (tests: after its idle time without a write)."""
        thread = self._thread
        if thread is not None:
            thread.join()

    def _loop(self) -> None:
        connection: sqlite3.Connection | None = None
        try:
            while True:
                if self._stop.is_set():  # the engine's last connection closed
                    with self._lock:
                        self._thread = None
                    return
                if not self._wrote.wait(self.idle):
                    with self._lock:
                        if not self._wrote.is_set():  # nothing written since: done
                            self._thread = None
                            return
                    continue
                self._wrote.clear()
                if connection is None:
                    connection = sqlite3.connect(self.path, isolation_level=None,
                                                 check_same_thread=False)
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self._stop.wait(self.pause)
        except sqlite3.Error as exc:  # the file went away (a test's), or is not ours to
            log.debug("sqlite checkpoints stopped: %s", exc)  # write: writers checkpoint
            with self._lock:
                self._thread = None
        finally:
            if connection is not None:
                with contextlib.suppress(sqlite3.Error):
                    connection.close()


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    """Pass as `module=` to create_async_engine for a sqlite+aiosqlite URL."""

    def __init__(self, patience: float, checkpoints: bool = False) -> None:
        super().__init__(aiosqlite, sqlite3)
        self.turns = Turns(patience)
        self.checkpoints = checkpoints
        self._checkpoints: Checkpoints | None = None

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
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

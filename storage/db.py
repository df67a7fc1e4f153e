"""Engine and session factory: SQLite (WAL, immediate write transactions) or PostgreSQL."""

import sqlite3
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import PoolResetState

from storage.sqlite_trips import one_trip_dbapi

SQLITE_BUSY_TIMEOUT_MS = 10_000
READ_ONLY = "coachbot_read_only"  # execution option: a transaction that only reads
WAL_ATTEMPTS = 50
# Pages the WAL may hold before a writer checkpoints it itself (SQLite's default: 1,000). The
# engine's own thread checkpoints well before (storage/sqlite_trips.py, Checkpoints); this
# bounds the WAL if it falls behind.
WAL_BACKSTOP_PAGES = 20_000
# The WAL file keeps the size a burst grew it to; a writer that starts it over after a full
# checkpoint cuts it back to this, so a month-end burst does not hold 100 MB of disk.
WAL_SIZE_LIMIT = 32 * 2**20


def is_sqlite(url: str) -> bool:
    """Tell whether a database URL points at SQLite."""
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a SQLite database file if it is missing."""
    database = make_url(url).database
    if is_sqlite(url) and database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)


def ensure_wal(url: str) -> None:
    """Switch a SQLite database file to WAL once, before any pooled connection opens it.

    WAL is a property of the file, so it is set here rather than on every connection:
    switching the journal mode needs an exclusive lock and SQLite answers "database is
    locked" at once, without waiting for the busy timeout, when another connection is
    opening the same new file. A few short retries cover that race.
    """
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    for attempt in range(WAL_ATTEMPTS):
        connection = sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
        try:
            mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() == "wal":
                return
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            # Only a lock is worth waiting for; a read-only file or folder is said at once.
            if attempt == WAL_ATTEMPTS - 1 or "locked" not in str(exc):
                raise
            time.sleep(0.02 * (attempt + 1))
        finally:
            connection.close()


def _tune_sqlite(engine: AsyncEngine, *, foreign_keys: bool = True) -> None:
    """synchronous=NORMAL, a busy timeout, and BEGIN IMMEDIATE for every writing transaction.

    pysqlite's own transaction handling is switched off so that SQLAlchemy's begin event
    can start each transaction with BEGIN IMMEDIATE: the write lock is taken up front, so a
    read that later writes never fails with "database is locked" halfway through. It also
    makes DDL transactional: left to itself, pysqlite runs CREATE/ALTER outside any
    transaction, so a killed migration would leave half a schema behind. A transaction
    opened with the READ_ONLY execution option (storage.uow's read-only unit of work)
    begins DEFERRED instead: it takes no write lock, so readers never queue behind writers.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        if getattr(dbapi_connection, "checkpointed", False):
            cursor.execute(f"PRAGMA wal_autocheckpoint={WAL_BACKSTOP_PAGES}")
        cursor.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "reset")
    def _on_reset(dbapi_connection: Any, _record: Any, state: PoolResetState) -> None:
        # The pool's own reset rolls back every returned connection, a trip to aiosqlite's
        # thread even after a commit; here only one still in a transaction is rolled back
        # (SQLite answers that from memory).
        if state.asyncio_safe and not state.terminate_only and not state.transaction_was_reset \
                and dbapi_connection.in_transaction:
            dbapi_connection.rollback()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def create_engine(url: str, *, foreign_keys: bool = True, **kwargs: Any) -> AsyncEngine:
    """Create the async engine for a database URL, tuned for its backend.

    Migrations pass `foreign_keys=False`: SQLite's table rebuilds (batch mode) drop and
    re-create tables that others refer to, which enforced foreign keys would refuse.
    """
    if is_sqlite(url):
        ensure_sqlite_dir(url)
        ensure_wal(url)
        engine = create_async_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            module=one_trip_dbapi(SQLITE_BUSY_TIMEOUT_MS / 1000, checkpoints=True),
            pool_reset_on_return=None,
            **kwargs
        )
        _tune_sqlite(engine, foreign_keys=foreign_keys)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **kwargs)


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory whose objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


TRANSIENT_SQLSTATES = ("40001", "40P01", "57P01", "57P02", "57P03")  # serialization,
# deadlock, the backend terminated (pg_terminate_backend, a restart), not accepting yet
TRANSIENT_WORDS = ("database is locked", "database is busy", "connection is closed",
                   "connection was closed", "connection has been closed",
                   "the underlying connection is closed", "terminating connection",
                   "not currently accepting connections", "the database system is",
                   "another operation is in progress", "another operation (")


def is_transient(exc: BaseException) -> bool:
    """A fault that a second try may not meet: a lost or refused connection, a serialization
    failure or deadlock, SQLite's "database is locked". Not: a read-only file, bad SQL."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _transient_here(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _transient_here(exc: BaseException) -> bool:
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, ConnectionError | TimeoutError):  # refused, reset, timed out
        return True
    state = getattr(exc, "sqlstate", None) or getattr(exc, "pgcode", None)
    if isinstance(state, str) and (state in TRANSIENT_SQLSTATES or state.startswith("08")):
        return True
    name = type(exc).__name__
    if name in ("ConnectionDoesNotExistError", "InterfaceError", "ConnectionFailureError",
                "InternalClientError"):  # asyncpg's, on a connection cut mid-operation
        return True
    text = str(exc).lower()
    return any(word in text for word in TRANSIENT_WORDS)

"""SQLite through storage/sqlite_trips.py: one trip to aiosqlite's thread a statement, and
the writers of one engine taking turns in the process, checkpoints on a thread of their own."""

import asyncio
import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

import storage.db
from storage import sqlite_trips
from storage.db import WAL_BACKSTOP_PAGES, create_engine
from storage.sqlite_checkpoints import Checkpoints


async def make_table(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE t (n INTEGER)"))
    await engine.dispose()


async def test_rows_rowcount_and_executemany_come_back_from_one_trip(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"
    await make_table(url)
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (n) VALUES (:n)"),
                                     [{"n": 1}, {"n": 2}, {"n": 3}])
            changed = await connection.execute(text("UPDATE t SET n = n * 10 WHERE n > 1"))
            assert changed.rowcount == 2
            rows = await connection.execute(text("SELECT n FROM t ORDER BY n"))
            assert [n for (n,) in rows] == [1, 20, 30]
        async with engine.connect() as connection:  # a read after the commit sees it all
            assert (await connection.scalar(text("SELECT sum(n) FROM t"))) == 51
    finally:
        await engine.dispose()


async def test_inline_statements_run_on_the_callers_thread(tmp_path: Path) -> None:
    """An update's statements skip the trip to the connection's thread (inline()); so does
    its BEGIN IMMEDIATE while no other process holds the write lock. One that does: the
    BEGIN waits for it on the thread (SQLite's busy timeout), the loop free meanwhile."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"
    await make_table(url)
    engine = create_engine(url)
    threads: list[tuple[str, int]] = []

    @event.listens_for(engine.sync_engine, "connect")
    def _thread_ids(dbapi_connection: Any, _record: Any) -> None:
        raw = dbapi_connection._connection._conn  # the sqlite3 connection
        raw.create_function("tid", 0, threading.get_ident)
        raw.set_trace_callback(lambda sql: threads.append((sql, threading.get_ident())))

    def ran() -> list[tuple[str, bool]]:
        return [(sql.split()[0], tid == here) for sql, tid in threads
                if not sql.startswith("PRAGMA")]

    async def write(n: int) -> None:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (n) VALUES (:n)"), {"n": n})

    here = threading.get_ident()
    other = sqlite3.connect(tmp_path / "a.db", isolation_level=None)
    try:
        async with engine.connect() as connection:  # on the thread
            assert await connection.scalar(text("SELECT tid()")) != here
        with sqlite_trips.inline():
            async with engine.connect() as connection:
                assert await connection.scalar(text("SELECT tid()")) == here
            threads.clear()
            await write(7)
            assert ran() == [("BEGIN", True), ("INSERT", True), ("COMMIT", True)]
            threads.clear()
            other.execute("BEGIN IMMEDIATE")  # another process's writer holds the lock
            waiting = asyncio.create_task(write(8))
            await asyncio.sleep(0.2)  # the loop runs while the BEGIN waits on the thread
            assert not waiting.done()
            other.execute("COMMIT")
            await waiting
            assert ran() == [("BEGIN", True), ("BEGIN", False), ("INSERT", True),
                             ("COMMIT", True)]  # tried at once, then waited on the thread
        async with engine.connect() as connection:  # committed: seen by a new reader
            assert await connection.scalar(text("SELECT sum(n) FROM t")) == 15
    finally:
        other.close()
        await engine.dispose()


async def test_a_second_writer_begins_once_the_first_commits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"
    await make_table(url)
    engine = create_engine(url)
    order: list[str] = []
    first_wrote = asyncio.Event()
    run = sqlite_trips._run

    def logged(connection: Any, operation: str, parameters: Any, many: bool) -> Any:
        if operation.startswith(("BEGIN", "INSERT")):  # on the thread, as SQLite gets it
            order.append(operation.split()[0])
        return run(connection, operation, parameters, many)

    monkeypatch.setattr(sqlite_trips, "_run", logged)

    async def first() -> None:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (n) VALUES (1)"))
            first_wrote.set()
            for _ in range(5):  # the second writer gets every chance to cut in
                await asyncio.sleep(0)
        order.append("first committed")

    async def second() -> None:
        await first_wrote.wait()
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO t (n) VALUES (2)"))

    try:
        await asyncio.gather(first(), second())
        # without turns the second BEGIN would reach SQLite (and its busy handler) at once
        assert order == ["BEGIN", "INSERT", "first committed", "BEGIN", "INSERT"]
        turns = engine.sync_engine.dialect.dbapi.turns  # type: ignore[union-attr]
        assert not any(lock.locked() for lock in turns._locks.values())  # handed back
    finally:
        await engine.dispose()


async def test_a_writer_waiting_for_itself_meets_sqlites_lock_not_a_hang(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage.db, "SQLITE_BUSY_TIMEOUT_MS", 50)  # patience and busy timeout
    url = f"sqlite+aiosqlite:///{tmp_path / 'a.db'}"
    await make_table(url)
    engine = create_engine(url)
    begins: list[str] = []
    event.listen(engine.sync_engine, "before_cursor_execute",
                 lambda *args: begins.append(args[2]) if args[2].startswith("BEGIN") else None)
    try:
        async with engine.begin() as outer:
            await outer.execute(text("INSERT INTO t (n) VALUES (1)"))
            with pytest.raises(OperationalError, match="locked"):
                async with engine.begin() as inner:
                    await inner.execute(text("INSERT INTO t (n) VALUES (2)"))
        async with engine.begin() as after:  # the turns are free again
            await after.execute(text("INSERT INTO t (n) VALUES (3)"))
        assert begins == ["BEGIN IMMEDIATE"] * 3
    finally:
        await engine.dispose()


def _tables_in_file(path: Path) -> list[str]:
    """The tables the database file itself holds, the WAL ignored (immutable: no WAL read)."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as file:
        return [name for (name,) in file.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]


def test_checkpoints_copy_what_was_committed_into_the_database_file(tmp_path: Path) -> None:
    path = tmp_path / "checkpointed.db"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as writer:
        writer.execute("PRAGMA journal_mode=WAL")
        writer.execute("PRAGMA wal_autocheckpoint=0")  # the writer never checkpoints itself
        writer.execute("CREATE TABLE kept (x INTEGER)")
        writer.execute("INSERT INTO kept VALUES (1)")
        assert _tables_in_file(path) == []  # committed, in the WAL only
        checkpoints = Checkpoints(str(path), pause=0, idle=0)
        checkpoints.wrote()
        checkpoints.join()
        assert _tables_in_file(path) == ["kept"]
        assert writer.execute("SELECT x FROM kept").fetchall() == [(1,)]


async def test_an_engine_on_a_file_leaves_its_checkpoints_to_its_thread(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'engine.db'}")
    try:
        async with engine.connect() as conn:
            threshold = (await conn.exec_driver_sql("PRAGMA wal_autocheckpoint")).scalar()
        assert threshold == WAL_BACKSTOP_PAGES
    finally:
        await engine.dispose()


def size_of(path: str) -> int:
    return Path(path).stat().st_size


async def checkpointed(connection: sqlite3.Connection) -> None:
    """A full PASSIVE checkpoint (one meeting another checkpointer is busy: again)."""
    for _ in range(200):
        busy, frames, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if (busy, frames) == (0, copied):
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the WAL was never fully checkpointed")


async def test_a_burst_grown_wal_is_cut_back_once_checkpointed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The WAL file keeps the size a burst grew it to until a writer starts it over after
    a full checkpoint: that writer cuts it back to the limit (journal_size_limit)."""
    monkeypatch.setattr(storage.db, "WAL_SIZE_LIMIT", 2**20)
    path = tmp_path / "burst.db"
    url = f"sqlite+aiosqlite:///{path}"
    await make_table(url)
    engine = create_engine(url)
    wal = f"{path}-wal"
    try:
        async with engine.begin() as connection:  # a burst: about 4 MB of pages
            await connection.execute(text("INSERT INTO t (n) VALUES (:n)"),
                                     [{"n": n} for n in range(4_000)])
            await connection.execute(text("CREATE TABLE blobs (b BLOB)"))
            await connection.execute(text("INSERT INTO blobs SELECT randomblob(1000) FROM t"))
        assert size_of(wal) > 3 * 2**20
        outside = sqlite3.connect(path, isolation_level=None)
        try:  # bounded: the engine's checkpoint thread may be at work at the same moment
            for _ in range(50):
                await checkpointed(outside)  # every page copied into the database file
                async with engine.begin() as connection:  # the next writer starts it over
                    await connection.execute(text("INSERT INTO t (n) VALUES (1)"))
                if size_of(wal) <= 2**20:
                    break
        finally:
            outside.close()
        assert size_of(wal) <= 2**20
        async with engine.connect() as connection:
            assert await connection.scalar(text("SELECT count(*) FROM blobs")) == 4_000
    finally:
        await engine.dispose()


async def test_a_disposed_engine_leaves_every_commit_in_the_database_file(tmp_path: Path) -> None:
    # the thread's own connection closes with the engine's last one, so SQLite folds the
    # WAL into the file on that last close, as it does with no thread: a copy of the file
    # alone, taken at once (a backup, the benches' seeded copies), holds every commit
    path = tmp_path / "disposed.db"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    async with engine.begin() as connection:
        await connection.execute(text("CREATE TABLE kept (n INTEGER)"))
        await connection.execute(text("INSERT INTO kept VALUES (1), (2)"))
    await engine.dispose()
    assert _tables_in_file(path) == ["kept"]
    assert not path.with_name("disposed.db-wal").exists()
    engine = create_engine(f"sqlite+aiosqlite:///{path}")  # and it opens again as before
    try:
        async with engine.begin() as connection:
            await connection.execute(text("INSERT INTO kept VALUES (3)"))
            assert (await connection.execute(text("SELECT count(*) FROM kept"))).scalar() == 3
    finally:
        await engine.dispose()

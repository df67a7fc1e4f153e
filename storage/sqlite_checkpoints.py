"""The WAL's pages copied into a SQLite file on a thread of the engine's own.

SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past its threshold,
so that writer — and every writer taking its turn after it (storage/sqlite_trips.py) —
waited while pages were copied into the database file and both files synced (a 500-row
claim's commit took some 30 ms on disk, 4 ms without it). Here a thread of the engine's own
copies them with PASSIVE checkpoints, which take no lock a writer or reader waits for; a
writer still checkpoints itself if the WAL grows far past the usual threshold
(storage/db.py, WAL_BACKSTOP_PAGES), so it stays bounded if that thread lags. The thread
closes its connection with the engine's last one, so SQLite still folds the WAL into the
file when the engine is disposed.
"""

import contextlib
import logging
import sqlite3
import threading

log = logging.getLogger(__name__)
STOP_WAIT_S = 5.0  # at most this long a disposed engine waits for a checkpoint under way


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

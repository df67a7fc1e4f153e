"""A consistent copy of a SQLite database while the bot keeps running (SQLite's backup API)."""

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from storage.db import SQLITE_BUSY_TIMEOUT_MS, is_sqlite


class NotSqlite(ValueError):
    """Backups here are for SQLite files; PostgreSQL has pg_dump."""


def backup_sqlite(url: str, target: Path) -> int:
    """Copy the database at `url` to a new file `target`; return the number of users in it.

    The copy is taken in one step under a read lock, so it is one consistent moment even
    while the bot writes; the file is checked with `PRAGMA integrity_check` before it counts.
    """
    database = make_url(url).database
    if not is_sqlite(url) or not database or database == ":memory:":
        raise NotSqlite(url.split("@")[-1])
    if not Path(database).is_file():
        raise FileNotFoundError(database)
    if target.exists():
        raise FileExistsError(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        if copy.execute("PRAGMA integrity_check").fetchone() != ("ok",):
            raise sqlite3.DatabaseError(f"the copy at {target} failed its integrity check")
        return int(copy.execute("SELECT count(*) FROM users").fetchone()[0])
    finally:
        copy.close()
        source.close()

"""Writers of one SQLite engine take turns in this process (storage/sqlite_trips.py)."""

import asyncio
import weakref


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

"""Concurrent updates across users, strict order within one user, fair under floods."""

import asyncio
import sys
from collections.abc import Awaitable
from typing import Any, Protocol

from telegram import Update
from telegram.ext import BaseUpdateProcessor


class UpdateHooks(Protocol):
    """What happens around an update's handlers."""

    async def handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the handlers (the coroutine), with what must happen around them."""


class PlainHooks:
    """The handlers just run."""

    async def handle(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine


class PerUserUpdateProcessor(BaseUpdateProcessor):
    """Processes updates of different users concurrently; one user's updates run in order.

    PTB starts a task per update in arrival order (the flood check came before, as the
    update arrived: `bot.ingest`). Each task waits in its user's own queue (an asyncio lock,
    whose waiters wake first-in first-out) and only then takes one of
    `max_concurrent_updates` slots: a user's backlog never holds slots others need.
    """

    def __init__(self, max_concurrent_updates: int, hooks: UpdateHooks | None = None) -> None:
        super().__init__(sys.maxsize)  # PTB's own semaphore would be taken before the queue
        self.slots = max_concurrent_updates
        self.hooks: UpdateHooks = hooks or PlainHooks()
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def do_process_update(self, update: object,
                                coroutine: Awaitable[Any]) -> None:
        self._busy += 1
        self._idle.clear()
        try:
            await self._process(update, coroutine)
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    async def wait_idle(self) -> None:
        """Return once no update is queued or being handled (tests settle with this)."""
        await self._idle.wait()

    async def _process(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _key(update)
        if key is None:
            async with self._slots:
                await self.hooks.handle(update, coroutine)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await self.hooks.handle(update, coroutine)
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key]
                del self._locks[key]

    def waiting(self, user_id: int) -> int:
        """How many updates of this user are queued or running."""
        return self._waiting.get(user_id, 0)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Let the hooks finish what they keep for later (the inbox's handled marks)."""
        close = getattr(self.hooks, "close", None)
        if close is not None:
            await close()


def _key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None

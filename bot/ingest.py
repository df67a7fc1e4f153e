"""Receiving updates so that none is lost in a crash and none is handled twice.

Every update is stored in the inbox (`storage.inbox`) before Telegram learns it arrived:
polling asks for the next offset (which confirms the batch) only after the batch is stored,
and the webhook answers 200 only after storing. Only updates stored for the first time go
to the handlers, so a re-delivery is skipped. While an update's handlers run, the unit of
work marks it acted on in the first transaction that writes (its changes and the mark
commit together); when the handlers return it is marked handled: an update acted on and
answered in the next commit this process makes anyway (the next arrival's store, the
keeper's renewal a quarter lease on, the stop), held under this process's lease till then,
so a typed report costs two transactions; others (read-only, deferred) at once. A crash in
between costs a restart note for an answered update, never a redo. At start, stored updates
never acted on are handled first, in their order (the update processor keeps each user's
updates in order); one acted on whose handler never returned is not redone (that could
apply a change twice): its chat gets a short note that it was saved. Each update is
handled in its runner's language, read by its store in the same statement (bot/languages.py).

Instances sharing a database lease the rows they handle (storage/inbox.py), renewed every
quarter lease while the process holds them; a keeper pass at that pace claims rows whose
lease expired (a dead instance's, or ones deferred after passing faults: bot/handling.py),
never those a live instance holds. A graceful stop gives its rows back at once. Updates
with ids beyond 64 bits are dropped with a warning (a 500 makes Telegram resend forever).

`bot/updater.py` puts this in front of PTB's polling and webhook.
"""

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Bot, Update

import i18n
from bot import handling, owners
from bot.guards import FloodGate
from bot.languages import Languages
from bot.throttled_log import ThrottledLog
from coach.clock import Clock
from services.runtime import (
    Acting,
    Inbox,
    Incoming,
    Lease,
    create_engine,
    inline,
    session_factory,
)
from services.runtime import Languages as Read

log = logging.getLogger(__name__)
KEEP_HANDLED = timedelta(days=1)  # Telegram re-delivers an update for at most a day
LEASE_SECONDS = 20.0


def keeper_pool(url: str) -> async_sessionmaker[AsyncSession]:
    """A connection of its own for lease renewals (and one spare): handlers holding every
    connection of the main pool cannot hold renewals back till leases lapse."""
    return session_factory(create_engine(url, pool_size=1, max_overflow=1, pool_timeout=5))


class Ingest:
    """Stores arriving updates, marks them handled, replays the unhandled ones."""

    def __init__(self, inbox: Inbox, clock: Clock, gate: FloodGate | None = None,
                 lease_seconds: float = LEASE_SECONDS) -> None:
        self.inbox, self.clock, self.gate = inbox, clock, gate
        self.complain = ThrottledLog(log)
        self.lease = Lease(owners.new_owner(), lease_seconds)
        self.working: set[int] = set()  # held by this process: received or claimed, unsettled
        # Acted on and answered, marked handled in the next commit this process makes anyway
        # (the next arrival's store, the keeper's renewal, the stop); still held till then.
        self.answered: set[int] = set()
        self.rerun: Callable[[object], Awaitable[Any]] | None = None  # the app's process_update
        self.bot: Bot | None = None
        self.languages = Languages()  # each runner's language, read as their updates arrive

    async def receive(self, updates: Sequence[Update]) -> list[Update]:
        """Store the updates; return those stored for the first time, in order.

        The flood check happens here, as updates arrive: a message the gate drops is
        stored as handled already (its bare id), and never reaches the handlers.
        """
        admitted = [u for u in updates if self.gate is None or await self.gate.arrived(u)]
        keep = {u.update_id for u in admitted}
        rows = [handling.incoming(u) if u.update_id in keep else Incoming(u.update_id, None, None)
                for u in updates]
        answered = sorted(self.answered - {u.update_id for u in updates})  # named once
        read: Read = {}
        with inline():
            fresh = await self.inbox.store(rows, self.clock.now(), self.lease, answered, read)
        self.languages.update(read)
        self._marked(answered)
        for update in admitted:
            if update.update_id not in fresh and self.gate is not None:
                self.gate.forget(update)
        self.working |= fresh
        return [u for u in admitted if u.update_id in fresh]

    async def unhandled(self, bot: Bot) -> tuple[list[Update], list[Update]]:
        """Claim the updates whose lease expired (their process stopped first, or a pass
        deferred them), oldest first: those to handle again, and those already acted on
        (not to be redone). Rows this process holds are not claimed twice."""
        again: list[Update] = []
        acted: list[Update] = []
        gone = partial(owners.gone, me=self.lease.owner)
        for pending in await self.inbox.claim(self.lease, gone=gone):
            if pending.update_id in self.working:
                continue
            update = Update.de_json(json.loads(pending.payload), bot)
            if update is None:
                await self.inbox.done(pending.update_id, self.clock.now())
            else:
                self.working.add(update.update_id)
                (acted if pending.acted else again).append(update)
        return again, acted

    async def renew(self) -> None:
        """Mark the answered rows handled and renew the others this process holds."""
        answered = sorted(self.answered)
        held = sorted(self.working - self.answered)
        for start in range(0, max(len(held), len(answered)), 1000):
            await self.inbox.renew(self.lease, held[start:start + 1000],
                                   answered[start:start + 1000], self.clock.now())
            self._marked(answered[start:start + 1000])

    async def flush(self) -> None:
        """Mark the answered rows handled now (tests; the keeper does it every quarter lease)."""
        answered = sorted(self.answered)
        if answered:
            await self.inbox.renew(self.lease, [], answered, self.clock.now())
            self._marked(answered)

    async def close(self) -> None:  # the processor's shutdown: the marks kept for later
        try:
            await self.flush()
        except Exception as exc:  # they stay leased; a later pass notes them
            log.warning("could not mark answered updates handled: %s", type(exc).__name__)
        if self.gate is not None and self.gate.shared is not None:
            await self.gate.shared.close()
        if self.inbox.keeper is not self.inbox.factory:
            await self.inbox.keeper.kw["bind"].dispose()

    def _marked(self, ids: Sequence[int]) -> None:
        self.answered.difference_update(ids)
        self.working.difference_update(ids)

    async def hold(self, ids: list[int]) -> set[int]:
        return await self.inbox.renew(self.lease, ids)

    async def release(self) -> None:
        """Give back the rows not handled yet (a graceful stop): anyone may take them now."""
        try:
            await self.inbox.release(self.lease.owner, sorted(self.answered), self.clock.now())
            self._marked(sorted(self.answered))
        except Exception as exc:  # their lease expires instead
            log.warning("could not give back the unhandled updates: %s", type(exc).__name__)

    async def prune(self) -> int:
        return await self.inbox.prune(self.clock.now() - KEEP_HANDLED)

    async def handle(self, update: object, coroutine: Any) -> None:
        """Run the handlers with the update named as `acting` (again after a passing
        database fault); then mark it handled, give it back or defer it."""
        if not isinstance(update, Update):
            await coroutine
            return
        current = Acting(update.update_id, self.clock.now(), owner=self.lease.owner)
        with i18n.language(self.languages.of(update)), inline():
            await self._handle(update, current, coroutine)

    async def _handle(self, update: Update, current: Acting, coroutine: Any) -> None:
        try:
            await handling.run_with_retries(update, current, coroutine, self.rerun)
        finally:
            if self.gate is not None:
                self.gate.forget(update)
        if handling.answered(current):  # its mark rides on this process's next commit
            self.answered.add(update.update_id)
            return
        try:
            await handling.settle(update, current, self.inbox, self.lease, self.bot)
        except Exception as exc:  # it stays leased; once that expires a pass takes it
            self.complain.warning("could not settle update %s: %s", update.update_id,
                                  type(exc).__name__)
        finally:
            self.working.discard(update.update_id)

    async def done(self, update: Update) -> None:
        try:
            await self.inbox.done(update.update_id, self.clock.now())
        finally:
            self.working.discard(update.update_id)

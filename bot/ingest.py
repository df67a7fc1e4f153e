"""Receiving updates so that none is lost in a crash and none is handled twice.

Every update is stored in the inbox (`storage.inbox`) before Telegram learns it arrived:
polling asks for the next offset (which confirms the batch) only after the batch is stored,
and the webhook answers 200 only after storing. Only updates stored for the first time go
to the handlers, so a re-delivery is skipped. While an update's handlers run, the unit of
work marks it acted on in the first transaction that writes (its changes and the mark
commit together); when the handlers return it is marked handled. At start, stored updates
never acted on are handled first, in their order (the update processor keeps each user's
updates in order); one acted on whose handler never returned is not redone (that could
apply a change twice): its chat gets a short note that it was saved.

Instances sharing a database lease the rows they handle (storage/inbox.py), renewed every
quarter lease while the process holds them; a keeper pass at that pace claims rows whose
lease expired (a dead instance's, or ones deferred after passing faults: bot/handling.py),
never those a live instance holds. A graceful stop gives its rows back at once. Updates
with ids beyond 64 bits are dropped with a warning (a 500 makes Telegram resend forever).

`InboxUpdater` stands in for PTB's `Updater` (a public class; only its public methods are
overridden): `Application.run_polling`/`run_webhook` and tests that call
`app.updater.start_polling`/`start_webhook` work unchanged, with no private PTB names.
"""

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from functools import partial
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import Updater

from bot import handling, owners
from bot.guards import FloodGate
from bot.throttled_log import ThrottledLog
from bot.webhook_server import Route, WebhookServer
from coach.clock import Clock
from storage.inbox import Acting, Inbox, Incoming, Lease

log = logging.getLogger(__name__)
NOTES_GRACE_SECONDS = 10.0  # a graceful stop waits this long for restart notes in flight
KEEP_HANDLED = timedelta(days=1)  # Telegram re-delivers an update for at most a day
BACKOFF_SECONDS = (0.5, 1, 2, 5, 10, 30)
LEASE_SECONDS = 20.0
class Ingest:
    """Stores arriving updates, marks them handled, replays the unhandled ones."""

    def __init__(self, inbox: Inbox, clock: Clock, gate: FloodGate | None = None,
                 lease_seconds: float = LEASE_SECONDS) -> None:
        self.inbox, self.clock, self.gate = inbox, clock, gate
        self.complain = ThrottledLog(log)
        self.lease = Lease(owners.new_owner(), lease_seconds)
        self.working: set[int] = set()  # held by this process: received or claimed, unsettled
        self.rerun: Callable[[object], Awaitable[Any]] | None = None  # the app's process_update
        self.bot: Bot | None = None

    async def receive(self, updates: Sequence[Update]) -> list[Update]:
        """Store the updates; return those stored for the first time, in order.

        The flood check happens here, as updates arrive: a message the gate drops is
        stored as handled already (its bare id), and never reaches the handlers.
        """
        admitted = [u for u in updates if self.gate is None or self.gate.arrived(u)]
        keep = {u.update_id for u in admitted}
        rows = [handling.incoming(u) if u.update_id in keep else Incoming(u.update_id, None, None)
                for u in updates]
        fresh = await self.inbox.store(rows, self.clock.now(), self.lease)
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

    async def renew(self) -> None:  # the rows this process holds: received or claimed
        held = sorted(self.working)
        for start in range(0, len(held), 1000):
            await self.inbox.renew(self.lease, held[start:start + 1000])

    async def hold(self, ids: list[int]) -> set[int]:
        return await self.inbox.renew(self.lease, ids)

    async def release(self) -> None:
        """Give back the rows not handled yet (a graceful stop): anyone may take them now."""
        try:
            await self.inbox.release(self.lease.owner)
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
        try:
            await handling.run_with_retries(update, current, coroutine, self.rerun)
        finally:
            if self.gate is not None:
                self.gate.forget(update)
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


class InboxUpdater(Updater):
    """PTB's Updater with the inbox in front: store first, confirm or answer 200 after."""

    def __init__(self, bot: Bot, update_queue: "asyncio.Queue[object]",
                 ingest: Ingest) -> None:
        super().__init__(bot, update_queue)
        self.ingest = ingest
        ingest.bot = bot
        self.server: WebhookServer | None = None
        self.health: Callable[[], bool] = lambda: True
        # Extra paths the same server answers (Strava's); with them, polling serves too.
        self.routes: dict[str, Route] = {}
        self.routes_at: tuple[str, int] = ("127.0.0.1", 8443)
        self._serving = False
        self._poller: asyncio.Task[None] | None = None
        self._keeper: asyncio.Task[None] | None = None  # renews leases, claims expired rows
        self._notes: set[asyncio.Task[None]] = set()  # restart notes, sent while polling

    @property
    def running(self) -> bool:
        return self._serving

    async def start_polling(self, poll_interval: float = 0.0,
                            timeout: Any = timedelta(seconds=10),  # noqa: ASYNC109 (PTB's)
                            bootstrap_retries: int = 0,
                            allowed_updates: Sequence[str] | None = None,
                            drop_pending_updates: bool | None = None,
                            error_callback: Any = None) -> "asyncio.Queue[object]":
        """Long-poll Telegram; each batch is stored before the next call confirms it."""
        self._refuse_twice()
        await self.bot.delete_webhook(drop_pending_updates=bool(drop_pending_updates))
        await self.take_over()
        last = await self.ingest.inbox.last_id()
        offset = 0 if last is None else last + 1
        if self.routes:  # polling: the server answers only the routes and /healthz
            self.server = WebhookServer(*self.routes_at, "", "", self._accept,
                                        health=lambda: self.health(), routes=self.routes)
            await self.server.start()
        self._poller = asyncio.create_task(
            self._poll(offset, timeout, poll_interval, allowed_updates), name="ingest-poll")
        self._start_keeper()
        return self.update_queue

    async def start_webhook(self, listen: Any = "127.0.0.1", port: Any = 80, url_path: str = "",
                            cert: Any = None, key: Any = None, bootstrap_retries: int = 0,
                            webhook_url: str | None = None,
                            allowed_updates: Sequence[str] | None = None,
                            drop_pending_updates: bool | None = None,
                            ip_address: str | None = None, max_connections: int = 40,
                            secret_token: str | None = None,
                            unix: Any = None) -> "asyncio.Queue[object]":
        """Serve the hardened webhook (bot.webhook_server) and register it with Telegram."""
        self._refuse_twice()
        if cert or key or unix or not secret_token or not webhook_url:
            raise ValueError("the webhook needs a URL and a secret token; TLS belongs to a "
                             "reverse proxy (no cert, key or unix socket here)")
        await self.take_over()
        self.server = WebhookServer(
            str(getattr(listen, "value", listen)), int(getattr(port, "value", port)),
            url_path, secret_token, self._accept, health=lambda: self.health(),
            routes=self.routes)
        await self.server.start()
        await self.bot.set_webhook(url=webhook_url, allowed_updates=allowed_updates,
                                   ip_address=ip_address, max_connections=max_connections,
                                   drop_pending_updates=drop_pending_updates,
                                   secret_token=secret_token)
        self._start_keeper()
        return self.update_queue

    async def stop(self) -> None:
        """Stop receiving; what was stored and not yet handled is handled at the next start."""
        if not self._serving:
            raise RuntimeError("This Updater is not running!")
        self._serving = False
        if self._notes:  # restart notes still going out: finish them (bounded)
            await asyncio.wait(self._notes, timeout=NOTES_GRACE_SECONDS)
        for task in (self._poller, self._keeper, *self._notes):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        self._poller = self._keeper = None
        self._notes.clear()
        if self.server is not None:
            await self.server.stop()

    def _refuse_twice(self) -> None:
        if self._serving:
            raise RuntimeError("This Updater is already running!")

    def _start_keeper(self) -> None:
        self._keeper = asyncio.create_task(self._keep(), name="ingest-leases")
        self._serving = True

    async def _keep(self) -> None:
        """Renew this process's leases and take over expired rows, a quarter lease apart."""
        while True:
            await asyncio.sleep(self.ingest.lease.seconds / 4)
            try:
                await self.ingest.renew()
                await self.take_over()
            except Exception as exc:  # the next pass tries again
                if not handling.database_trouble(exc):
                    self.ingest.complain.warning("inbox leases: %s", type(exc).__name__)

    async def take_over(self) -> None:
        """Claim the rows whose lease expired and handle or note them (the keeper does this
        every quarter lease; at start it is the first thing done)."""
        again, acted = await self.ingest.unhandled(self.bot)
        if again or acted:
            log.info("taken over: %d update(s) stored and not handled, %d acted on but not "
                     "answered", len(again), len(acted))
        if acted:  # in the background: new updates are not held behind the notes
            task = asyncio.create_task(handling.tell_interrupted(self.bot, acted, self.ingest))
            self._notes.add(task)
            task.add_done_callback(self._notes.discard)
        for update in again:
            await self.update_queue.put(update)

    async def _accept(self, body: bytes) -> int:
        """A webhook body: 400 if it is no update, 200 once stored (500 if it can't be)."""
        try:
            update = Update.de_json(json.loads(body), self.bot)
        except Exception as exc:
            log.warning("webhook: a body was not an Update (%s)", type(exc).__name__)
            return 400
        if update is None:
            return 400
        if not handling.fits(update):
            log.warning("webhook: dropped update %s: an id does not fit 64 bits", update.update_id)
            return 200  # anything else makes Telegram send it again and again
        try:
            fresh = await self.ingest.receive([update])
        except Exception as exc:
            self.ingest.complain.warning("webhook: could not store update %s: %s",
                                         update.update_id, type(exc).__name__)
            return 500  # Telegram tries again later
        for new in fresh:
            await self.update_queue.put(new)
        return 200

    async def _poll(self, offset: int, wait: Any, interval: float,
                    allowed: Sequence[str] | None) -> None:
        failures = 0
        while True:
            try:
                updates = await self.bot.get_updates(offset=offset, timeout=wait,
                                                     allowed_updates=allowed)
                kept = [u for u in updates if handling.fits(u)]
                if len(kept) < len(updates):
                    log.warning("polling: dropped %d update(s) whose ids do not fit 64 bits",
                                len(updates) - len(kept))
                fresh = await self.ingest.receive(kept) if kept else []
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # not confirmed: Telegram sends them again
                failures += 1
                what = "Telegram" if isinstance(exc, TelegramError) else "the inbox"
                self.ingest.complain.warning("polling: %s failed (%s), retrying", what,
                                             type(exc).__name__)
                await asyncio.sleep(BACKOFF_SECONDS[min(failures, len(BACKOFF_SECONDS)) - 1])
                continue
            failures = 0
            for update in fresh:
                await self.update_queue.put(update)
            if updates:
                offset = updates[-1].update_id + 1
            elif interval:
                await asyncio.sleep(interval)

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

`InboxUpdater` stands in for PTB's `Updater` (a public class; only its public methods are
overridden): `Application.run_polling`/`run_webhook` and tests that call
`app.updater.start_polling`/`start_webhook` work unchanged, with no private PTB names.
"""

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import Updater

from bot.guards import FloodGate
from bot.throttled_log import ThrottledLog
from bot.webhook_server import WebhookServer
from coach.clock import Clock
from storage.inbox import Acting, Inbox, Incoming, acting
from storage.uow import answered, flush_answered

log = logging.getLogger(__name__)
NOTES_GRACE_SECONDS = 10.0  # a graceful stop waits this long for restart notes in flight
KEEP_HANDLED = timedelta(days=1)  # Telegram re-delivers an update for at most a day
INTERRUPTED = ("I restarted while answering your last message. It's saved, nothing lost; "
               "/plan shows what's next.")
BACKOFF_SECONDS = (0.5, 1, 2, 5, 10, 30)
FLUSH_QUIET_SECONDS = 0.5  # answered updates not taken by a commit are marked after this


def incoming(update: Update) -> Incoming:
    user = update.effective_user
    return Incoming(update.update_id, user.id if user else None,
                    json.dumps(update.to_dict(), separators=(",", ":")))


class Ingest:
    """Stores arriving updates, marks them handled, replays the unhandled ones."""

    def __init__(self, inbox: Inbox, clock: Clock, gate: FloodGate | None = None) -> None:
        self.inbox, self.clock, self.gate = inbox, clock, gate
        self.complain = ThrottledLog(log)
        self.quiet = FLUSH_QUIET_SECONDS
        self._timer: asyncio.TimerHandle | None = None
        self._flusher: asyncio.Task[None] | None = None  # kept: a task needs a reference

    async def receive(self, updates: Sequence[Update]) -> list[Update]:
        """Store the updates; return those stored for the first time, in order.

        The flood check happens here, as updates arrive: a message the gate drops is
        stored as handled already (its bare id), and never reaches the handlers.
        """
        admitted = [u for u in updates if self.gate is None or self.gate.arrived(u)]
        keep = {u.update_id for u in admitted}
        rows = [incoming(u) if u.update_id in keep else Incoming(u.update_id, None, None)
                for u in updates]
        fresh = await self.inbox.store(rows, self.clock.now())
        for update in admitted:
            if update.update_id not in fresh and self.gate is not None:
                self.gate.forget(update)
        return [u for u in admitted if u.update_id in fresh]

    def _flush_when_quiet(self) -> None:
        """Answered updates wait for the next closing commit; after `quiet` seconds
        without a new answer, one transaction marks them handled."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(self.quiet, self._flush_now)

    def _flush_now(self) -> None:
        self._timer = None
        self._flusher = asyncio.create_task(self._write_marks(), name="inbox-flush")

    async def flush(self) -> None:
        """Mark handled the answered updates no commit has taken yet (also at shutdown,
        after a flush in flight: nothing may hold a connection past the engine's end)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._flusher is not None:
            await asyncio.gather(self._flusher, return_exceptions=True)
        await self._write_marks()

    async def _write_marks(self) -> None:
        try:
            await flush_answered(self.inbox.factory)
        except Exception as exc:  # they stay acted on; a restart sends the short note
            self.complain.warning("could not mark answered updates handled: %s",
                                  type(exc).__name__)

    async def unhandled(self, bot: Bot) -> tuple[list[Update], list[Update]]:
        """Updates whose handler never returned (the process stopped first), oldest first:
        those to handle again, and those already acted on (not to be redone)."""
        again: list[Update] = []
        acted: list[Update] = []
        for pending in await self.inbox.pending():
            update = Update.de_json(json.loads(pending.payload), bot)
            if update is None:
                await self.inbox.done(pending.update_id, self.clock.now())
            else:
                (acted if pending.acted else again).append(update)
        return again, acted

    async def prune(self) -> int:
        return await self.inbox.prune(self.clock.now() - KEEP_HANDLED)

    async def handle(self, update: object, coroutine: Any) -> None:
        """Run the handlers with the update named as `acting`; then mark it handled."""
        if not isinstance(update, Update):
            await coroutine
            return
        current = Acting(update.update_id, self.clock.now())
        token = acting.set(current)
        try:
            await coroutine
        finally:
            acting.reset(token)
            if self.gate is not None:
                self.gate.forget(update)
        if current.deferred:  # acted on in a closing commit: handled with the next one
            answered(self.inbox.factory, update.update_id, current.at)
            self._flush_when_quiet()
            return
        try:
            await self.inbox.done(update.update_id, current.at)
        except Exception as exc:  # it stays pending; a restart handles or notes it
            self.complain.warning("could not mark update %s handled: %s",
                                  update.update_id, type(exc).__name__)


class InboxUpdater(Updater):
    """PTB's Updater with the inbox in front: store first, confirm or answer 200 after."""

    def __init__(self, bot: Bot, update_queue: "asyncio.Queue[object]",
                 ingest: Ingest) -> None:
        super().__init__(bot, update_queue)
        self.ingest = ingest
        self.server: WebhookServer | None = None
        self.health: Callable[[], bool] = lambda: True
        self._serving = False
        self._poller: asyncio.Task[None] | None = None
        self._notes: asyncio.Task[None] | None = None  # restart notes, sent while polling

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
        await self._replay()
        last = await self.ingest.inbox.last_id()
        offset = 0 if last is None else last + 1
        self._poller = asyncio.create_task(
            self._poll(offset, timeout, poll_interval, allowed_updates), name="ingest-poll")
        self._serving = True
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
        await self._replay()
        self.server = WebhookServer(
            str(getattr(listen, "value", listen)), int(getattr(port, "value", port)),
            url_path, secret_token, self._accept, health=lambda: self.health())
        await self.server.start()
        await self.bot.set_webhook(url=webhook_url, allowed_updates=allowed_updates,
                                   ip_address=ip_address, max_connections=max_connections,
                                   drop_pending_updates=drop_pending_updates,
                                   secret_token=secret_token)
        self._serving = True
        return self.update_queue

    async def stop(self) -> None:
        """Stop receiving; what was stored and not yet handled is handled at the next start."""
        if not self._serving:
            raise RuntimeError("This Updater is not running!")
        self._serving = False
        if self._notes is not None:  # restart notes still going out: finish them (bounded)
            await asyncio.wait({self._notes}, timeout=NOTES_GRACE_SECONDS)
        for task in (self._poller, self._notes):
            if task is not None:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
        self._poller = self._notes = None
        if self.server is not None:
            await self.server.stop()

    def _refuse_twice(self) -> None:
        if self._serving:
            raise RuntimeError("This Updater is already running!")

    async def _replay(self) -> None:
        again, acted = await self.ingest.unhandled(self.bot)
        if again or acted:
            log.info("before the last stop: %d update(s) stored and not handled, %d acted on "
                     "but not answered", len(again), len(acted))
        if acted:  # in the background: new updates are not held behind the notes
            self._notes = asyncio.create_task(self._tell_interrupted(acted))
        for update in again:
            await self.update_queue.put(update)

    async def _tell_interrupted(self, acted: Sequence[Update]) -> None:
        """One note per chat whose update was acted on but maybe never answered; each
        chat's updates are marked handled once its note is out, so a stop halfway through
        leaves only the chats not told yet (told at the next start)."""
        by_chat: dict[int | None, list[Update]] = {}
        for update in acted:
            chat = update.effective_chat
            by_chat.setdefault(None if chat is None else chat.id, []).append(update)
        for chat_id, updates in by_chat.items():
            if chat_id is not None:
                try:
                    await self.bot.send_message(chat_id, INTERRUPTED)
                except TelegramError as exc:
                    log.info("could not tell chat %s about the restart: %s", chat_id,
                             type(exc).__name__)
            for update in updates:
                await self.ingest.inbox.done(update.update_id, self.ingest.clock.now())

    async def _accept(self, body: bytes) -> int:
        """A webhook body: 400 if it is no update, 200 once stored (500 if it can't be)."""
        try:
            update = Update.de_json(json.loads(body), self.bot)
        except Exception as exc:
            log.warning("webhook: a body was not an Update (%s)", type(exc).__name__)
            return 400
        if update is None:
            return 400
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
                fresh = await self.ingest.receive(updates) if updates else []
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

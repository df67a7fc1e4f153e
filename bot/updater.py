"""PTB's Updater with the inbox in front (bot/ingest.py): store first, confirm or answer
200 after.

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

from bot import handling
from bot.ingest import Ingest
from bot.webhook_server import Route, WebhookServer

log = logging.getLogger(__name__)
KEEPER_TASK = "ingest-leases"  # the task renewing leases and taking over expired rows
NOTES_GRACE_SECONDS = 10.0  # a graceful stop waits this long for restart notes in flight
BACKOFF_SECONDS = (0.5, 1, 2, 5, 10, 30)  # polling's waits after failed getUpdates


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
        self._keeper = asyncio.create_task(self._keep(), name=KEEPER_TASK)
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

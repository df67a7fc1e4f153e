"""The batch's one writer: sends recorded in group commits, claims kept fresh meanwhile.

The claimed row is the outbox. A batch's sends run concurrently (services/delivery.py), and
each one hands what it ended in — sent, to retry at a time, the runner gone, cancelled, an
unknown outcome to count — to the Writer, which commits them together every `rows` records
or `seconds`, whichever comes first. A send's slot in the in-flight window (`Window`: 16,
growing with the round trip and with the commits' time to at most WIDEST, 48) is given back
only once its record is committed, so a crash repeats at most the window's messages, and at
most one per chat (a chat has one send in flight at a time).

A record is written only for a row still claimed with our stamp (a sent row's UPDATE checks
it in its WHERE, `sent_if_ours`; a retry's is read first, `still_claimed`): a row another
instance requeued and took over is left to it. Between flushes the Writer re-stamps
the claim of every row of the batch not yet recorded — waiting, in flight, or sent and not
yet committed — every quarter of the claim timeout, so a slow batch never looks abandoned.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coach.clock import Clock
from coach.stored import SEND_OUTCOME_UNKNOWN, Retry, Sent
from coach.views import SessionInfo
from services.uow import UnitOfWork, UowFactory

log = logging.getLogger(__name__)
WIDEST = 48  # the in-flight window at most: what a crash may repeat (one per chat)


class Window:
    """The sends of a batch in flight together: `least`, grown by 1.5 × what a round trip
    keeps in flight (`per_round_trip()`: the send rate × a high round trip of late) and what
    a group commit does (`per_commit()`: records handed in while one runs, of late), never
    more than WIDEST. Read at every start, so it follows both as they change: at Telegram's
    30 a second a commit of a few milliseconds adds nothing; with the send rate lifted (a
    self-hosted Bot API) sends would otherwise stand idle, done, waiting for their commit."""

    def __init__(self, least: int,
                 per_round_trip: Callable[[], float] | None = None,
                 per_commit: Callable[[], float] | None = None) -> None:
        self.least = max(1, least)
        self.per_round_trip = per_round_trip
        self.per_commit = per_commit
        self.held = 0
        self._freed = asyncio.Event()

    def size(self) -> int:
        trip = 0.0 if self.per_round_trip is None else self.per_round_trip()
        commit = 0.0 if self.per_commit is None else self.per_commit()
        return min(WIDEST, self.least + round(1.5 * (trip + commit)))

    async def acquire(self) -> None:
        while self.held >= self.size():
            self._freed.clear()
            await self._freed.wait()
        self.held += 1

    def release(self) -> None:
        self.held -= 1
        self._freed.set()


@dataclass
class Pending:
    """Records waiting for the next group commit."""

    sent: list[Sent] = field(default_factory=list)
    retries: list[Retry] = field(default_factory=list)
    gone: set[int] = field(default_factory=set)  # runners who blocked the bot
    cancelled: list[int] = field(default_factory=list)
    unknown: int = 0  # sends of unknown outcome, counted in ops_counters
    done: asyncio.Future[None] | None = None  # resolved when these are committed

    def __len__(self) -> int:
        return len(self.sent) + len(self.retries) + len(self.cancelled) + self.unknown


class Writer:
    """Records a batch's sends in group commits and renews the claims not yet recorded."""

    def __init__(self, uow_factory: UowFactory, clock: Clock, sessions: list[SessionInfo], *,
                 claim_timeout: timedelta, server_clock: bool, rows: int,
                 seconds: float, claimed: datetime | None = None,
                 lock: asyncio.Lock | None = None) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.claim_timeout = claim_timeout
        self.server_clock = server_clock
        self.rows = max(1, rows)
        self.seconds = seconds
        self.stamps = {s.id: s.claimed_at for s in sessions}  # rows whose claim is ours
        self.recorded: set[int] = set()  # sent rows our commits recorded
        self.renewed = claimed or clock.now()  # when the stamps were set (claimed: by us)
        self._pending = Pending()
        self.handed = 0  # records handed in so far
        self.during_commit = 0.0  # records handed in per commit's time, of late (averaged)
        self._since: tuple[float, int] | None = None  # the last commit's start, `handed` then
        self._full = asyncio.Event()
        self._lock = lock or asyncio.Lock()  # one transaction at a time: flushes, renewals
        self._task: asyncio.Task[None] | None = None

    def ours(self, session_id: int) -> bool:
        """Whether the row's claim is still ours (as of the last renewal or flush)."""
        return session_id in self.stamps

    async def __aenter__(self) -> "Writer":
        await self.flush()  # claims taken a while ago are renewed before any send
        self._task = asyncio.create_task(self._run(), name="delivery-writer")
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.flush()

    async def sent(self, sent: Sent) -> None:
        await self._add(lambda p: p.sent.append(sent))

    async def retry(self, retry: Retry, *, unknown: bool = False) -> None:
        def add(p: Pending) -> None:
            p.retries.append(retry)
            p.unknown += unknown

        await self._add(add)

    async def count_unknown(self) -> None:
        await self._add(lambda p: setattr(p, "unknown", p.unknown + 1))

    async def gone(self, user_id: int, session_id: int) -> None:
        def add(p: Pending) -> None:
            p.gone.add(user_id)
            p.cancelled.append(session_id)

        await self._add(add)

    async def cancelled(self, session_id: int) -> None:
        await self._add(lambda p: p.cancelled.append(session_id))

    async def _add(self, add: Callable[[Pending], None]) -> None:
        """Queue a record and wait until the group commit holding it is done."""
        pending = self._pending
        if pending.done is None:
            pending.done = asyncio.get_running_loop().create_future()
        add(pending)
        self.handed += 1
        done = pending.done
        if len(pending) >= self.rows:
            self._full.set()
        if self._task is None or self._task.done():  # no writer task: flush at once
            await self.flush()
        await asyncio.shield(done)

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._full.wait(), self.seconds)
            self._full.clear()
            try:
                await self.flush()
            except Exception:  # the senders waiting on this commit re-raise it
                log.exception("delivery writer: a group commit failed")

    async def flush(self) -> None:
        """Commit what is pending (records only for claims still ours); renew when due."""
        async with self._lock:
            pending, self._pending = self._pending, Pending()
            renew = self.clock.now() - self.renewed >= self.claim_timeout / 4
            if not len(pending) and not pending.gone and not renew:
                return
            start = time.monotonic()
            try:
                async with self.uow_factory() as uow:
                    await self._write(uow, pending)
                    if renew:
                        await self._renew(uow)
            except BaseException as exc:
                if pending.done is not None and not pending.done.done():
                    pending.done.set_exception(exc)
                    pending.done.exception()  # retrieved: the senders re-raise it
                raise
            self._took(start, time.monotonic())
            if pending.done is not None and not pending.done.done():
                pending.done.set_result(None)

    def _took(self, start: float, end: float) -> None:
        """What a commit keeps waiting: records handed in a second (since the last commit's
        start) × this commit's time, averaged with what it was."""
        if self._since is not None and start > self._since[0]:
            rate = (self.handed - self._since[1]) / (start - self._since[0])
            self.during_commit = (self.during_commit + rate * (end - start)) / 2
        self._since = (start, self.handed)

    async def _write(self, uow: UnitOfWork, pending: Pending) -> None:
        repo = uow.delivery
        ids = [s.session_id for s in pending.sent] + [r.session_id for r in pending.retries]
        mine = await repo.sent_if_ours(pending.sent, self.stamps)  # the claim check folded in
        if pending.retries:
            retried = [r.session_id for r in pending.retries]
            mine |= await repo.still_claimed({i: self.stamps.get(i) for i in retried})
            await repo.retry_many([r for r in pending.retries if r.session_id in mine])
        sent = [s for s in pending.sent if s.session_id in mine]
        for lost in set(ids) - mine:
            self.stamps.pop(lost, None)
            log.warning("delivery record skipped: claim lost session=%s", lost)
        for _ in range(pending.unknown):
            await uow.ops.bump(SEND_OUTCOME_UNKNOWN, self.clock.now())
        for user_id in sorted(pending.gone):
            await uow.users.set_fields(user_id, active=False)
            await uow.sessions.cancel_due(user_id)
        await repo.mark_cancelled(pending.cancelled, self.clock.now())
        self.recorded.update(s.session_id for s in sent)
        for session_id in ids + pending.cancelled:
            self.stamps.pop(session_id, None)  # settled: no longer renewed

    async def _renew(self, uow: UnitOfWork) -> None:
        """Re-stamp the claim of every row not yet recorded; forget the ones lost."""
        now = self.clock.now()
        self.stamps = await uow.claims.renew_claims(self.stamps, now,
                                                    server_clock=self.server_clock)
        self.renewed = now


"""deliver_due: the reminder use case, batch by batch — claim, read, send, record.

A pass releases claims a crashed sender left behind, stamps the heartbeat, then repeats:
1. one transaction claims up to `batch` due rows (FOR UPDATE SKIP LOCKED on PostgreSQL, a
   conditional UPDATE under BEGIN IMMEDIATE on SQLite) and reads what their reminders show
   (runners, targets, last and logged entries) with one `IN (...)` statement each;
2. the reminders go out concurrently, at most the window in flight (16, growing with the
   round trip and the commits' time to at most 48: services/outbox.py; paced by the
   caller's send budget) and one per chat at a time; what each ended in — sent, a retry at its time
   (a 429's own wait), the runner gone (403), an unknown outcome counted — is recorded by
   the batch's one Writer (services/outbox.py) in group commits, only while the row's claim
   is ours, and a send's slot is given back once its record is committed. A crash repeats
   at most the window, at most one message per chat. Claims not yet recorded are re-stamped
   every quarter of the claim timeout, so a long batch never looks abandoned;
3. one transaction follows the batch up: given-up rows, older open sessions closed through
   services/closing.py, reminded sessions opened with their next-morning nudge, and each
   runner's next reminder planned (executemany updates and one bulk insert); the plan's
   reads and rule run before it in a read-only transaction, and the write plans afresh a
   runner whose profile or reminders changed meanwhile (services/batches.py, plan_drafted).
A pass's claims and group commits take turns on one asyncio lock, and every writer of a
SQLite engine takes its turn at commit (storage/sqlite_trips.py): SQLite has one writer,
and its busy wait sleeps on well past the lock's release.
A row recorded as sent whose step 3 a crash cut short is followed up by a later pass. A send
more than `grace` late becomes the missed-session note; a send of unknown outcome is retried
and counted (ops_counters), so the runner may get that reminder twice.
"""

import asyncio
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coach.clock import Clock
from coach.stored import SCHEDULER_TICK, Retry, Sent
from coach.views import SessionInfo, SessionView
from services.batches import (
    build_views,
    draft_next,
    follow_up_unsettled,
    open_sent,
    plan_drafted,
    reading,
)
from services.outbox import Window, Writer
from services.outcomes import TickReport, outcome
from services.ports import RecipientGone, Sender, Throttled, Transient, reason_of
from services.uow import UowFactory

log = logging.getLogger(__name__)
WINDOW = 16  # sends in flight together: what a crash may repeat, at most one per chat


@dataclass(frozen=True)
class Limits:
    """How a pass delivers: grace period, retries, batch size, claims, nudges, planning."""

    grace: timedelta
    backoff: Callable[[int], timedelta]  # the wait after the n-th failed send
    offset: timedelta  # the reminder's offset after the run, to plan the next one
    batch: int = 200
    claim_timeout: timedelta = timedelta(minutes=5)
    min_attempts: int = 3
    server_clock: bool = False  # PostgreSQL stamps claims with its own clock
    nudge_hour: int | None = None  # None: no next-morning nudges are planned
    window: int = WINDOW  # sends in flight together, sent-but-unrecorded ones included
    per_round_trip: Callable[[], float] | None = None  # grows it (outbox.Window)
    by_commits: bool = True  # grows it by what a commit keeps waiting too (outbox.Window)
    flush_rows: int = 8  # the Writer commits every this many records (at most window / 2)
    flush_seconds: float = 0.05  # … or this often, whichever comes first
    record_each_send: bool = False  # True: flush as soon as a record waits (flush_rows = 1)


@dataclass
class Outcomes:
    """What a batch's sends left for step 3 (the rest the Writer recorded as it happened)."""

    sent: list[tuple[SessionView, bool]] = field(default_factory=list)  # (view, late)
    given_up: dict[int, SessionInfo] = field(default_factory=dict)
    attempts: dict[int, int] = field(default_factory=dict)


async def deliver_due(uow_factory: UowFactory, clock: Clock, sender: Sender,
                      limits: Limits) -> TickReport:
    """Deliver every reminder due now, batch by batch; report what happened."""
    report = TickReport()
    now = clock.now()
    async with uow_factory() as uow:
        stale = limits.claim_timeout if limits.server_clock else None
        await uow.claims.requeue_stale_claims(now - limits.claim_timeout, stale_after=stale)
        await uow.ops.bump(SCHEDULER_TICK, now)
        unsettled = await uow.delivery.unsettled(
            now - limits.claim_timeout, limits.batch)
        if unsettled:
            await follow_up_unsettled(uow, unsettled, now, limits.nudge_hour, limits.offset)
    batches = Batches(uow_factory, clock, limits)
    views, claimed = await batches.claim()
    try:
        while True:
            more = len(views) >= limits.batch
            done = await _send_all(uow_factory, clock, sender, views, limits, report,
                                   batches.prefetch if more else None, claimed,
                                   batches.writing)
            await batches.follow_up(done)
            if not more:
                return report
            views, claimed = await batches.next()
    finally:
        await batches.close()


class Batches:
    """Keeps the sends flowing between batches: the next batch is claimed and read while the
    current one is sent (its reads overlap the sends' work), and a batch's step 3 runs while
    the next one is sent. A batch claimed ahead waits at most the current one's sends; its
    Writer renews the claims first if they are due (outbox.Writer, `claimed`)."""

    def __init__(self, uow_factory: UowFactory, clock: Clock, limits: Limits) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.limits = limits
        self._next: asyncio.Task[tuple[list[SessionView], datetime]] | None = None
        self._step3: asyncio.Task[None] | None = None
        self.writing = asyncio.Lock()

    async def claim(self) -> tuple[list[SessionView], datetime]:
        """A batch's views, and when it was claimed."""
        now = self.clock.now()
        return await _claim(self.uow_factory, now, self.limits, self.writing), now

    def prefetch(self) -> None:
        if self._next is None:
            self._next = asyncio.create_task(self.claim())

    async def next(self) -> tuple[list[SessionView], datetime]:
        self.prefetch()
        assert self._next is not None
        task, self._next = self._next, None
        return await task

    async def follow_up(self, done: "Outcomes") -> None:
        """Start this batch's step 3 once the previous one's is over (one at a time)."""
        if self._step3 is not None:
            task, self._step3 = self._step3, None
            await task
        self._step3 = asyncio.create_task(
            _record(self.uow_factory, self.clock.now(), done, self.limits))

    async def close(self) -> None:
        """Finish the last step 3; a claim prefetched for nothing is left to time out."""
        for task in (self._next, self._step3):
            if task is not None:
                await task


async def _claim(uow_factory: UowFactory, now: datetime, limits: Limits,
                 writing: asyncio.Lock) -> list[SessionView]:
    """Claim a batch of due rows, then read everything their reminders show in a read-only
    transaction (on SQLite the claim's write lock is not held through the reads, so the
    Writer's group commits do not wait behind them)."""
    async with writing, uow_factory() as uow:
        claimed = await uow.claims.claim_due(now, limits.batch,
                                             server_clock=limits.server_clock)
    if not claimed:
        return []
    async with reading(uow_factory) as uow:
        return await build_views(uow, claimed, last_time=False)  # what the card shows


async def _send_all(uow_factory: UowFactory, clock: Clock, sender: Sender,
                    views: list[SessionView], limits: Limits, report: TickReport,
                    on_ahead: Callable[[], None] | None = None,
                    claimed: datetime | None = None,
                    writing: asyncio.Lock | None = None) -> Outcomes:
    """Send the claimed reminders (claimed at `claimed`), up to `window` in flight and one
    per chat at a time; the Writer records each in a group commit before its slot is given
    back. `on_ahead` is called once the first window is in flight (the next batch)."""
    done = Outcomes()
    rows = 1 if limits.record_each_send else min(limits.flush_rows, max(1, limits.window // 2))
    writer = Writer(uow_factory, clock, [view.session for view in views],
                    claim_timeout=limits.claim_timeout, server_clock=limits.server_clock,
                    rows=rows, seconds=limits.flush_seconds, claimed=claimed,
                    lock=writing)
    window = Window(limits.window, limits.per_round_trip,
                    (lambda: writer.during_commit) if limits.by_commits else None)
    chats: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
    tasks: list[asyncio.Task[None]] = []
    async with writer:
        try:
            for index, view in enumerate(views):
                if on_ahead is not None and index == min(limits.window, len(views) - 1):
                    on_ahead()
                await window.acquire()
                task = asyncio.create_task(_in_chat(chats[view.profile.chat_id], writer,
                                                    clock, sender, view, limits, done, report))
                task.add_done_callback(lambda _: window.release())
                tasks.append(task)
            results = await asyncio.gather(*tasks, return_exceptions=True)
        except BaseException:  # the pass was cancelled: no send outlives it
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
    for result in results:
        if isinstance(result, BaseException):
            raise result
    done.sent = [(v, late) for v, late in done.sent if v.session.id in writer.recorded]
    return done


async def _in_chat(chat: asyncio.Lock, writer: Writer, clock: Clock, sender: Sender,
                   view: SessionView, limits: Limits, done: Outcomes,
                   report: TickReport) -> None:
    """One row of the batch, with no other send to its chat in flight."""
    session = view.session
    async with chat:
        if not writer.ours(session.id):
            outcome("claim_lost", session)
        elif not view.profile.active:
            await writer.cancelled(session.id)
        else:
            await _send_one(writer, clock, sender, view, limits, done, report)


async def _send_one(writer: Writer, clock: Clock, sender: Sender, view: SessionView,
                    limits: Limits, done: Outcomes, report: TickReport) -> None:
    session, now = view.session, clock.now()
    late = now - session.due_at > limits.grace
    try:
        message_id = await (sender.missed if late else sender.reminder)(view)
    except RecipientGone:
        outcome("user_inactive", session)
        report.gone += 1
        await writer.gone(session.user_id, session.id)
    except Exception as exc:
        await _failed(writer, view, exc, clock.now(), limits, done, report)
    else:
        report.missed += late
        report.sent += not late
        outcome("missed" if late else "sent", session, attempt=session.attempts + 1)
        done.sent.append((view, late))
        await writer.sent(Sent(session.id, now, message_id, late))


async def _failed(writer: Writer, view: SessionView, exc: Exception, now: datetime,
                  limits: Limits, done: Outcomes, report: TickReport) -> None:
    """Put the row back for a later retry, or give up once the grace period is over."""
    session, reason = view.session, reason_of(exc)
    if not isinstance(exc, Throttled | Transient):
        log.exception("delivery send failed session=%s user=%s", session.id, session.user_id)
    unknown = reason == "outcome_unknown"
    attempts = session.attempts + 1
    if now - session.due_at > limits.grace and attempts >= limits.min_attempts:
        done.given_up[session.id] = session
        done.attempts[session.id] = attempts
        outcome("given_up", session, attempt=attempts, reason=reason)
        report.given_up += 1
        if unknown:
            await writer.count_unknown()
        return
    wait = timedelta(seconds=exc.retry_after) if isinstance(exc, Throttled) else None
    delay = wait or limits.backoff(attempts)
    outcome("retried", session, attempt=attempts, reason=reason,
            retry_in=f"{delay.total_seconds():g}s")
    report.failed += 1
    await writer.retry(Retry(session.id, now + delay, attempts), unknown=unknown)


async def _record(uow_factory: UowFactory, now: datetime, done: Outcomes,
                  limits: Limits) -> None:
    """Step 3: the follow-up of the batch's sends (recorded as they happened), in one
    transaction: rows given up, reminded sessions opened, next reminders planned (worked
    out beforehand without the write lock, `draft_next`)."""
    if not done.sent and not done.attempts:
        return
    after = {s.user_id: max(now, s.due_at) for s in done.given_up.values()}
    after.update({v.session.user_id: max(now, v.session.due_at) for v, _ in done.sent})
    draft = None
    if after:  # the reads and the rule first, without the write lock SQLite's commits need
        async with reading(uow_factory) as uow:
            draft = await draft_next(uow, after, limits.offset,
                                     {v.session.id for v, _ in done.sent},
                                     {v.session.user_id: v.profile for v, _ in done.sent})
    async with uow_factory() as uow:
        repo = uow.delivery
        await repo.failed_many(done.attempts)
        closed: set[int] = set()
        if done.sent:
            closed = await open_sent(uow, done.sent, now, limits.nudge_hour)
        if draft is not None:
            await plan_drafted(uow, draft, after, limits.offset, closed)

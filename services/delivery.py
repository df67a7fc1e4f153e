"""deliver_due: the reminder use case, batch by batch — claim, read, send, record.

A pass releases claims a crashed sender left behind, stamps the heartbeat, then repeats:
1. one transaction claims up to `batch` due rows (FOR UPDATE SKIP LOCKED on PostgreSQL, a
   conditional UPDATE under BEGIN IMMEDIATE on SQLite) and reads what their reminders show
   (runners, targets, last and logged entries) with one `IN (...)` statement each;
2. each reminder is handed to the sender (already paced by the caller) and, once it went
   out, recorded at once by one UPDATE (`mark_sent`): a crash repeats at most the message in
   flight. Claims still waiting are re-stamped in one statement every quarter of the claim
   timeout, so a long batch never looks abandoned to another instance;
3. one transaction records the rest of the batch: retries with backoff (a 429's own wait),
   given-up rows, runners gone (403) made inactive, older open sessions closed through
   services/closing.py, reminded sessions opened with their next-morning nudge, and each
   runner's next reminder planned (executemany updates and one bulk insert).
A row recorded as sent whose step 3 a crash cut short is followed up by a later pass. A send
more than `grace` late becomes the missed-session note; a send of unknown outcome is retried
and counted (ops_counters), so the runner may get that reminder twice.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coach.clock import Clock
from coach.plan import morning_after
from services.batches import build_views, plan_next
from services.closing import close_session
from services.outcomes import TickReport, outcome
from services.ports import RecipientGone, Sender, Throttled, Transient, reason_of
from services.sessions import build_view as view_of
from storage.delivery import DeliveryRepo, Opened, Retry, SendLog, Sent
from storage.ops import SCHEDULER_TICK, SEND_OUTCOME_UNKNOWN
from storage.records import SessionInfo, SessionView
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
MISSED = "missed"  # the delivery state of a missed-session note
UowFactory = Callable[[], UnitOfWork]


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
    # True: each send is recorded before the next one starts, so a crash repeats at most
    # the message in flight. False: a batch's sends are recorded together in step 3 (far
    # fewer commits; a crash may repeat up to a batch).
    record_each_send: bool = True


@dataclass
class Outcomes:
    """What the sends of one batch ended in, recorded together in step 3."""

    sent: list[tuple[SessionView, bool]] = field(default_factory=list)  # (view, late)
    unrecorded: list[Sent] = field(default_factory=list)  # sent, recorded in step 3
    retries: list[Retry] = field(default_factory=list)
    given_up: dict[int, SessionInfo] = field(default_factory=dict)
    attempts: dict[int, int] = field(default_factory=dict)
    gone: set[int] = field(default_factory=set)
    cancelled: list[int] = field(default_factory=list)
    unknown: int = 0


async def deliver_due(uow_factory: UowFactory, clock: Clock, sender: Sender,
                      limits: Limits) -> TickReport:
    """Deliver every reminder due now, batch by batch; report what happened."""
    report = TickReport()
    now = clock.now()
    async with uow_factory() as uow:
        stale = limits.claim_timeout if limits.server_clock else None
        await uow.claims.requeue_stale_claims(now - limits.claim_timeout, stale_after=stale)
        await uow.ops.bump(SCHEDULER_TICK, now)
        unsettled = await DeliveryRepo(uow.session).unsettled(
            now - limits.claim_timeout, limits.batch)
        if unsettled:
            await _follow_up(uow, unsettled, now, limits)
    while True:
        views, log = await _claim(uow_factory, clock.now(), limits)
        async with log:
            done = await _send_all(uow_factory, log, clock, sender, views, limits, report)
        await _record(uow_factory, clock.now(), done, limits)
        if len(views) < limits.batch:
            return report


async def _claim(uow_factory: UowFactory, now: datetime,
                 limits: Limits) -> tuple[list[SessionView], SendLog]:
    """Claim a batch of due rows and read everything their reminders show."""
    async with uow_factory() as uow:
        claimed = await uow.claims.claim_due(now, limits.batch,
                                             server_clock=limits.server_clock)
        views = await build_views(uow, claimed) if claimed else []
        return views, SendLog(uow.session)


class Keeper:
    """Keeps the claims of a batch fresh while it is being sent."""

    def __init__(self, uow_factory: UowFactory, clock: Clock, views: list[SessionView],
                 limits: Limits) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.limits = limits
        self.stamps = {v.session.id: v.session.claimed_at for v in views}
        self.renewed = clock.now()

    async def still_ours(self, session: SessionInfo, waiting: list[int]) -> bool:
        """Re-stamp the waiting claims when a quarter of the timeout passed; ours still?"""
        now = self.clock.now()
        if now - self.renewed >= self.limits.claim_timeout / 4:
            async with self.uow_factory() as uow:
                self.stamps = await uow.claims.renew_claims(
                    {sid: self.stamps.get(sid) for sid in waiting}, now,
                    server_clock=self.limits.server_clock)
            self.renewed = now
        return session.id in self.stamps


async def _send_all(uow_factory: UowFactory, log: SendLog, clock: Clock, sender: Sender,
                    views: list[SessionView], limits: Limits,
                    report: TickReport) -> Outcomes:
    """Send each claimed reminder; record each one sent at once, the rest in step 3."""
    done = Outcomes()
    keeper = Keeper(uow_factory, clock, views, limits)
    ids = [view.session.id for view in views]
    for index, view in enumerate(views):
        session = view.session
        if not await keeper.still_ours(session, ids[index:]):
            outcome("claim_lost", session)
        elif not view.profile.active:
            done.cancelled.append(session.id)
        else:
            await _send_one(log, clock, sender, view, limits, done, report)
    return done


async def _send_one(log: SendLog, clock: Clock, sender: Sender, view: SessionView,
                    limits: Limits, done: Outcomes, report: TickReport) -> None:
    session, now = view.session, clock.now()
    late = now - session.due_at > limits.grace
    try:
        message_id = await (sender.missed if late else sender.reminder)(view)
    except RecipientGone:
        outcome("user_inactive", session)
        done.gone.add(session.user_id)
        done.cancelled.append(session.id)
        report.gone += 1
    except Exception as exc:
        _failed(view, exc, clock.now(), limits, done, report)
    else:
        sent = Sent(session.id, now, message_id, late)
        if limits.record_each_send:
            await log.mark_sent(sent)
        else:
            done.unrecorded.append(sent)
        done.sent.append((view, late))
        report.missed += late
        report.sent += not late
        outcome("missed" if late else "sent", session, attempt=session.attempts + 1)


def _failed(view: SessionView, exc: Exception, now: datetime, limits: Limits, done: Outcomes,
            report: TickReport) -> None:
    """Put the row back for a later retry, or give up once the grace period is over."""
    session, reason = view.session, reason_of(exc)
    if not isinstance(exc, Throttled | Transient):
        log.exception("delivery send failed session=%s user=%s", session.id, session.user_id)
    done.unknown += reason == "outcome_unknown"
    attempts = session.attempts + 1
    if now - session.due_at > limits.grace and attempts >= limits.min_attempts:
        done.given_up[session.id] = session
        done.attempts[session.id] = attempts
        outcome("given_up", session, attempt=attempts, reason=reason)
        report.given_up += 1
        return
    wait = timedelta(seconds=exc.retry_after) if isinstance(exc, Throttled) else None
    delay = wait or limits.backoff(attempts)
    done.retries.append(Retry(session.id, now + delay, attempts))
    outcome("retried", session, attempt=attempts, reason=reason,
            retry_in=f"{delay.total_seconds():g}s")
    report.failed += 1


async def _record(uow_factory: UowFactory, now: datetime, done: Outcomes,
                  limits: Limits) -> None:
    """Step 3: everything the batch's sends decided, in one transaction."""
    async with uow_factory() as uow:
        repo = DeliveryRepo(uow.session)
        await repo.sent_many(done.unrecorded)
        for _ in range(done.unknown):
            await uow.ops.bump(SEND_OUTCOME_UNKNOWN, now)
        await repo.retry_many(done.retries)
        await repo.failed_many(done.attempts)
        for user_id in sorted(done.gone):
            await uow.users.set_fields(user_id, active=False)
            await uow.sessions.cancel_due(user_id)
        await repo.mark_cancelled(done.cancelled, now)
        if done.sent:
            await _opened(uow, done.sent, now, limits)
        after = {s.user_id: max(now, s.due_at) for s in done.given_up.values()}
        after.update({v.session.user_id: max(now, v.session.due_at) for v, _ in done.sent})
        if after:
            await plan_next(uow, after, limits.offset)


async def _opened(uow: UnitOfWork, sent: list[tuple[SessionView, bool]], now: datetime,
                  limits: Limits) -> None:
    """Close each runner's older open sessions, open the reminded ones, plan their nudges."""
    repo = DeliveryRepo(uow.session)
    keep = [view.session.id for view, _ in sent]
    for stale in await repo.open_besides({v.session.user_id for v, _ in sent}, keep):
        await close_session(uow, await view_of(uow, stale), now)
    await repo.opened([Opened(view.session.id, _nudge_at(view, late, limits))
                       for view, late in sent])


def _nudge_at(view: SessionView, late: bool, limits: Limits) -> datetime | None:
    """A sent reminder gets its next-morning nudge; a missed note does not."""
    if late or limits.nudge_hour is None or view.profile.tz is None:
        return None
    return morning_after(view.session.session_date, view.profile.tz, limits.nudge_hour)


async def _follow_up(uow: UnitOfWork, sessions: list[SessionInfo], now: datetime,
                     limits: Limits) -> None:
    """Step 3 for rows a crash left recorded as sent but not followed up."""
    views = await build_views(uow, sessions)
    await _opened(uow, [(v, v.session.delivery == MISSED) for v in views], now, limits)
    await plan_next(uow, {v.session.user_id: max(now, v.session.due_at) for v in views},
                    limits.offset)

"""nudge_due: the one friendly nudge for a session reminded but not logged by the next morning.

When a reminder goes out, the session gets nudge='due' and `nudge_at` = the next local
morning at the nudge hour (zoneinfo, so DST and far-east zones are right). A pass claims due
nudges atomically (like reminders: conditional UPDATE, FOR UPDATE SKIP LOCKED on
PostgreSQL), reads the batch's views at once, and sends each one still useful — up to
`window` in flight together, one per chat — recording it before its slot is given back
(records waiting together share one commit: `Records`), so each session is nudged at most
once (a crash repeats at most the nudges in flight). A nudge is dropped when the
session was closed (logged, skipped, or closed by a newer reminder), has anything logged,
the runner is inactive or paused, or the morning is over (more than `grace` late, e.g.
after downtime).
"""

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from coach.clock import Clock
from coach.plan import morning_after
from coach.stored import SEND_OUTCOME_UNKNOWN
from coach.timezones import zone_or_default
from coach.views import Nudge, SessionView, Status
from services.batches import build_views, reading
from services.outcomes import TickReport, outcome
from services.ports import NudgeSender, RecipientGone, reason_of
from services.uow import UowFactory


@dataclass(frozen=True)
class NudgeLimits:
    """The nudge hour, how late a nudge may still go out, retries, batches and claims."""

    grace: timedelta
    hour: int = 8
    batch: int = 200
    retry: timedelta = timedelta(minutes=1)
    claim_timeout: timedelta = timedelta(minutes=5)
    server_clock: bool = False
    window: int = 16  # nudges in flight together


async def nudge_due(uow_factory: UowFactory, clock: Clock, sender: NudgeSender,
                    limits: NudgeLimits, report: TickReport) -> None:
    """Send every nudge due now, batch by batch; count what happened in `report`."""
    now = clock.now()
    async with uow_factory() as uow:
        await uow.claims.requeue_stale_nudges(
            now - limits.claim_timeout,
            stale_after=limits.claim_timeout if limits.server_clock else None)
    while True:
        now = clock.now()  # each batch stamped with its own claim time
        async with uow_factory() as uow:
            claimed = await uow.claims.claim_nudges(now, limits.batch,
                                                    server_clock=limits.server_clock)
        views: list[SessionView] = []
        if claimed:
            async with reading(uow_factory) as uow:  # no write lock held through the reads
                views = await build_views(uow, claimed, last_time=False)
        await _nudge_all(uow_factory, views, now, sender, limits, report)
        if len(claimed) < limits.batch:
            return


async def _nudge_all(uow_factory: UowFactory, views: list[SessionView], now: datetime,
                     sender: NudgeSender, limits: NudgeLimits, report: TickReport) -> None:
    """A batch's nudges in flight together, up to `window`, one per chat at a time; each
    recorded at once (a crash repeats at most the window, at most one per chat)."""
    window = asyncio.Semaphore(max(1, limits.window))
    chats: dict[int, asyncio.Lock] = defaultdict(asyncio.Lock)
    records = Records(uow_factory)

    async def one(view: SessionView) -> None:
        async with window, chats[view.profile.chat_id]:
            await _nudge(uow_factory, records, view, now, sender, limits, report)

    tasks = [asyncio.create_task(one(view)) for view in views]
    try:
        await asyncio.gather(*tasks)
    finally:  # a failure or a cancelled pass: no nudge outlives it
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class Records:
    """Group commits of nudge states: a record waits for the commit holding it; records
    added while a commit runs go together in the next one (no timer: the batch's own pace)."""

    def __init__(self, uow_factory: UowFactory) -> None:
        self.uow_factory = uow_factory
        self._pending: list[tuple[int, str, datetime | None]] = []
        self._done: asyncio.Future[None] | None = None
        self._writing = False

    async def set(self, session_id: int, state: Nudge, at: datetime | None = None) -> None:
        self._pending.append((session_id, state.value, at))
        if self._done is None:
            self._done = asyncio.get_running_loop().create_future()
        done = self._done
        if not self._writing:
            await self._write_all()
        await asyncio.shield(done)

    async def _write_all(self) -> None:
        """Commit what is pending, group after group, until nothing waits."""
        self._writing = True
        try:
            while self._pending:
                group, self._pending = self._pending, []
                done, self._done = self._done, None
                assert done is not None
                try:
                    async with self.uow_factory() as uow:
                        await uow.claims.set_nudges(group)
                except Exception as exc:  # each waiter of this group re-raises it
                    done.set_exception(exc)
                    done.exception()
                else:
                    done.set_result(None)
        except BaseException as exc:  # cancelled mid-commit: no waiter is left hanging
            for waiting in (done, self._done):
                if waiting is not None and not waiting.done():
                    waiting.set_exception(exc)
                    waiting.exception()
            raise
        finally:
            self._writing = False


async def _nudge(uow_factory: UowFactory, records: Records, view: SessionView,
                 now: datetime, sender: NudgeSender, limits: NudgeLimits,
                 report: TickReport) -> None:
    session = view.session
    needless = _needless(view, now, limits)
    if needless:
        await records.set(session.id, Nudge.DROPPED)
        outcome("nudge_dropped", session, reason=needless)
        return
    try:
        await sender.nudge(view)
    except RecipientGone:
        async with uow_factory() as uow:
            await uow.users.set_fields(session.user_id, active=False)
            await uow.sessions.cancel_due(session.user_id)
            await uow.delivery.set_nudge(session.id, Nudge.DROPPED.value)
        outcome("user_inactive", session)
        report.gone += 1
    except Exception as exc:
        await _failed(uow_factory, records, view, now, reason_of(exc), limits, report)
    else:
        await records.set(session.id, Nudge.SENT)
        outcome("nudged", session)
        report.nudged += 1


def _needless(view: SessionView, now: datetime, limits: NudgeLimits) -> str | None:
    """Why this nudge should not go out, or None if it should."""
    profile = view.profile
    if view.session.status != Status.OPEN.value:
        return "closed"
    if any(item.logged is not None for item in view.items):
        return "logged"
    if not profile.active or profile.tz is None:
        return "inactive"
    if profile.paused_until is not None and profile.paused_until > now:
        return "paused"
    if now > morning_after(view.session.session_date, profile.tz, limits.hour) + limits.grace:
        return "late"
    return None


async def _failed(uow_factory: UowFactory, records: Records, view: SessionView,
                  now: datetime, reason: str, limits: NudgeLimits,
                  report: TickReport) -> None:
    """Try again shortly while the morning lasts; after that, give up."""
    session, tz = view.session, zone_or_default(view.profile.tz)
    if reason == "outcome_unknown":
        async with uow_factory() as uow:
            await uow.ops.bump(SEND_OUTCOME_UNKNOWN, now)
    retry_at = now + limits.retry
    if retry_at > morning_after(session.session_date, tz, limits.hour) + limits.grace:
        await records.set(session.id, Nudge.FAILED)
        outcome("given_up", session, reason=reason, kind="nudge")
        report.given_up += 1
        return
    await records.set(session.id, Nudge.DUE, retry_at)
    outcome("retried", session, reason=reason, kind="nudge",
            retry_in=f"{limits.retry.total_seconds():g}s")
    report.failed += 1


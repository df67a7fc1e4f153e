"""The weekly review: its settings and what one review says (`review_settings`,
`change_review`, `review_content`), and `review_due`, the use case that sends them; the
reviews table is the schedule, like reminders.

Each pass of `review_due` gives newly onboarded runners their default review row, releases
claims a crashed sender left behind, then claims due rows atomically (one sender per row,
across instances), sends each review and moves the row to the same local day and time next
week (zoneinfo: DST changes keep it at the local hour). A failed send keeps its claim until
the claim timeout, so it is retried every few minutes; a review more than `grace` late (the
bot was down) is not sent and the row moves on. Off, gone or paused runners get no review.
"""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from coach.clock import Clock
from coach.exercises import EXERCISE_IDS
from coach.history import Done, resolve
from coach.legs import leg_notes
from coach.plan import reminder_local, week_slots
from coach.records import all_records
from coach.review import (
    DEFAULT_MINUTES,
    DEFAULT_WEEKDAY,
    STREAK_WEEKS,
    SessionMark,
    WeeklyReview,
    load_changes,
    next_review_at,
    streak,
    tally,
    week_of,
)
from coach.views import Profile, ReviewPlan
from services.plan import NotOnboarded, local_date
from services.ports import RecipientGone, ReviewSender, Throttled, Transient
from services.uow import UnitOfWork, UowFactory


async def review_settings(uow: UnitOfWork, now: datetime, user_id: int) -> ReviewPlan:
    """The runner's review settings (the default ones if never set)."""
    return await change_review(uow, now, user_id)


async def change_review(uow: UnitOfWork, now: datetime, user_id: int, *,
                        enabled: bool | None = None, weekday: int | None = None,
                        minutes: int | None = None) -> ReviewPlan:
    """Turn the review on or off, or move it; the next instant follows at once."""
    profile = await uow.users.get(user_id)
    if profile is None or not profile.onboarded or profile.tz is None:
        raise NotOnboarded(user_id)
    plan = await uow.reviews.get(user_id)
    if plan is not None and (enabled, weekday, minutes) == (None, None, None):
        return plan
    on = (True if plan is None else plan.enabled) if enabled is None else enabled
    day = (DEFAULT_WEEKDAY if plan is None else plan.weekday) if weekday is None else weekday
    at = (DEFAULT_MINUTES if plan is None else plan.minutes) if minutes is None else minutes
    due = next_review_at(day, at, profile.tz, now) if on else None
    return await uow.reviews.put(user_id, on, day, at, due)


async def review_content(uow: UnitOfWork, now: datetime, user_id: int,
                         offset: timedelta) -> WeeklyReview:
    """What the review at `now` says about the week that ends today (local); `offset`:
    how long before the run's end a reminder goes out."""
    profile = await uow.users.get(user_id)
    if profile is None or profile.tz is None or profile.run_end is None:
        raise NotOnboarded(user_id)
    today = local_date(now, profile.tz)
    oldest = today - timedelta(weeks=STREAK_WEEKS)
    marks = await uow.history.marks(user_id, oldest, today)
    history = resolve(await uow.history.logged(user_id))
    return _review(profile, history, marks, today, now, offset)


def _review(profile: Profile, history: list[Done], marks: list[SessionMark],
            today: date, now: datetime, offset: timedelta) -> WeeklyReview:
    assert profile.tz is not None
    first, last = week_of(today)
    start = min((m.day for m in marks), default=today + timedelta(days=1))
    weeks = []
    for back in range(STREAK_WEEKS):
        low, high = first - timedelta(weeks=back), last - timedelta(weeks=back)
        if high < start:
            break
        slots = _slots(profile, max(low, start), high, now, offset)
        weeks.append(tally(slots, [m for m in marks if low <= m.day <= high]))
    days = {d.session_id: d.day for d in history}
    records = tuple(r for r in all_records(history) if first <= days[r.session_id] <= last)
    paused = profile.paused_until is not None and profile.paused_until > now
    after = max(now, profile.paused_until or now)
    zone = ZoneInfo(profile.tz)
    coming = week_slots(profile.session_days, _run_end(profile), offset, zone,
                        after) if profile.session_days else []
    return WeeklyReview(
        first, last, weeks[0] if weeks else tally([], []), streak(weeks),
        tuple(load_changes(history, first, EXERCISE_IDS)), records,
        tuple(leg_notes(history, EXERCISE_IDS)),
        tuple(s.due_utc.astimezone(zone) for s in coming), paused)


def _slots(profile: Profile, first: date, last: date, now: datetime,
           offset: timedelta) -> list[date]:
    """Plan days between two local dates whose reminder was due by `now`, pauses aside."""
    assert profile.tz is not None
    zone, run_end = ZoneInfo(profile.tz), _run_end(profile)
    out = []
    day = first
    while day <= last:
        if day.weekday() in profile.session_days:
            due = reminder_local(day, run_end, offset, zone)
            paused = profile.paused_until is not None and due < profile.paused_until \
                and profile.paused_until > now
            if due <= now and not paused:
                out.append(day)
        day += timedelta(days=1)
    return out


def _run_end(profile: Profile) -> time:
    if profile.run_end is None:
        raise NotOnboarded(profile.user_id)
    return profile.run_end


log = logging.getLogger("scheduler.reviews")
Content = Callable[[int, datetime], Awaitable[WeeklyReview]]


@dataclass(frozen=True)
class ReviewLimits:
    """How late a review may still go out, batch size and claim timeout."""

    grace: timedelta = timedelta(hours=12)
    batch: int = 200
    claim_timeout: timedelta = timedelta(minutes=5)


async def review_due(uow_factory: UowFactory, clock: Clock, sender: ReviewSender,
                     content: Content, limits: ReviewLimits) -> int:
    """Send every review due now; return how many went out."""
    now = clock.now()
    async with uow_factory() as uow:
        await uow.reviews.requeue_stale(now - limits.claim_timeout)
        await uow.reviews.seed_missing(now)
    sent = 0
    while True:
        stamp = clock.now()
        async with uow_factory() as uow:
            claimed = await uow.reviews.claim_due(stamp, limits.batch)
            profiles = {plan.user_id: await uow.users.get(plan.user_id) for plan in claimed}
        for plan in claimed:
            sent += await _one(uow_factory, clock, sender, content, limits,
                               plan, profiles[plan.user_id], stamp)
        if len(claimed) < limits.batch:
            return sent


async def _one(uow_factory: UowFactory, clock: Clock, sender: ReviewSender, content: Content,
               limits: ReviewLimits, plan: ReviewPlan, profile: Profile | None,
               stamp: datetime) -> int:
    now = clock.now()
    assert plan.due_at is not None
    if profile is None or profile.tz is None or not plan.enabled:
        await _settle(uow_factory, plan, stamp, None, None)
        return 0
    following = next_review_at(plan.weekday, plan.minutes, profile.tz, max(now, plan.due_at))
    reason = _needless(profile, plan, now, limits)
    if reason is not None:
        log.info("review outcome=%s user=%s", reason, plan.user_id)
        await _settle(uow_factory, plan, stamp, following, None)
        return 0
    try:
        await sender.review(profile, await content(plan.user_id, now))
    except RecipientGone:
        async with uow_factory() as uow:
            await uow.users.set_fields(plan.user_id, active=False)
            await uow.sessions.cancel_due(plan.user_id)
        await _settle(uow_factory, plan, stamp, following, None)
        return 0
    except Exception as exc:  # the claim lapses after claim_timeout: a retry, while in grace
        if not isinstance(exc, Throttled | Transient):
            log.exception("review send failed user=%s", plan.user_id)
        log.info("review outcome=retried user=%s reason=%s", plan.user_id, type(exc).__name__)
        return 0
    await _settle(uow_factory, plan, stamp, following, now)
    log.info("review outcome=sent user=%s", plan.user_id)
    return 1


def _needless(profile: Profile, plan: ReviewPlan, now: datetime,
              limits: ReviewLimits) -> str | None:
    assert plan.due_at is not None
    if not profile.active or not profile.onboarded:
        return "inactive"
    if profile.paused_until is not None and profile.paused_until > now:
        return "paused"
    if now - plan.due_at > limits.grace:
        return "late"
    return None


async def _settle(uow_factory: UowFactory, plan: ReviewPlan, stamp: datetime,
                  following: datetime | None, sent: datetime | None) -> None:
    async with uow_factory() as uow:
        if not await uow.reviews.settle(plan.user_id, stamp, following, sent):
            log.info("review outcome=claim_lost user=%s", plan.user_id)

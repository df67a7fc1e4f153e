"""The Strava event queue, worked by a scheduler pass: fetch, classify, follow the run.

Per event: claim it (a crash releases it after CLAIM_HOLD), spend one request from the
app's limiter (100 per 15 minutes, 1,000 a day, in the database for every runner and every
process), fetch the activity with the athlete's token (refreshed when it is about to
expire), then one transaction marks the event handled and applies what it means, so an
event is acted on exactly once. Strava's own count of the app's requests (its rate-limit
headers) is fed to the limiter before each request. A 429 blocks the limiter until the end
of the window Strava reports used up (15 minutes or the day), else until its Retry-After,
and the event is retried; network faults back off and retry. Nothing is dropped on a fault.
"""

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import i18n
from coach.stored import Event, Link
from coach.strava import (
    RACE,
    WORKOUT,
    Activity,
    Runner,
    Verdict,
    classify,
    learn,
    seconds_above,
    window_start,
)
from services.queues import Strava
from services.strava_api import (
    NotFound,
    RateLimited,
    StravaApi,
    StravaError,
    Tokens,
    Unauthorized,
    Unavailable,
)
from services.strava_follow import Followed, Kept, RaceNoted, follow
from services.strava_keys import BadToken, Keys
from services.uow import UowFactory

log = logging.getLogger(__name__)
WINDOWS = {"15min": (timedelta(minutes=15), 100), "day": (timedelta(days=1), 1000)}
CLAIM_HOLD = timedelta(minutes=2)
REFRESH_AHEAD = timedelta(minutes=5)
MAX_BACKOFF = timedelta(hours=1)
RECENT = 20


@dataclass(frozen=True)
class Disconnected:
    """The athlete revoked coachbot's access on Strava: their Strava data is gone."""

    chat_id: int
    language: str | None = None  # the runner's (None: not chosen, the source language)


Notice = Followed | Kept | RaceNoted | Disconnected


@dataclass
class PassReport:
    handled: int = 0
    retried: int = 0
    notices: list[Notice] = field(default_factory=list)
    limited_until: datetime | None = None


class Limited(Exception):
    """The limiter says wait until `until`."""

    def __init__(self, until: datetime) -> None:
        super().__init__(until)
        self.until = until


async def spend(uow: UowFactory, api: StravaApi, now: datetime) -> datetime | None:
    """Count one request on the shared limiter, first raising its counts to what Strava
    last reported; None if the request may go, else when to try again."""
    usage = api.take_usage()
    async with uow() as unit:
        repo = unit.strava
        if usage is not None:
            await repo.observe(now, WINDOWS, usage.windows)
        return await repo.spend(now, WINDOWS)


def blocked_until(now: datetime, limited: RateLimited) -> tuple[str, datetime]:
    """Which window a 429 blocks, and until when: the end of the day or of the 15 minutes
    when Strava's headers say that one is used up, else Strava's Retry-After."""
    windows = limited.usage.windows if limited.usage is not None else {}
    for name in ("day", "15min"):
        used, limit = windows.get(name, (0, 1))
        if used >= limit:
            length = WINDOWS[name][0]
            return name, window_start(now, length) + length
    return "15min", now + limited.retry_after


def backoff(attempts: int) -> timedelta:
    wait: timedelta = timedelta(seconds=30) * 2 ** min(attempts, 10)
    return min(wait, MAX_BACKOFF)


class StravaEvents:
    """Works the queue of stored push events."""

    def __init__(self, uow: UowFactory, api: StravaApi, keys: Keys,
                 offset: timedelta) -> None:
        self.uow, self.api, self.keys, self.offset = uow, api, keys, offset

    async def work(self, now: datetime, batch: int = 20) -> PassReport:
        """Handle the events due now (stops early when the limiter says wait)."""
        report = PassReport()
        async with self.uow() as uow:
            due = await uow.strava.due_events(now, batch)
        for event in due:
            async with self.uow() as uow:
                if not await uow.strava.claim_event(event.id, now, CLAIM_HOLD):
                    continue
            try:
                notice = await self._handle(event, now)
            except Limited as limited:
                await self._retry(event.id, limited.until)
                report.limited_until = limited.until
                return report
            except Unavailable:
                await self._retry(event.id, now + backoff(event.attempts))
                report.retried += 1
                continue
            except Exception as exc:  # a bug or a broken row: later events still go
                log.warning("strava: event %s failed: %s", event.id, type(exc).__name__)
                await self._retry(event.id, now + backoff(event.attempts))
                report.retried += 1
                continue
            report.handled += 1
            if notice is not None:
                report.notices.append(notice)
        return report

    async def prune(self, now: datetime) -> int:
        """Forget handled events after a day (kept that long, a replay is recognised)."""
        async with self.uow() as uow:
            return await uow.strava.drop_done_events(now - timedelta(days=1))

    async def _retry(self, event_id: int, at: datetime) -> None:
        async with self.uow() as uow:
            await uow.strava.retry_event(event_id, at)

    async def _handle(self, event: Event, now: datetime) -> Notice | None:
        async with self.uow() as uow:
            link = await uow.strava.link_of_athlete(event.owner_id)
        if link is None:  # unknown athlete (or gone): nothing to do, ever
            await self._finish(event)
            return None
        if event.deauthorized:
            return await self._deauthorized(event, link, now)
        if event.aspect == "delete":
            async with self.uow() as uow:
                repo = uow.strava
                if await repo.finish_event(event.id):
                    await repo.delete_activity(link.user_id, event.object_id)
            return None
        try:
            activity, access = await self._fetch(link, event.object_id, now)
            activity = await self._with_heart_rate(link, activity, access, now)
        except NotFound:  # private, deleted, or not this athlete's
            await self._finish(event)
            return None
        except (Unauthorized, BadToken):  # access revoked, or STRAVA_TOKEN_KEY changed
            return await self._forget(event, link, None)
        return await self._act(event, link, activity, now)

    async def _act(self, event: Event, link: Link, activity: Activity,
                   now: datetime) -> Notice | None:
        async with self.uow() as uow:
            repo = uow.strava
            if not await repo.finish_event(event.id):
                return None  # another worker did it
            known = await repo.activity(activity.activity_id)
            followed_before = known is not None and known.session_date is not None
            recent = [a for a in await repo.recent(link.user_id, RECENT)
                      if a.activity_id != activity.activity_id]
            runner: Runner = learn(recent, link.long_runs_hard)
            profile = await uow.users.get(link.user_id)
            # The verdict's reason and the card's lead are kept and shown in chat: in the
            # runner's language, not the one the pass runs in.
            with i18n.language(None if profile is None else profile.language):
                verdict: Verdict = classify(activity, runner)
                await repo.put_activity(link.user_id, activity, verdict)
                if followed_before or not verdict.hard:
                    return None
                return await follow(uow, repo, profile, activity, verdict, now, self.offset)

    async def _deauthorized(self, event: Event, link: Link, now: datetime) -> Notice | None:
        """Believe a deauthorization only when Strava refuses the athlete's refresh token
        (events are unsigned: a forged one must not disconnect anyone)."""
        try:
            await self._spend(now)
            tokens = await self.api.refresh(self.keys.decrypt(link.refresh_token))
        except (Unauthorized, NotFound):
            tokens = None
        except (ValueError, StravaError) as exc:
            if isinstance(exc, Unavailable | RateLimited):
                raise Unavailable("deauthorize check") from None
            tokens = None
        return await self._forget(event, link, tokens)

    async def _forget(self, event: Event, link: Link, tokens: Tokens | None) -> Notice | None:
        """Handle the event: keep fresh tokens, or (None) delete the runner's Strava data."""
        async with self.uow() as uow:
            repo = uow.strava
            if not await repo.finish_event(event.id):
                return None
            if tokens is not None:  # still authorized: the event was not Strava's
                await self._keep(repo, link.user_id, tokens)
                return None
            await repo.forget(link.user_id)
            profile = await uow.users.get(link.user_id)
        return None if profile is None else Disconnected(profile.chat_id, profile.language)

    async def _with_heart_rate(self, link: Link, activity: Activity, access: str,
                               now: datetime) -> Activity:
        """Add the time above threshold from the heart-rate stream, when it can decide:
        a run with heart rate, not marked a race or workout, of a runner whose threshold
        is known (learned from their runs)."""
        if not activity.is_run or activity.average_hr is None or \
                activity.workout_type in (RACE, WORKOUT):
            return activity
        async with self.uow() as uow:
            recent = await uow.strava.recent(link.user_id, RECENT)
        threshold = learn([a for a in recent if a.activity_id != activity.activity_id]
                          ).threshold_hr
        if threshold is None:
            return activity
        await self._spend(now)
        try:
            times, rates = await self.api.heart_rate(activity.activity_id, access)
        except RateLimited as limited:
            raise await self._blocked(now, limited) from None
        except (NotFound, Unauthorized):  # no stream: the summary decides alone
            return activity
        return replace(activity, seconds_above_threshold=seconds_above(times, rates, threshold))

    async def _fetch(self, link: Link, activity_id: int,
                     now: datetime) -> tuple[Activity, str]:
        access = self.keys.decrypt(link.access_token)
        if link.expires_at - REFRESH_AHEAD <= now:
            access = await self._refresh(link, now)
        await self._spend(now)
        try:
            activity = await self.api.activity(activity_id, access, link.athlete_id)
        except Unauthorized:
            access = await self._refresh(link, now)
            await self._spend(now)
            activity = await self._call_fetch(link, activity_id, access, now)
        except RateLimited as limited:
            raise await self._blocked(now, limited) from None
        return activity, access

    async def _call_fetch(self, link: Link, activity_id: int, access: str,
                          now: datetime) -> Activity:
        try:
            return await self.api.activity(activity_id, access, link.athlete_id)
        except RateLimited as limited:
            raise await self._blocked(now, limited) from None

    async def _refresh(self, link: Link, now: datetime) -> str:
        await self._spend(now)
        try:
            tokens = await self.api.refresh(self.keys.decrypt(link.refresh_token))
        except RateLimited as limited:
            raise await self._blocked(now, limited) from None
        async with self.uow() as uow:
            await self._keep(uow.strava, link.user_id, tokens)
        return tokens.access

    async def _keep(self, repo: Strava, user_id: int, tokens: Tokens) -> None:
        await repo.put_tokens(user_id, self.keys.encrypt(tokens.access),
                              self.keys.encrypt(tokens.refresh), tokens.expires_at)

    async def _spend(self, now: datetime) -> None:
        wait = await spend(self.uow, self.api, now)
        if wait is not None:
            raise Limited(wait)

    async def _blocked(self, now: datetime, limited: RateLimited) -> Limited:
        name, until = blocked_until(now, limited)
        async with self.uow() as uow:
            repo = uow.strava
            if limited.usage is not None:
                await repo.observe(now, WINDOWS, limited.usage.windows)
            await repo.block(name, until, now)
        return Limited(until)

    async def _finish(self, event: Event) -> None:
        async with self.uow() as uow:
            await uow.strava.finish_event(event.id)

"""Strava: the repository over the tables of storage/strava_tables.py (migration 0014).

- `strava_links`: a runner's connection (athlete id, tokens encrypted by the service);
- `strava_states`: the nonces of connect links already used (single use) until they expire;
- `strava_events`: push events as they arrived, a durable queue worked by a scheduler pass;
- `strava_activities`: runs fetched and how they were classified (the easy pace is learned
  from them);
- `strava_limits`: the app's request counts per window, shared by every runner and process.

Links, activities and used states belong to a runner and go with /deleteme through their
foreign keys; events carry only Strava's ids and are deleted once handled.
"""

from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from coach.stored import Event, KnownActivity, Link
from coach.strava import Activity, Kind, RunSeen, Verdict, window_start
from storage.strava_tables import StravaActivity, StravaEvent, StravaLimit, StravaLink, StravaState


def _link(row: StravaLink) -> Link:
    return Link(row.user_id, row.athlete_id, row.access_token, row.refresh_token,
                row.expires_at, row.long_runs_hard)


class StravaRepo:
    """Links, used states, the event queue, activities and the request limiter."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def link_of(self, user_id: int) -> Link | None:
        row = await self.session.get(StravaLink, user_id)
        return None if row is None else _link(row)

    async def link_of_athlete(self, athlete_id: int) -> Link | None:
        row = await self.session.scalar(
            select(StravaLink).where(StravaLink.athlete_id == athlete_id))
        return None if row is None else _link(row)

    async def put_link(self, user_id: int, athlete_id: int, access: str, refresh: str,
                       expires_at: datetime, now: datetime) -> None:
        """Connect (or reconnect) the runner; another runner's hold on the athlete goes."""
        await self.session.execute(delete(StravaLink).where(
            StravaLink.athlete_id == athlete_id, StravaLink.user_id != user_id))
        row = await self.session.get(StravaLink, user_id)
        if row is None:
            row = StravaLink(user_id=user_id, connected_at=now, long_runs_hard=False)
            self.session.add(row)
        row.athlete_id, row.access_token, row.refresh_token = athlete_id, access, refresh
        row.expires_at = expires_at
        await self.session.flush()

    async def put_tokens(self, user_id: int, access: str, refresh: str,
                         expires_at: datetime) -> None:
        await self.session.execute(update(StravaLink).where(StravaLink.user_id == user_id)
                                   .values(access_token=access, refresh_token=refresh,
                                           expires_at=expires_at))

    async def set_long_runs_hard(self, user_id: int, on: bool) -> None:
        await self.session.execute(update(StravaLink).where(StravaLink.user_id == user_id)
                                   .values(long_runs_hard=on))

    async def forget(self, user_id: int) -> None:
        """Tokens and everything fetched go."""
        for table in (StravaActivity, StravaLink):
            await self.session.execute(delete(table).where(table.user_id == user_id))

    async def use_state(self, nonce: str, user_id: int, expires_at: datetime,
                        now: datetime) -> bool:
        """Record the nonce as used; False when it was used before (a replay)."""
        await self.session.execute(delete(StravaState).where(StravaState.expires_at < now))
        try:
            async with self.session.begin_nested():
                self.session.add(StravaState(nonce=nonce, user_id=user_id,
                                             expires_at=expires_at))
        except IntegrityError:
            return False
        return True

    async def add_event(self, owner_id: int, object_type: str, object_id: int, aspect: str,
                        event_time: int, deauthorized: bool, now: datetime) -> bool:
        """Queue an event; False when the same event was queued before (a replay)."""
        try:
            async with self.session.begin_nested():
                self.session.add(StravaEvent(
                    owner_id=owner_id, object_type=object_type, object_id=object_id,
                    aspect=aspect, event_time=event_time, deauthorized=deauthorized,
                    done=False, attempts=0, next_at=now, received_at=now))
        except IntegrityError:
            return False
        return True

    async def due_events(self, now: datetime, limit: int) -> list[Event]:
        rows = await self.session.scalars(
            select(StravaEvent).where(StravaEvent.done.is_(False), StravaEvent.next_at <= now)
            .order_by(StravaEvent.next_at, StravaEvent.id).limit(limit))
        return [Event(r.id, r.owner_id, r.object_type, r.object_id, r.aspect, r.deauthorized,
                      r.attempts) for r in rows]

    async def claim_event(self, event_id: int, now: datetime, hold: timedelta) -> bool:
        """Hold the event for one worker for `hold` (a crash releases it after that)."""
        result = await self.session.execute(
            update(StravaEvent).where(StravaEvent.id == event_id, StravaEvent.done.is_(False),
                                      StravaEvent.next_at <= now)
            .values(next_at=now + hold))
        return bool(getattr(result, "rowcount", 0))

    async def finish_event(self, event_id: int) -> bool:
        """Mark the event handled; False when another worker finished it first."""
        result = await self.session.execute(
            update(StravaEvent).where(StravaEvent.id == event_id, StravaEvent.done.is_(False))
            .values(done=True))
        return bool(getattr(result, "rowcount", 0))

    async def retry_event(self, event_id: int, at: datetime) -> None:
        await self.session.execute(
            update(StravaEvent).where(StravaEvent.id == event_id)
            .values(next_at=at, attempts=StravaEvent.attempts + 1))

    async def drop_done_events(self, before: datetime) -> int:
        result = await self.session.execute(delete(StravaEvent).where(
            StravaEvent.done.is_(True), StravaEvent.received_at < before))
        return int(getattr(result, "rowcount", 0) or 0)

    async def pending_count(self) -> int:
        return int(await self.session.scalar(
            select(func.count()).where(StravaEvent.done.is_(False))) or 0)

    async def activity(self, activity_id: int) -> KnownActivity | None:
        row = await self.session.get(StravaActivity, activity_id)
        return None if row is None else KnownActivity(row.activity_id, row.session_date)

    async def put_activity(self, user_id: int, activity: Activity, verdict: Verdict) -> None:
        row = await self.session.get(StravaActivity, activity.activity_id)
        if row is None:
            row = StravaActivity(activity_id=activity.activity_id, user_id=user_id)
            self.session.add(row)
        row.sport_type, row.start_at = activity.sport_type, activity.start
        row.distance_m, row.moving_s = activity.distance_m, activity.moving_s
        row.workout_type, row.max_hr = activity.workout_type, activity.max_hr
        row.hard, row.kind, row.reason = verdict.hard, verdict.kind.value, verdict.reason[:120]
        await self.session.flush()

    async def mark_followed(self, activity_id: int, session_date: date,
                            lead: str | None) -> None:
        """The run was acted on (a card line `lead`, or None: acknowledged only)."""
        await self.session.execute(update(StravaActivity).where(
            StravaActivity.activity_id == activity_id).values(
                session_date=session_date, lead=None if lead is None else lead[:120]))

    async def delete_activity(self, user_id: int, activity_id: int) -> None:
        await self.session.execute(delete(StravaActivity).where(
            StravaActivity.user_id == user_id, StravaActivity.activity_id == activity_id))

    async def recent(self, user_id: int, limit: int) -> list[Activity]:
        """The runner's latest stored activities, as the rules read them (oldest first)."""
        rows = list(await self.session.scalars(
            select(StravaActivity).where(StravaActivity.user_id == user_id)
            .order_by(StravaActivity.start_at.desc()).limit(limit)))
        return [Activity(r.activity_id, r.sport_type, r.start_at, r.distance_m, r.moving_s,
                         workout_type=r.workout_type, max_hr=r.max_hr) for r in reversed(rows)]

    async def leads(self, session_ids: dict[tuple[int, date], int]) -> dict[int, RunSeen]:
        """The runs that brought these sessions (the card names them in the language of
        the day it is sent): session id -> run."""
        users = {user for user, _ in session_ids}
        if not users:
            return {}
        rows = await self.session.execute(
            select(StravaActivity.user_id, StravaActivity.session_date,
                   StravaActivity.distance_m, StravaActivity.moving_s, StravaActivity.kind)
            .where(StravaActivity.user_id.in_(users),
                   StravaActivity.session_date.in_({day for _, day in session_ids}),
                   StravaActivity.lead.is_not(None)))
        found: dict[int, RunSeen] = {}
        for user, day, distance_m, moving_s, kind in rows:
            if day is not None and (user, day) in session_ids:
                found[session_ids[(user, day)]] = RunSeen(distance_m, moving_s, Kind(kind))
        return found

    async def spend(self, now: datetime, windows: dict[str, tuple[timedelta, int]]) -> \
            datetime | None:
        """Count one request against every window; None if allowed, else when to try again.

        Windows are aligned to their length (Strava's 15-minute windows start at :00, :15,
        :30, :45; the day at midnight UTC), kept in the database so restarts keep them.
        """
        rows = {row.name: row for row in await self.session.scalars(
            select(StravaLimit).where(StravaLimit.name.in_(windows)))}
        wait: datetime | None = None
        for name, (length, limit) in windows.items():
            start = window_start(now, length)
            row = rows.get(name)
            if row is None:
                row = StravaLimit(name=name, window_start=start, count=0)
                self.session.add(row)
                rows[name] = row
            if row.window_start != start:
                row.window_start, row.count = start, 0
            if row.blocked_until is not None and row.blocked_until > now:
                wait = max(wait or row.blocked_until, row.blocked_until)
            elif row.count >= limit:
                wait = max(wait or start + length, start + length)
        if wait is None:
            for row in rows.values():
                row.count += 1
        await self.session.flush()
        return wait

    async def observe(self, now: datetime, windows: dict[str, tuple[timedelta, int]],
                      usage: dict[str, tuple[int, int]]) -> None:
        """Strava's own count (`usage`: window -> (used, limit)) raises ours, so requests of
        another process or made by hand are counted; a window Strava reports as used up is
        blocked until its end."""
        rows = {row.name: row for row in await self.session.scalars(
            select(StravaLimit).where(StravaLimit.name.in_(windows)))}
        for name, (length, _limit) in windows.items():
            if name not in usage:
                continue
            used, limit = usage[name]
            start = window_start(now, length)
            row = rows.get(name)
            if row is None:
                row = StravaLimit(name=name, window_start=start, count=0)
                self.session.add(row)
            if row.window_start != start:
                row.window_start, row.count = start, 0
            row.count = max(row.count, used)
            if used >= limit and (row.blocked_until is None or
                                  row.blocked_until < start + length):
                row.blocked_until = start + length
        await self.session.flush()

    async def block(self, name: str, until: datetime, now: datetime) -> None:
        """Strava said 429: no requests on this window until `until`."""
        row = await self.session.get(StravaLimit, name)
        if row is None:
            self.session.add(StravaLimit(name=name, window_start=now, count=0,
                                         blocked_until=until))
        else:
            row.blocked_until = until
        await self.session.flush()


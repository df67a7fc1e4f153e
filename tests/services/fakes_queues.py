"""In-memory fakes of the batch and queue repositories (services/queues.py): claims,
delivery, the cards' batch reads, day facts in bulk, weekly reviews, stats, counters, the
inbox's size and Strava. A claim is a plain update of the dict: one fake transaction runs
at a time, so SKIP LOCKED and a server's clock have nothing to add."""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from coach.equipment import Equipment
from coach.plan import Booked, Move
from coach.progression import Target
from coach.reports import ReportKind, SetsReport
from coach.review import DEFAULT_MINUTES, DEFAULT_WEEKDAY, next_review_at
from coach.stored import (
    DayFacts,
    Event,
    KnownActivity,
    Link,
    Opened,
    Planned,
    Retry,
    Sent,
    StoredRace,
)
from coach.strava import Activity, RunSeen, Verdict, window_start
from coach.views import Delivery, Entry, Nudge, Profile, ReviewPlan, SessionInfo, Status
from storage.planning import REPLANNABLE, booked_of
from tests.services.fake_tables import ActivityRow, EventRow, LimitRow, Tables


class FakeClaims:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def _claim(self, ids: list[int], now: datetime, **values: object) -> list[SessionInfo]:
        for session_id in ids:
            self.t.set_session(session_id, claimed_at=now, **values)
        return sorted((self.t.sessions[i] for i in ids), key=lambda s: (s.due_at, s.id))

    async def claim_due(self, now: datetime, limit: int, *,
                        server_clock: bool = False) -> list[SessionInfo]:
        due = sorted((s for s in self.t.sessions.values() if s.delivery == Delivery.DUE
                      and s.due_at <= now and (s.retry_at is None or s.retry_at <= now)),
                     key=lambda s: s.due_at)[:limit]
        return self._claim([s.id for s in due], now, delivery=Delivery.CLAIMED.value)

    async def claim_nudges(self, now: datetime, limit: int, *,
                           server_clock: bool = False) -> list[SessionInfo]:
        due = sorted((s for s in self.t.sessions.values() if s.nudge == Nudge.DUE
                      and self.t.nudge_at[s.id] <= now),
                     key=lambda s: self.t.nudge_at[s.id])[:limit]
        return self._claim([s.id for s in due], now, nudge=Nudge.CLAIMED.value)

    async def renew_claims(self, stamps: dict[int, datetime | None], now: datetime, *,
                           server_clock: bool = False) -> dict[int, datetime | None]:
        kept: dict[int, datetime | None] = {}
        for session_id, stamp in stamps.items():
            s = self.t.sessions.get(session_id)
            if s is not None and s.delivery == Delivery.CLAIMED and s.claimed_at == stamp:
                self.t.set_session(session_id, claimed_at=now)
                kept[session_id] = now
        return kept

    async def requeue_stale_claims(self, claimed_before: datetime, *,
                                   stale_after: timedelta | None = None) -> int:
        stale = [s.id for s in self.t.sessions.values() if s.delivery == Delivery.CLAIMED
                 and s.claimed_at is not None and s.claimed_at < claimed_before]
        for session_id in stale:
            self.t.set_session(session_id, delivery=Delivery.DUE.value, claimed_at=None)
        return len(stale)

    async def set_nudges(self, states: Sequence[tuple[int, str, datetime | None]]) -> None:
        for session_id, state, at in states:
            self.t.set_session(session_id, nudge=state)
            if at is not None:
                self.t.nudge_at[session_id] = at

    async def requeue_stale_nudges(self, claimed_before: datetime, *,
                                   stale_after: timedelta | None = None) -> None:
        for s in list(self.t.sessions.values()):
            if (s.nudge == Nudge.CLAIMED and s.claimed_at is not None
                    and s.claimed_at < claimed_before):
                self.t.set_session(s.id, nudge=Nudge.DUE.value)


def _last(t: Tables, user_ids: Collection[int],
          sessions: Collection[int]) -> dict[int, dict[str, SetsReport]]:
    """Per runner, the latest report of each exercise outside `sessions`, skips left out
    (storage.entries.latest_elsewhere)."""
    out: dict[int, dict[str, SetsReport]] = {}
    for owner, entry in sorted(t.entries.values(), key=lambda pair: t.entry_key(pair[1])):
        if (owner in user_ids and entry.session_id not in sessions
                and entry.report.kind is not ReportKind.SKIPPED):
            out.setdefault(owner, {})[entry.exercise_id] = entry.report
    return out


def _logged(t: Tables, session_ids: Iterable[int]) -> dict[int, dict[str, Entry]]:
    wanted, out = set(session_ids), dict[int, dict[str, Entry]]()
    for _, entry in sorted(t.entries.values(), key=lambda pair: pair[1].id):
        if entry.session_id in wanted:
            out.setdefault(entry.session_id, {})[entry.exercise_id] = entry
    return out


def _moves(t: Tables, since: Mapping[int, date]) -> dict[int, tuple[Move, ...]]:
    out: dict[int, tuple[Move, ...]] = {}
    for owner, move in t.moves:
        if owner in since and move.to_date >= since[owner]:
            out[owner] = (*out.get(owner, ()), move)
    return out


class FakeCards:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def runners(self, user_ids: Iterable[int]
                      ) -> dict[int, tuple[Profile, Equipment | None]]:
        return {user: (self.t.users[user], self.t.equipment.get(user))
                for user in set(user_ids) if user in self.t.users}

    async def targets(self, user_ids: Iterable[int]) -> dict[int, dict[str, Target]]:
        wanted, out = set(user_ids), dict[int, dict[str, Target]]()
        for (user, exercise_id), target in self.t.targets.items():
            if user in wanted:
                out.setdefault(user, {})[exercise_id] = target
        return out

    async def last(self, user_ids: Collection[int],
                   sessions: Collection[int]) -> dict[int, dict[str, SetsReport]]:
        return _last(self.t, user_ids, sessions)

    async def logged(self, session_ids: Iterable[int]) -> dict[int, dict[str, Entry]]:
        return _logged(self.t, session_ids)

    async def moves(self, since: Mapping[int, date]) -> dict[int, tuple[Move, ...]]:
        return _moves(self.t, since)


class FakeDeliveries:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def _ours(self, session_id: int, stamp: datetime | None) -> bool:
        s = self.t.sessions.get(session_id)
        return s is not None and s.delivery == Delivery.CLAIMED and s.claimed_at == stamp

    async def still_claimed(self, stamps: Mapping[int, datetime | None]) -> set[int]:
        return {i for i, stamp in stamps.items() if self._ours(i, stamp)}

    async def sent_if_ours(self, sent: Sequence[Sent],
                           stamps: Mapping[int, datetime | None]) -> set[int]:
        mine = {s.session_id for s in sent if self._ours(s.session_id, stamps.get(s.session_id))}
        for s in sent:
            if s.session_id in mine:
                state = Delivery.MISSED if s.missed else Delivery.SENT
                self.t.set_session(s.session_id, delivery=state.value, message_id=s.message_id,
                                   retry_at=None)
                self.t.sent_at[s.session_id] = s.at
        return mine

    async def retry_many(self, retries: Sequence[Retry]) -> None:
        for r in retries:
            self.t.set_session(r.session_id, delivery=Delivery.DUE.value, claimed_at=None,
                               attempts=r.attempt, retry_at=r.at)

    async def failed_many(self, attempts: dict[int, int]) -> None:
        for session_id, n in attempts.items():
            self.t.set_session(session_id, delivery=Delivery.FAILED.value, attempts=n,
                               retry_at=None)

    async def mark_cancelled(self, session_ids: Iterable[int], at: datetime) -> None:
        for session_id in session_ids:
            self.t.set_session(session_id, delivery=Delivery.CANCELLED.value)
            self.t.closed_at[session_id] = at

    async def opened(self, sessions: Sequence[Opened]) -> None:
        for o in sessions:
            if self.t.sessions[o.session_id].status == Status.PLANNED:
                self.t.set_session(o.session_id, status=Status.OPEN.value)
            if o.nudge_at is not None and self.t.sessions[o.session_id].status == Status.OPEN:
                self.t.set_session(o.session_id, nudge=Nudge.DUE.value)
                self.t.nudge_at[o.session_id] = o.nudge_at

    async def set_nudge(self, session_id: int, state: str, at: datetime | None = None) -> None:
        self.t.set_session(session_id, nudge=state)
        if at is not None:
            self.t.nudge_at[session_id] = at

    async def unsettled(self, sent_before: datetime, limit: int) -> list[SessionInfo]:
        return [s for s in self.t.sessions.values() if s.status == Status.PLANNED
                and s.delivery in (Delivery.SENT, Delivery.MISSED)
                and self.t.sent_at[s.id] < sent_before][:limit]

    async def open_besides(self, user_ids: Iterable[int],
                           keep: Iterable[int]) -> list[SessionInfo]:
        users, kept = set(user_ids), set(keep)
        return [s for s in self.t.sessions.values() if s.user_id in users
                and s.status == Status.OPEN and s.id not in kept]

    async def with_planned(self, user_ids: Iterable[int]) -> set[int]:
        users = set(user_ids)
        return {s.user_id for s in self.t.sessions.values() if s.user_id in users
                and s.delivery == Delivery.DUE and s.status == Status.PLANNED}

    async def calendars(self, since: dict[int, date], opened: Collection[int] = ()
                        ) -> tuple[dict[int, Booked], dict[tuple[int, date], int]]:
        rows = [s for s in self.t.sessions.values()
                if s.user_id in since and s.session_date >= since[s.user_id]]
        opening = set(opened)  # counted as open, as `opened` leaves a planned one

        def status(s: SessionInfo) -> str:
            return (Status.OPEN if s.id in opening and s.status == Status.PLANNED
                    else s.status)

        replannable = {(s.user_id, s.session_date): s.id for s in rows
                       if s.kind == "scheduled" and status(s) == Status.PLANNED
                       and s.delivery in REPLANNABLE}
        return ({user: booked_of((s.session_date, status(s), s.delivery) for s in rows
                                 if s.user_id == user) for user in since}, replannable)

    async def plan(self, planned: Sequence[Planned]) -> None:
        for p in planned:
            if p.reuse is not None:
                self.t.set_session(p.reuse, delivery=Delivery.DUE.value, due_at=p.due_at,
                                   claimed_at=None, attempts=0, retry_at=None)
            else:
                session = SessionInfo(self.t.new_id(), p.user_id, "scheduled", p.session_date,
                                      p.due_at, Delivery.DUE.value, Status.PLANNED.value, None)
                self.t.sessions[session.id] = session


class FakeDayBatches:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def facts_many(self, sessions: Sequence[tuple[int, int, date]],
                         look_back: timedelta) -> dict[int, DayFacts]:
        return {session_id: DayFacts(
                    self.t.day_readiness(user, day), self.t.races_of(user, day - look_back),
                    max(self.t.done_days(user, day, session_id), default=None),
                    min(self.t.done_days(user, day), default=None))
                for user, session_id, day in sessions}

    async def races_of(self, users: Iterable[int], since: date
                       ) -> dict[int, tuple[StoredRace, ...]]:
        return {user: found for user in set(users) if (found := self.t.races_of(user, since))}


class FakeReviews:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def get(self, user_id: int) -> ReviewPlan | None:
        return self.t.reviews.get(user_id)

    async def put(self, user_id: int, enabled: bool, weekday: int, minutes: int,
                  due_at: datetime | None) -> ReviewPlan:
        self.t.reviews[user_id] = ReviewPlan(user_id, enabled, weekday, minutes, due_at)
        return self.t.reviews[user_id]

    async def seed_missing(self, now: datetime, limit: int = 500) -> int:
        missing = [p for p in self.t.users.values() if p.user_id not in self.t.reviews
                   and p.onboarded and p.tz is not None][:limit]
        for p in missing:
            assert p.tz is not None
            self.t.reviews[p.user_id] = ReviewPlan(
                p.user_id, True, DEFAULT_WEEKDAY, DEFAULT_MINUTES,
                next_review_at(DEFAULT_WEEKDAY, DEFAULT_MINUTES, p.tz, now))
        return len(missing)

    async def claim_due(self, now: datetime, limit: int) -> list[ReviewPlan]:
        due = sorted((p for p in self.t.reviews.values() if p.due_at is not None
                      and p.due_at <= now and p.claimed_at is None),
                     key=lambda p: (p.due_at, p.user_id))[:limit]
        claimed = [ReviewPlan(p.user_id, p.enabled, p.weekday, p.minutes, p.due_at, now)
                   for p in due]
        self.t.reviews.update({p.user_id: p for p in claimed})
        return claimed

    async def requeue_stale(self, claimed_before: datetime) -> int:
        stale = [p for p in self.t.reviews.values()
                 if p.claimed_at is not None and p.claimed_at < claimed_before]
        for p in stale:
            self.t.reviews[p.user_id] = ReviewPlan(p.user_id, p.enabled, p.weekday, p.minutes,
                                                   p.due_at)
        return len(stale)

    async def settle(self, user_id: int, stamp: datetime, next_due: datetime | None,
                     sent_at: datetime | None) -> bool:
        p = self.t.reviews.get(user_id)
        if p is None or p.claimed_at != stamp:
            return False
        self.t.reviews[user_id] = ReviewPlan(user_id, p.enabled, p.weekday, p.minutes, next_due)
        return True


class FakeStats:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def users(self) -> tuple[int, int]:
        return len(self.t.users), sum(1 for p in self.t.users.values() if p.active)

    async def by_delivery(self) -> dict[str, int]:
        return dict(Counter(str(s.delivery) for s in self.t.sessions.values()))

    async def by_nudge(self) -> dict[str, int]:
        return dict(Counter(s.nudge for s in self.t.sessions.values() if s.nudge is not None))

    async def due_now(self, now: datetime) -> int:
        return sum(1 for s in self.t.sessions.values() if s.delivery == Delivery.DUE
                   and s.due_at <= now and (s.retry_at is None or s.retry_at <= now))

    async def retrying(self) -> int:
        return sum(1 for s in self.t.sessions.values()
                   if s.delivery == Delivery.DUE and s.attempts > 0)


class FakeOps:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def bump(self, name: str, now: datetime) -> None:
        self.t.counters[name] = (self.t.counters.get(name, (0, None))[0] + 1, now)

    async def read(self, name: str) -> tuple[int, datetime | None]:
        return self.t.counters.get(name, (0, None))


class FakeInbox:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def counts(self) -> tuple[int, int]:
        return self.t.inbox


class FakeStrava:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def link_of(self, user_id: int) -> Link | None:
        return self.t.strava_links.get(user_id)

    async def link_of_athlete(self, athlete_id: int) -> Link | None:
        return next((k for k in self.t.strava_links.values() if k.athlete_id == athlete_id),
                    None)

    async def put_link(self, user_id: int, athlete_id: int, access: str, refresh: str,
                       expires_at: datetime, now: datetime) -> None:
        """Connect (or reconnect) the runner; another runner's hold on the athlete goes."""
        self.t.strava_links = {u: k for u, k in self.t.strava_links.items()
                               if k.athlete_id != athlete_id or u == user_id}
        known = self.t.strava_links.get(user_id)
        self.t.strava_links[user_id] = Link(user_id, athlete_id, access, refresh, expires_at,
                                            known is not None and known.long_runs_hard)

    def _change(self, user_id: int, **values: object) -> None:
        if (known := self.t.strava_links.get(user_id)) is not None:
            self.t.strava_links[user_id] = replace(known, **values)  # type: ignore[arg-type]

    async def put_tokens(self, user_id: int, access: str, refresh: str,
                         expires_at: datetime) -> None:
        self._change(user_id, access_token=access, refresh_token=refresh, expires_at=expires_at)

    async def set_long_runs_hard(self, user_id: int, on: bool) -> None:
        self._change(user_id, long_runs_hard=on)

    async def forget(self, user_id: int) -> None:
        self.t.strava_links.pop(user_id, None)
        self.t.strava_activities = {i: a for i, a in self.t.strava_activities.items()
                                    if a.user_id != user_id}

    async def use_state(self, nonce: str, user_id: int, expires_at: datetime,
                        now: datetime) -> bool:
        self.t.strava_states = {n: at for n, at in self.t.strava_states.items() if at >= now}
        if nonce in self.t.strava_states:
            return False
        self.t.strava_states[nonce] = expires_at
        return True

    async def add_event(self, owner_id: int, object_type: str, object_id: int, aspect: str,
                        event_time: int, deauthorized: bool, now: datetime) -> bool:
        key = (owner_id, object_type, object_id, aspect, event_time)
        if any((e.owner_id, e.object_type, e.object_id, e.aspect, e.event_time) == key
               for e in self.t.strava_events.values()):
            return False
        event_id = self.t.new_id()
        self.t.strava_events[event_id] = EventRow(event_id, *key, deauthorized, now, now)
        return True

    async def due_events(self, now: datetime, limit: int) -> list[Event]:
        due = sorted((e for e in self.t.strava_events.values()
                      if not e.done and e.next_at <= now), key=lambda e: (e.next_at, e.id))
        return [Event(e.id, e.owner_id, e.object_type, e.object_id, e.aspect, e.deauthorized,
                      e.attempts) for e in due[:limit]]

    async def claim_event(self, event_id: int, now: datetime, hold: timedelta) -> bool:
        e = self.t.strava_events.get(event_id)
        if e is None or e.done or e.next_at > now:
            return False
        e.next_at = now + hold
        return True

    async def finish_event(self, event_id: int) -> bool:
        e = self.t.strava_events.get(event_id)
        if e is None or e.done:
            return False
        e.done = True
        return True

    async def retry_event(self, event_id: int, at: datetime) -> None:
        if (e := self.t.strava_events.get(event_id)) is not None:
            e.next_at, e.attempts = at, e.attempts + 1

    async def drop_done_events(self, before: datetime) -> int:
        gone = [i for i, e in self.t.strava_events.items() if e.done and e.received_at < before]
        for event_id in gone:
            del self.t.strava_events[event_id]
        return len(gone)

    async def activity(self, activity_id: int) -> KnownActivity | None:
        row = self.t.strava_activities.get(activity_id)
        return None if row is None else KnownActivity(activity_id, row.session_date)

    async def put_activity(self, user_id: int, activity: Activity, verdict: Verdict) -> None:
        """The parts storage keeps (its columns), the card's follow-up kept on a re-fetch."""
        kept = Activity(activity.activity_id, activity.sport_type, activity.start,
                        activity.distance_m, activity.moving_s,
                        workout_type=activity.workout_type, max_hr=activity.max_hr)
        row = self.t.strava_activities.get(activity.activity_id)
        if row is None:
            self.t.strava_activities[activity.activity_id] = ActivityRow(user_id, kept, verdict)
        else:
            row.activity, row.verdict = kept, verdict

    async def mark_followed(self, activity_id: int, session_date: date,
                            lead: str | None) -> None:
        if (row := self.t.strava_activities.get(activity_id)) is not None:
            row.session_date, row.lead = session_date, None if lead is None else lead[:120]

    async def delete_activity(self, user_id: int, activity_id: int) -> None:
        row = self.t.strava_activities.get(activity_id)
        if row is not None and row.user_id == user_id:
            del self.t.strava_activities[activity_id]

    async def recent(self, user_id: int, limit: int) -> list[Activity]:
        mine = sorted((r.activity for r in self.t.strava_activities.values()
                       if r.user_id == user_id), key=lambda a: a.start, reverse=True)
        return list(reversed(mine[:limit]))

    async def leads(self, session_ids: dict[tuple[int, date], int]) -> dict[int, RunSeen]:
        return {session_ids[(r.user_id, r.session_date)]:
                RunSeen(r.activity.distance_m, r.activity.moving_s, r.verdict.kind)
                for r in self.t.strava_activities.values()
                if r.session_date is not None and r.lead
                and (r.user_id, r.session_date) in session_ids}

    async def spend(self, now: datetime,
                    windows: dict[str, tuple[timedelta, int]]) -> datetime | None:
        """As StravaRepo.spend: one request counted against every window, or when to retry."""
        wait: datetime | None = None
        rows = {}
        for name, (length, limit) in windows.items():
            start = window_start(now, length)
            row = rows[name] = self.t.strava_limits.setdefault(name, LimitRow(start))
            if row.window_start != start:
                row.window_start, row.count = start, 0
            if row.blocked_until is not None and row.blocked_until > now:
                wait = max(wait or row.blocked_until, row.blocked_until)
            elif row.count >= limit:
                wait = max(wait or start + length, start + length)
        if wait is None:
            for row in rows.values():
                row.count += 1
        return wait

    async def observe(self, now: datetime, windows: dict[str, tuple[timedelta, int]],
                      usage: dict[str, tuple[int, int]]) -> None:
        for name, (length, _limit) in windows.items():
            if name not in usage:
                continue
            used, limit = usage[name]
            start = window_start(now, length)
            row = self.t.strava_limits.setdefault(name, LimitRow(start))
            if row.window_start != start:
                row.window_start, row.count = start, 0
            row.count = max(row.count, used)
            if used >= limit and (row.blocked_until is None
                                  or row.blocked_until < start + length):
                row.blocked_until = start + length

    async def block(self, name: str, until: datetime, now: datetime) -> None:
        row = self.t.strava_limits.setdefault(name, LimitRow(now))
        row.blocked_until = until

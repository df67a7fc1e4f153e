"""The session follows a hard run seen on Strava, inside the pass's transaction.

A hard run today, on a day without a session held, brings today's session at
max(now + FOLLOW_DELAY, the usual reminder time) — today's planned session when today is a
session day, else one added this week (a move to today, as "ran hard today" does), and the
rest of the week is planned around it by the plan rule (the day after is skipped unless
both are usual days). A race goes to the race logic (the days after it rest). A hard run
on a day that already had its session, the day after a session (unless both are usual
session days) or a day the taper rests is only acknowledged (Kept). An easy run, a run of
another day or a paused runner change nothing.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from coach.plan import FOLLOW_DELAY, Move, reminder_local
from coach.races import Race
from coach.strava import Activity, Kind, Verdict, race_of, spotted
from coach.taper import DayKind
from coach.views import Delivery, Profile, SessionInfo, Status
from services.queues import Strava
from services.schedule import calendar, local_date, schedule
from services.uow import UnitOfWork


@dataclass(frozen=True)
class Followed:
    """Today's session comes at `due_at` after the hard run `lead` describes."""

    chat_id: int
    tz: str
    lead: str
    reason: str
    due_at: datetime
    language: str | None = None  # the runner's (None: not chosen, the source language)


@dataclass(frozen=True)
class Kept:
    """A hard run that brings no session: `why` is 'today' (today's is already out or
    done), 'yesterday' (a session yesterday) or 'rest' (the race taper rests today)."""

    chat_id: int
    lead: str
    why: str
    language: str | None = None  # the runner's (None: not chosen, the source language)


@dataclass(frozen=True)
class RaceNoted:
    """A race on Strava: the race logic rests the days after it; the next reminder."""

    chat_id: int
    tz: str
    race: Race
    next_due: SessionInfo | None
    language: str | None = None  # the runner's (None: not chosen, the source language)


async def follow(uow: UnitOfWork, repo: Strava, profile: Profile | None, activity: Activity,
                 verdict: Verdict, now: datetime, offset: timedelta) -> Followed | Kept \
        | RaceNoted | None:
    """Place today's session after a hard run (or note a race) for the runner whose run it
    was (`profile`, as just read); None: nothing changes."""
    if profile is None or not (profile.onboarded and profile.active) or profile.tz is None \
            or profile.run_end is None:
        return None
    day = local_date(activity.start, profile.tz)
    if verdict.kind is Kind.RACE:
        return await _race(uow, repo, profile, activity, day, now, offset)
    if day != local_date(now, profile.tz) or \
            (profile.paused_until is not None and profile.paused_until > now):
        return None
    user_id = profile.user_id
    routine, booked = await calendar(uow, profile, now, offset)
    yesterday = day - timedelta(days=1)
    why = ("today" if day in booked.taken else "rest" if routine.day_kind(day) is
           DayKind.SKIP else "yesterday" if yesterday in booked.held and not
           routine.is_usual_pair(yesterday, day) else None)
    if why is not None:  # no back-to-back the runner did not choose, no second one today
        await repo.mark_followed(activity.activity_id, day, None)
        return Kept(profile.chat_id, spotted(activity, verdict), why, profile.language)
    usual = reminder_local(day, profile.run_end, offset, ZoneInfo(profile.tz)).astimezone(UTC)
    due = max(now + FOLLOW_DELAY, usual)
    planned = await uow.planning.replannable_on(user_id, day)
    if planned is not None:
        await uow.planning.replan(planned.id, due)
    else:
        await uow.sessions.cancel_due(user_id)
        await uow.planning.add_move(user_id, Move(None, day), now)
        await uow.sessions.add(user_id, "scheduled", day, due, Delivery.DUE, Status.PLANNED)
    lead = spotted(activity, verdict)
    await repo.mark_followed(activity.activity_id, day, lead)
    return Followed(profile.chat_id, profile.tz, lead, verdict.reason, due, profile.language)


async def _race(uow: UnitOfWork, repo: Strava, profile: Profile, activity: Activity,
                day: date, now: datetime, offset: timedelta) -> RaceNoted:
    race = race_of(activity, day)
    await uow.races.put(profile.user_id, race, now)
    await uow.sessions.cancel_due(profile.user_id)
    next_due = await schedule(uow, profile, now, offset)
    await repo.mark_followed(activity.activity_id, day, spotted(activity, Verdict(
        True, Kind.RACE, "race")))
    return RaceNoted(profile.chat_id, profile.tz or "UTC", race, next_due, profile.language)

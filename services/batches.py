"""What the scheduler's use cases do for a whole batch of runners at once.

`build_views` reads what a batch of reminders shows (runners, targets, last and logged
entries) with one `IN (...)` statement each; `plan_next` keeps one planned reminder per
runner for a batch, with the same rule as PlanService (services/plan.py) but one read of
profiles, planned rows, moves and calendars for all of them and one write.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta

from coach.exercises import CATALOGUE
from coach.plan import next_session
from coach.progression import BREAK_DAYS, Target
from coach.timezones import zone_or_default
from services.coaching import planned_targets
from services.readiness import today_of
from services.schedule import LOOK_BACK, local_date, routine_of
from storage.days import DaysBatch
from storage.delivery import DeliveryRepo, Planned
from storage.races import RACE_LOOK_BACK
from storage.records import ExerciseView, SessionInfo, SessionView
from storage.uow import UnitOfWork


async def build_views(uow: UnitOfWork, sessions: Sequence[SessionInfo]) -> list[SessionView]:
    """The views of these sessions, in their order (a runner who vanished is left out)."""
    repo = DeliveryRepo(uow.session)
    users = {s.user_id for s in sessions}
    ids = [s.id for s in sessions]
    profiles = await repo.profiles(users)
    targets = await repo.targets(users)
    last = await repo.last_entries(users, ids)
    logged = await repo.logged(ids)
    facts = await DaysBatch(uow.session).facts_many(
        [(s.user_id, s.id, s.session_date) for s in sessions], RACE_LOOK_BACK)
    views = []
    for session in sessions:
        profile = profiles.get(session.user_id)
        if profile is None:
            continue
        day = facts[session.id]
        mine, why = targets.get(session.user_id, {}), dict[str, str]()
        if away(session, day.last_done):  # back after a break: the card starts lighter
            mine, why = await planned_targets(uow, profile, session, day.last_done,
                                              tuple(s.race for s in day.races))
        before, now = last.get(session.user_id, {}), logged.get(session.id, {})
        items = tuple(ExerciseView(ex, mine.get(ex.id, Target()), before.get(ex.id),
                                   now.get(ex.id), why.get(ex.id, "")) for ex in CATALOGUE)
        today = await today_of(uow, profile, session.session_date, day.readiness, day.races,
                              day.first_done, day.last_done)
        views.append(SessionView(session, profile, items, today))
    return views


def away(session: SessionInfo, last_done: date | None) -> bool:
    """Ten or more days since the last finished session (the comeback rule's trigger)."""
    return last_done is not None and (session.session_date - last_done).days >= BREAK_DAYS


async def plan_next(uow: UnitOfWork, after: dict[int, datetime],
                    offset: timedelta) -> None:
    """Plan each runner's next reminder after their instant (PLAN RULE, batched).

    Runners not onboarded, inactive, without session days, or with a planned reminder
    already are left alone.
    """
    repo = DeliveryRepo(uow.session)
    profiles = await repo.profiles(after)
    wanted = {user: p for user, p in profiles.items()
              if p.onboarded and p.active and p.session_days and p.tz is not None}
    for user in await repo.with_planned(wanted) if wanted else set():
        del wanted[user]
    if not wanted:
        return
    start = {user: max(after[user], p.paused_until or after[user])
             for user, p in wanted.items()}
    since = {user: local_date(start[user], zone_or_default(p.tz)) - LOOK_BACK
             for user, p in wanted.items()}
    moves = await repo.moves(since)
    booked, replannable = await repo.calendars(since)
    races = await DaysBatch(uow.session).races_of(wanted, min(since.values()) - RACE_LOOK_BACK)
    planned = []
    for user, profile in wanted.items():
        routine = replace(routine_of(profile, offset, moves.get(user, ())),
                          races=tuple(r.race for r in races.get(user, ())
                                      if r.race.race_date >= since[user] - RACE_LOOK_BACK))
        slot = next_session(routine, start[user], booked[user])
        planned.append(Planned(user, slot.session_date, slot.due_utc,
                               replannable.get((user, slot.session_date))))
    await repo.plan(planned)

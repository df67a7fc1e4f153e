"""What the scheduler's use cases do for a whole batch of runners at once.

`build_views` reads what a batch of reminders shows (runners, targets, logged entries and,
where asked, last time, the day's facts, moves near a race) with one `IN (...)` statement
each, as plain columns; `plan_next` keeps one planned reminder per
runner for a batch, with the same rule as `schedule_after` (services/plan.py) but one read of
profiles, planned rows, moves and calendars for all of them and one write.
"""

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from coach.equipment import Equipment
from coach.exercises import CATALOGUE
from coach.period import may_come_early, strained_weeks
from coach.plan import morning_after, next_session
from coach.progression import Context, Outcome, Target
from coach.stored import RACE_LOOK_BACK, DayFacts, Opened, Planned
from coach.timezones import zone_or_default
from coach.views import Delivery, ExerciseView, Profile, SessionInfo, SessionView
from services.closing import close_session
from services.coaching import LIFTED_SEEN, away_from, comeback_targets
from services.readiness import needs_moves, rated_since, today_from
from services.schedule import LOOK_BACK, local_date, routine_of
from services.sessions import build_view as view_of
from services.uow import UnitOfWork

Outcomes = dict[tuple[int, int, date], dict[str, tuple[Outcome, ...]]]
# A returning runner's loads are read from the weeks before their last session first (a
# runner with fewer entries there than the window is read again in full).
BEFORE_BREAK = timedelta(weeks=6)


def reading(uow_factory: Callable[[], UnitOfWork]) -> UnitOfWork:
    """A unit of work from `uow_factory` that only reads (storage/uow.py: on SQLite it takes
    no write lock, WAL gives it a snapshot)."""
    uow = uow_factory()
    uow.read_only = True
    return uow


async def build_views(uow: UnitOfWork, sessions: Sequence[SessionInfo],
                      last_time: bool = True) -> list[SessionView]:
    """The views of these sessions, in their order (a runner who vanished is left out).

    Plain column reads, one statement each whatever the batch holds: a runner back from a
    break or in race week costs no statement of their own. `last_time=False`: each
    exercise's last time is left out (None): the reminder card, the missed note and the
    nudge never show it (bot/session_log.py shows it in a session's details and step
    questions, from the session's own view), and a batch would read five entries a runner
    for it."""
    cards, days = uow.cards, uow.day_batches
    users = {s.user_id for s in sessions}
    ids = [s.id for s in sessions]
    runners = await cards.runners(users)
    targets = await cards.targets(users)
    last = await cards.last(users, set(ids)) if last_time else {}
    logged = await cards.logged(ids)
    runs = await uow.strava.leads({(s.user_id, s.session_date): s.id
                                   for s in sessions})
    facts = await days.facts_many(
        [(s.user_id, s.id, s.session_date) for s in sessions], RACE_LOOK_BACK)
    near: dict[int, date] = {}
    for s in sessions:
        if s.user_id in runners and needs_moves(runners[s.user_id][0], facts[s.id].races):
            since = s.session_date - RACE_LOOK_BACK
            near[s.user_id] = min(since, near.get(s.user_id, since))
    moves = await cards.moves(near)
    away, lifted, strained = await _comebacks_and_effort(uow, sessions, runners, facts)
    views = []
    for session in sessions:
        if session.user_id not in runners:
            continue
        profile = runners[session.user_id][0]
        day = facts[session.id]
        mine, why = comeback_targets(  # back after a break: the card starts lighter
            targets.get(session.user_id, {}), away.get(session.id),
            lifted.get((session.user_id, session.id, session.session_date)))
        before, now = last.get(session.user_id, {}), logged.get(session.id, {})
        items = tuple(ExerciseView(ex, mine.get(ex.id, Target()), before.get(ex.id),
                                   now.get(ex.id), why.get(ex.id, "")) for ex in CATALOGUE)
        today = today_from(profile, session.session_date, day.readiness, day.races,
                           day.first_done, day.last_done, moves.get(session.user_id, ()),
                           strained.get(session.id, ()))
        views.append(SessionView(session, profile, items, today, runs.get(session.id)))
    return views


async def _comebacks_and_effort(
        uow: UnitOfWork, sessions: Sequence[SessionInfo],
        runners: Mapping[int, tuple[Profile, Equipment | None]], facts: Mapping[int, DayFacts],
) -> tuple[dict[int, Context], Outcomes, dict[int, tuple[bool, ...]]]:
    """For the whole batch, in a few statements whatever its size: the away context of each
    runner back from a break with their outcomes before it, and the weeks' effort where a
    lighter week may come early (the same reads the report path makes one runner at a
    time)."""
    away: dict[int, Context] = {}
    early: dict[int, tuple[int, date, date]] = {}
    for s in sessions:
        if s.user_id not in runners:
            continue
        profile, kit = runners[s.user_id]
        day = facts[s.id]
        context = away_from(profile, s.session_date, day.last_done, kit,
                            tuple(r.race for r in day.races))
        if context is not None:
            away[s.id] = context
        if day.first_done is not None and may_come_early(s.session_date, day.first_done):
            early[s.id] = (s.user_id, rated_since(s.session_date), s.session_date)
    back = {(s.user_id, s.id, s.session_date): facts[s.id].last_done for s in sessions
            if s.id in away}
    lifted = await uow.coaching.recent_outcomes_many(  # the loads just before the break
        list(back), LIFTED_SEEN,
        since={key: last - BEFORE_BREAK for key, last in back.items() if last is not None})
    effort = await uow.coaching.rated_many(list(early.values()))  # the block's weeks
    strained = {}
    for s in sessions:
        first = facts[s.id].first_done if s.id in early else None
        if first is not None:
            strained[s.id] = strained_weeks(s.session_date, first,
                                            effort.get(early[s.id], []))
    return away, lifted, strained


@dataclass(frozen=True)
class Draft:
    """The next reminders a batch's runners get, worked out from what was read (`profiles`:
    the runners as read, to see later whether one changed meanwhile)."""

    profiles: dict[int, Profile]
    planned: list[Planned]


async def plan_next(uow: UnitOfWork, after: dict[int, datetime],
                    offset: timedelta) -> None:
    """Plan each runner's next reminder after their instant (PLAN RULE, batched).

    Runners not onboarded, inactive, without session days, or with a planned reminder
    already are left alone.
    """
    await uow.delivery.plan((await draft_next(uow, after, offset)).planned)


async def draft_next(uow: UnitOfWork, after: dict[int, datetime], offset: timedelta,
                     opened: Collection[int] = (),
                     known: Mapping[int, Profile] | None = None) -> Draft:
    """`plan_next`'s reads and rule, without its write: in a read-only transaction, so on
    SQLite the work is done without the write lock (`plan_drafted` writes it). `opened`:
    sessions the write's transaction opens first (they are counted as open); `known`: the
    runners' profiles as their cards read them (the write reads them again and plans
    afresh any that changed since), the others read here."""
    repo, cards = uow.delivery, uow.cards
    known = {user: profile for user, profile in (known or {}).items() if user in after}
    unknown = [user for user in after if user not in known]
    profiles = {**known, **{user: profile for user, (profile, _) in
                            (await cards.runners(unknown)).items()}} if unknown else known
    wanted = {user: p for user, p in profiles.items()
              if p.onboarded and p.active and p.session_days and p.tz is not None}
    for user in await repo.with_planned(wanted) if wanted else set():
        del wanted[user]
    if not wanted:
        return Draft(profiles, [])
    start = {user: max(after[user], p.paused_until or after[user])
             for user, p in wanted.items()}
    since = {user: local_date(start[user], zone_or_default(p.tz)) - LOOK_BACK
             for user, p in wanted.items()}
    moves = await cards.moves(since)
    booked, replannable = await repo.calendars(since, opened)
    races = await uow.day_batches.races_of(wanted, min(since.values()) - RACE_LOOK_BACK)
    planned = []
    for user, profile in wanted.items():
        routine = replace(routine_of(profile, offset, moves.get(user, ())),
                          races=tuple(r.race for r in races.get(user, ())
                                      if r.race.race_date >= since[user] - RACE_LOOK_BACK))
        slot = next_session(routine, start[user], booked[user])
        planned.append(Planned(user, slot.session_date, slot.due_utc,
                               replannable.get((user, slot.session_date))))
    return Draft(profiles, planned)


async def plan_drafted(uow: UnitOfWork, draft: Draft, after: dict[int, datetime],
                       offset: timedelta, again: Collection[int] = ()) -> None:
    """Write a draft in the write's transaction, as `plan_next` would have planned it there:
    a runner whose profile changed since, who has a planned reminder by now, or in `again`
    (their sessions changed otherwise) is planned afresh from what this transaction reads."""
    profiles = {user: profile for user, (profile, _) in
                (await uow.cards.runners(after)).items()}
    changed = {user for user in after if profiles.get(user) != draft.profiles.get(user)}
    changed |= set(again) & set(after)
    planned = [p for p in draft.planned if p.user_id not in changed]
    taken = await uow.delivery.with_planned({p.user_id for p in planned}) if planned else set()
    planned = [p for p in planned if p.user_id not in taken]
    if changed:
        planned += (await draft_next(uow, {user: after[user] for user in changed},
                                     offset)).planned
    await uow.delivery.plan(planned)


async def open_sent(uow: UnitOfWork, sent: Sequence[tuple[SessionView, bool]], now: datetime,
                    nudge_hour: int | None) -> set[int]:
    """Close each runner's older open sessions, open the reminded ones (sent, late) and plan
    their nudges; the runners whose older sessions were closed."""
    repo = uow.delivery
    keep = [view.session.id for view, _ in sent]
    closed = set()
    for stale in await repo.open_besides({v.session.user_id for v, _ in sent}, keep):
        await close_session(uow, await view_of(uow, stale), now)
        closed.add(stale.user_id)
    await repo.opened([Opened(view.session.id, _nudge_at(view, late, nudge_hour))
                       for view, late in sent])
    return closed


def _nudge_at(view: SessionView, late: bool, nudge_hour: int | None) -> datetime | None:
    """A sent reminder gets its next-morning nudge; a missed note does not."""
    if late or nudge_hour is None or view.profile.tz is None:
        return None
    return morning_after(view.session.session_date, view.profile.tz, nudge_hour)


async def follow_up_unsettled(uow: UnitOfWork, sessions: list[SessionInfo], now: datetime,
                              nudge_hour: int | None, offset: timedelta) -> None:
    """Step 3 for rows a crash left recorded as sent but not followed up."""
    views = await build_views(uow, sessions, last_time=False)
    await open_sent(uow, [(v, v.session.delivery == Delivery.MISSED.value) for v in views],
                    now, nudge_hour)
    await plan_next(uow, {v.session.user_id: max(now, v.session.due_at) for v in views},
                    offset)

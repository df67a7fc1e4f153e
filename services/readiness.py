"""Readiness before a session and pain per area: told, stored, and the session it shapes.

A readiness told for a session (a card button, or chat while one is open or planned)
applies to that session's date. When the session is open (or opened by the button), the
exercises the day leaves out are stored as skipped at once, so the log and progression
agree with what the runner was told.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from coach.exercises import CATALOGUE
from coach.pain import BONE, BONE_AREAS, by_area, swapped
from coach.period import BLOCK_WEEKS, may_come_early, monday, phase_of, strained_weeks
from coach.plan import Move
from coach.progression import Target, initial_target
from coach.readiness import Level, Shaped, Today, Told, shape
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.stored import RACE_LOOK_BACK, DayReadiness, StoredRace
from coach.taper import DayKind
from coach.views import Delivery, Profile, SessionInfo, Status
from services.coaching import back_after_pain, no_heavier_after_pain
from services.plan import local_date, routine_of
from services.schedule import onboarded, zone_of
from services.uow import Readiness, UnitOfWork

CLOSED = (Status.DONE.value, Status.SKIPPED.value)
SKIPPED = SetsReport(ReportKind.SKIPPED, ())
MAX_SCORE = 10  # a rating above it means "worse than last time"


class SessionNotOpen(LookupError):
    """The session is not the runner's, or it is closed already."""


@dataclass(frozen=True)
class Heard:
    """What a readiness answer did: the session it shaped (if any), today's shape, the
    areas whose exercises it just swapped, and whether the painful area is still unknown."""

    told: Told
    session: SessionInfo | None
    shaped: Shaped | None
    newly_swapped: frozenset[str] = frozenset()
    ask_area: bool = False
    unit: str = "kg"
    ask_score: bool = False  # an area named, not rated yet: how bad, 0-10?
    ask_bone: bool = False  # shin or foot: the one bone-stress question first
    again: bool = False  # the area hurt on an earlier day too: better, same or worse?


@dataclass(frozen=True)
class Back:
    """An area fine again: the pain rows cleared, and each exercise its swap kept out with
    the gentle target it comes back at (exercise id, target)."""

    rows: int
    gentle: tuple[tuple[str, Target], ...] = ()
    unit: str = "kg"


async def tell(uow: UnitOfWork, now: datetime, user_id: int, told: Told,
               session_id: int | None = None) -> Heard:
    """Store how the legs feel for the session `session_id` (None: the open session, else
    the next planned one) and shape it; pain without an area asks first."""
    return await tell_in(uow, await onboarded(uow, user_id), told, now, session_id)


async def fine(uow: UnitOfWork, now: datetime, user_id: int, area_id: str | None) -> Back:
    """The area (None: every area) is fine: its exercises come back, gently where they
    were swapped (services.coaching.back_after_pain)."""
    return await fine_in(uow, await onboarded(uow, user_id), area_id, now)


async def shaped_day(uow: UnitOfWork, user_id: int, day: date) -> Shaped:
    """The session of `day` as the taper and readiness shape it."""
    profile = await onboarded(uow, user_id)
    return shape(await targets_of(uow, user_id), await day_plan(uow, profile, day))


async def tell_in(uow: UnitOfWork, profile: Profile, told: Told, now: datetime,
                  session_id: int | None = None) -> Heard:
    """`tell` for an onboarded runner's profile, read already in this transaction."""
    user_id = profile.user_id
    session = await _session_for(uow, user_id, session_id)
    day = session.session_date if session else local_date(now, zone_of(profile))
    repo = uow.readiness
    known = await repo.of_day(user_id, day)
    told = _rated_area(told, known)
    if told.level is Level.PAIN and told.area is None:
        return Heard(told, session, None, ask_area=True, unit=profile.unit)
    before = swapped(known.pain_days)
    await store_told(repo, user_id, day, told, now)
    today = await day_plan(uow, profile, day)
    shaped = shape(await targets_of(uow, user_id), today)
    if session is not None and session_id is not None:
        session = await _opened(uow, session)
    if session is not None and session.status == Status.OPEN.value:
        await skip_left_out(uow, session, shaped, now)
    await no_heavier_after_pain(uow, profile, frozenset(
        p.exercise_id for p in shaped.items if p.skipped == "pain" or p.swap is not None),
        day, now)
    return Heard(told, session, shaped, today.swapped - before, unit=profile.unit,
                 **asks_of(told, known))


async def fine_in(uow: UnitOfWork, profile: Profile, area_id: str | None,
                  now: datetime) -> Back:
    """`fine` for an onboarded runner's profile, read already in this transaction."""
    user_id = profile.user_id
    day = local_date(now, zone_of(profile))
    kept_out = swapped((await uow.readiness.of_day(user_id, day)).pain_days)
    rows = await uow.readiness.clear(user_id, area_id, now)
    if area_id in BONE_AREAS:  # shin or foot fine: the bone-stress stop ends too
        await uow.readiness.clear(user_id, BONE, now)
    areas = kept_out if area_id is None else kept_out & {area_id}
    gentle = await back_after_pain(uow, profile, areas, day, now)
    return Back(rows, tuple(gentle.items()), profile.unit)


async def day_plan(uow: UnitOfWork, profile: Profile, day: date) -> Today:
    """What shapes the session of `day`: race-week light, readiness, pain, swaps, the
    kind of week."""
    facts = await uow.days.facts(profile.user_id, 0, day, day - RACE_LOOK_BACK)
    return await today_of(uow, profile, day, facts.readiness, facts.races, facts.first_done,
                          facts.last_done)


async def today_of(uow: UnitOfWork, profile: Profile, day: date, readiness: DayReadiness,
                   races: tuple[StoredRace, ...], first_done: date | None = None,
                   last_done: date | None = None) -> Today:
    """The day's shape from what was read of it (this week's moves only near a race;
    `first_done`, `last_done`: the runner's first and latest session days before it, for
    the kind of week, coach/period.py)."""
    moves: tuple[Move, ...] = ()
    if needs_moves(profile, races):
        moves = await uow.planning.moves(profile.user_id, day - RACE_LOOK_BACK)
    strained: tuple[bool, ...] = ()
    if first_done is not None and may_come_early(day, first_done):
        strained = strained_weeks(day, first_done, await rated(uow, profile.user_id, day))
    return today_from(profile, day, readiness, races, first_done, last_done, moves, strained)


def needs_moves(profile: Profile, races: tuple[StoredRace, ...]) -> bool:
    """Whether the day's shape depends on this week's moves: near a race, a plan to shape."""
    return bool(races) and profile.onboarded and bool(profile.session_days)


def today_from(profile: Profile, day: date, readiness: DayReadiness,
               races: tuple[StoredRace, ...], first_done: date | None,
               last_done: date | None, moves: tuple[Move, ...],
               strained: tuple[bool, ...] = ()) -> Today:
    """`today_of` with this week's moves (from `day - RACE_LOOK_BACK` on) and the weeks'
    effort (`strained`, coach.period.strained_weeks) already read."""
    phase = phase_of(day, tuple(s.race for s in races), first_done, last_done, strained)
    light = False
    if needs_moves(profile, races):
        routine = replace(routine_of(profile, timedelta(0), moves),
                          races=tuple(s.race for s in races))
        light = routine.day_kind(day) is DayKind.LIGHT
    return Today(light, readiness.level, readiness.pain_today, swapped(readiness.pain_days),
                 readiness.pain_light, readiness.bone, phase)




def rated_since(day: date) -> date:
    """How far back the weeks' effort is read: `day`'s block starts no earlier (its weeks
    before `day` are all strained_weeks looks at)."""
    return monday(day) - timedelta(weeks=BLOCK_WEEKS)


async def rated(uow: UnitOfWork, user_id: int, day: date) -> list[tuple[date, str]]:
    """The effort answers of the runner's sessions in the block's weeks before `day`."""
    return await uow.coaching.rated(user_id, rated_since(day), day)


async def _session_for(uow: UnitOfWork, user_id: int,
                       session_id: int | None) -> SessionInfo | None:
    """The session a readiness answer is about: the card's, the open one, the next one."""
    if session_id is None:
        return (await uow.sessions.latest_open(user_id)
                or await uow.planning.next_planned(user_id))
    session = await uow.sessions.get(session_id)
    if session is None or session.user_id != user_id or session.status in CLOSED:
        raise SessionNotOpen(session_id)
    return session


async def _opened(uow: UnitOfWork, session: SessionInfo) -> SessionInfo:
    """A card's readiness button starts its session, as "Log my sets" would (a reminder
    not sent yet stays the planned one: the plan rule keeps it)."""
    if session.status == Status.PLANNED.value and session.delivery != Delivery.DUE.value:
        await uow.sessions.mark_open(session.id)
        return replace(session, status=Status.OPEN.value)
    return session


async def targets_of(uow: UnitOfWork, user_id: int) -> list[tuple[str, Target]]:
    targets = await uow.targets.all_for(user_id)
    return [(ex.id, targets.get(ex.id, initial_target())) for ex in CATALOGUE]


async def store_told(repo: Readiness, user_id: int, day: date, told: Told,
                 now: datetime) -> None:
    """The readiness row, its pain rating, and a bone-stress row when signs were told."""
    worse = True if told.score is not None and told.score > MAX_SCORE else None
    score = None if worse else told.score
    await repo.add(user_id, day, told.level, _area_id(told), now, score, worse)
    if told.bone:
        await repo.add(user_id, day, Level.PAIN, BONE, now)


def _rated_area(told: Told, known: DayReadiness) -> Told:
    """A typed rating without an area ("4/10") is about the one area told today and not
    rated yet, if there is exactly one."""
    waiting = known.pain_today | known.pain_light
    if told.area is None and told.score is not None and len(waiting) == 1:
        return replace(told, area=by_area(next(iter(waiting))))
    return told


def asks_of(told: Told, known: DayReadiness) -> dict[str, bool]:
    """What to ask next about an area just told: the bone question (shin, foot), how bad."""
    if told.level is not Level.PAIN or told.area is None or told.score is not None:
        return {}
    bone = told.area.id in BONE_AREAS and not told.bone and not known.bone
    return {"ask_score": not told.bone, "ask_bone": bone,
            "again": told.area.id in known.told}


async def skip_left_out(uow: UnitOfWork, session: SessionInfo, shaped: Shaped,
                         now: datetime) -> None:
    """Store the exercises the day leaves out as skipped, unless already logged; those a
    pain rating brings back (skipped by an earlier answer, nothing typed) come back."""
    entries = await uow.entries.for_session(session.id)
    for entry in entries:
        if (entry.report.kind is ReportKind.SKIPPED and entry.source_message_id is None
                and entry.exercise_id not in shaped.left_out):
            await uow.entries.delete(entry.id)
    logged = {e.exercise_id for e in entries}
    lines = [ReportLine(exercise_id, SKIPPED, "") for exercise_id in shaped.left_out
             if exercise_id not in logged]
    await uow.entries.put_many(session.user_id, session.id, lines, None, now)


def _area_id(told: Told) -> str | None:
    return None if told.area is None else told.area.id

"""The history service: /progress data, /history pages, records, /export and /import."""

from dataclasses import dataclass
from datetime import date, datetime

from coach.history import Done, resolve
from coach.records import Record, new_bests
from coach.transfer import MergePlan, export_csv, merge, read_csv
from coach.views import Entry, Profile, SessionInfo
from services.plan import NotOnboarded, local_date
from services.uow import UnitOfWork

PAGE_SIZE = 5


def unit_of(profile: Profile) -> str:
    """The runner's unit; kg until profiles carry one (another change adds it)."""
    unit = getattr(profile, "unit", "kg")
    return unit if unit in ("kg", "lb") else "kg"


@dataclass(frozen=True)
class ProgressData:
    """A runner's whole history, resolved, and their local date today."""

    profile: Profile
    history: tuple[Done, ...]
    today: date

    @property
    def unit(self) -> str:
        return unit_of(self.profile)


@dataclass(frozen=True)
class HistoryPage:
    """Some sessions, newest first, with what was logged in each."""

    profile: Profile
    sessions: tuple[tuple[SessionInfo, tuple[Entry, ...]], ...]
    page: int
    pages: int


@dataclass(frozen=True)
class Imported:
    """What an import did: the plan it carried out, where the file came from."""

    source: str
    plan: MergePlan
    unknown: dict[str, int]
    warmups: int

    @property
    def sessions(self) -> int:
        return len(self.plan.add)


async def progress_data(uow: UnitOfWork, now: datetime, user_id: int) -> ProgressData:
    """The runner's whole history, resolved, for /progress and its charts."""
    profile = await _onboarded(uow, user_id)
    logged = await uow.history.logged(user_id)
    assert profile.tz is not None
    return ProgressData(profile, tuple(resolve(logged)), local_date(now, profile.tz))


async def history_page(uow: UnitOfWork, user_id: int, page: int,
                       size: int = PAGE_SIZE) -> HistoryPage:
    """One page of sessions with something logged (page 0 is the newest)."""
    profile = await _onboarded(uow, user_id)
    ids, total = await uow.history.session_page(user_id, max(page, 0) * size, size)
    sessions = []
    for session_id in ids:
        info = await uow.sessions.get(session_id)
        assert info is not None
        sessions.append((info, tuple(await uow.entries.for_session(session_id))))
    pages = max(1, -(-total // size))
    return HistoryPage(profile, tuple(sessions), min(max(page, 0), pages - 1), pages)


async def records_for(uow: UnitOfWork, user_id: int, session_id: int) -> list[Record]:
    """The new bests of one session against everything logged before it."""
    return list(new_bests(await uow.history.logged(user_id), session_id))


async def export_history(uow: UnitOfWork, user_id: int) -> str:
    """Every set the runner logged, as CSV text."""
    profile = await _onboarded(uow, user_id)
    logged = await uow.history.logged(user_id)
    assert profile.tz is not None
    return export_csv(resolve(logged), profile.tz, unit_of(profile))


async def import_history(uow: UnitOfWork, now: datetime, user_id: int,
                         data: bytes) -> Imported:
    """Merge a CSV file into the runner's history; ImportRefused changes nothing."""
    profile = await _onboarded(uow, user_id)
    assert profile.tz is not None
    found = read_csv(data, profile.tz, unit_of(profile), now)
    plan = merge(found, await uow.history.days_with(user_id))
    for new in plan.add:
        await uow.history.add_imported(user_id, new.day, new.at, new.reports)
    return Imported(found.source, plan, found.unknown, found.warmups)


async def _onboarded(uow: UnitOfWork, user_id: int) -> Profile:
    profile = await uow.users.get(user_id)
    if profile is None or not profile.onboarded or profile.tz is None:
        raise NotOnboarded(user_id)
    return profile

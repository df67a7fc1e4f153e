"""How hard a finished session felt: stored with the session, and the next targets of its
exercises decided again with it (coach/effort.py says what it changes).

Only the runner's own session closed last (none opened since) takes an answer, once: a
stranger's, stale or repeated tap changes nothing and raises nothing.
"""

from dataclasses import dataclass
from datetime import datetime

from coach.effort import Effort
from coach.reports import ReportKind
from coach.views import Entry
from services.closing import Retarget, correctable, retarget
from services.uow import UnitOfWork


@dataclass(frozen=True)
class Rated:
    """What an effort tap did: the answer stored (None: nothing changed) and the next
    targets it moved."""

    effort: Effort | None
    changes: tuple[Retarget, ...] = ()
    unit: str = "kg"


async def rate(uow: UnitOfWork, now: datetime, user_id: int, session_id: int,
               effort: Effort) -> Rated:
    """Store how hard session `session_id` felt and decide its exercises' targets again."""
    session = await uow.sessions.get(session_id)
    if session is None or session.user_id != user_id or session.effort is not None:
        return Rated(None)
    latest = await correctable(uow, user_id)
    profile = await uow.users.get(user_id)
    if latest is None or latest.id != session_id or profile is None:
        return Rated(None)
    await uow.sessions.set_effort(session_id, effort.value)
    done: dict[str, Entry | None] = {
        e.exercise_id: e for e in await uow.entries.for_session(session_id)
        if e.report.kind is not ReportKind.SKIPPED}
    changes = await retarget(uow, user_id, session_id, done, profile.auto_progression, now)
    return Rated(effort, changes, profile.unit)

"""Sharp discomfort told inside a report becomes pain in the readiness rows, in the report's
own transaction: the area's pain for the session's day (not rated yet, so what loads it
stops: coach/pain.py), a bone-stress row when the words carry a sign, and the exercises the
day now leaves out stored as skipped, as the readiness flow does. The rating that follows
(a score button, services.readiness) lands in the same rows. Mild discomfort is only the
note the report keeps (coach/discomfort.py: carry on, lighter)."""

from dataclasses import dataclass
from datetime import datetime

from coach import session_life
from coach.discomfort import Grade
from coach.pain import BONE_AREAS, bone_signs, by_area
from coach.readiness import Level, Told, shape
from coach.readline import Note
from coach.views import SessionView
from services.readiness import asks_of, day_plan, skip_left_out, store_told, targets_of
from services.uow import UnitOfWork


@dataclass(frozen=True)
class PainHeard:
    """A sharp discomfort in a report: its note, its area (None: ask where) and what to ask
    next — the bone-stress question (shin, foot), how bad 0-10, "worse than last time"."""

    note: Note
    area: str | None
    ask_score: bool = False
    ask_bone: bool = False
    again: bool = False
    bone: bool = False  # the words carry a bone-stress sign: stop running, see a doctor


def sharp_note(notes: tuple[Note, ...]) -> Note | None:
    """The first sharp discomfort of a report's notes, if any."""
    return next((note for note in notes if note.kind == Grade.SHARP.value), None)


async def hear_pain(uow: UnitOfWork, view: SessionView, notes: tuple[Note, ...],
                    now: datetime) -> PainHeard | None:
    """Store the first sharp discomfort as pain of the session's day (see the docstring)."""
    note = sharp_note(notes)
    if note is None or note.area is None:
        return None if note is None else PainHeard(note, None)
    user_id, day, area = view.profile.user_id, view.session.session_date, by_area(note.area)
    known = await uow.readiness.of_day(user_id, day)
    bone = area.id in BONE_AREAS and bone_signs(note.text.lower())
    told = Told(Level.PAIN, area, bone=bone)
    await store_told(uow.readiness, user_id, day, told, now)
    if view.session.status == session_life.OPEN:
        today = await day_plan(uow, view.profile, day)
        await skip_left_out(uow, view.session, shape(await targets_of(uow, user_id), today),
                            now)
    return PainHeard(note, area.id, bone=bone, **asks_of(told, known))

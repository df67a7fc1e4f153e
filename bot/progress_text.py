"""Words around progress: chart captions, left/right notes and new bests."""

from collections.abc import Sequence

import i18n
from bot.format import day_label, day_name
from coach.exercises import by_id
from coach.history import Done, change_since, month_start, sessions_since, to_unit
from coach.legs import LegNote, leg_note
from coach.records import Record, RecordKind, all_records
from i18n import _, ngettext
from services.progress import ProgressData


def load_text(load_kg: float, unit: str = "kg") -> str:
    """'body weight', '12 kg', '26.5 lb'."""
    if load_kg <= 0:
        return _("body weight")
    load = i18n.number(to_unit(load_kg, unit), 2)
    return (_("{load} lb") if unit == "lb" else _("{load} kg")).format(load=load)


def sets_text(reps: Sequence[int]) -> str:
    """'3×8' when every set is the same, else '8 8 7'."""
    if len(reps) > 1 and len(set(reps)) == 1:
        return f"{len(reps)}×{reps[0]}"
    return " ".join(str(r) for r in reps)


def _done_text(done: Done, unit: str) -> str:
    return f"{sets_text(done.reps)} @ {load_text(done.load_kg, unit)}"


def leg_text(note: LegNote) -> str:
    """'left leg behind since Tue 3 Nov, closing (15% → 6%)'."""
    since = day_label(note.since)
    if note.latest_gap == 0:
        return (_("left leg was behind since {since}; even last time 👍") if note.weaker == "left"
                else _("right leg was behind since {since}; even last time 👍")).format(
            since=since)
    if note.weaker == "left":
        said = (_("left leg behind since {since}, closing ({first} → {latest}): start each set "
                  "with it") if note.closing else
                _("left leg behind since {since}, not closing yet ({first} → {latest}): start "
                  "each set with it"))
    else:
        said = (_("right leg behind since {since}, closing ({first} → {latest}): start each "
                  "set with it") if note.closing else
                _("right leg behind since {since}, not closing yet ({first} → {latest}): start "
                  "each set with it"))
    return said.format(since=since, first=f"{note.first_gap:.0%}",
                       latest=f"{note.latest_gap:.0%}")


def caption(data: ProgressData, exercise_id: str) -> str:
    """Two lines: the last 30 days overall, then this exercise (and its legs)."""
    since = month_start(data.today)
    history = data.history
    days = {d.session_id: d.day for d in history}
    bests = sum(1 for r in all_records(history) if days[r.session_id] >= since)
    count = sessions_since(history, since)
    sessions = ngettext("{n} session", "{n} sessions", count).format(n=count)
    new = (ngettext("{n} new best", "{n} new bests", bests).format(n=bests) if bests else
           _("no new bests"))
    first = _("Last 30 days: {sessions} · {bests}").format(sessions=sessions, bests=new)
    name = by_id(exercise_id).name
    change = change_since(history, exercise_id, since)
    if change is None:
        second = _("{exercise}: not logged in the last 30 days").format(exercise=name)
    else:
        start = change.before or change.first
        second = (f"{name}: {_done_text(start, data.unit)} → "
                  f"{_done_text(change.latest, data.unit)}")
    note = leg_note(history, exercise_id)
    if note is not None:
        second += f"; {leg_text(note)}"
    return f"{first}\n{second}"


def record_line(record: Record, unit: str = "kg") -> str:
    """'🏆 Goblet squat: new best, 16 kg for 6 (was 14 kg)'."""
    name = by_id(record.exercise_id).name
    if record.side != "both":
        name = (_("{exercise} (left leg)") if record.side == "left" else
                _("{exercise} (right leg)")).format(exercise=name)
    if record.kind is RecordKind.HEAVIEST:
        return "🏆 " + _("{exercise}: new best, {load} for {reps} (was {was})").format(
            exercise=name, load=load_text(record.load_kg, unit), reps=record.reps,
            was=load_text(record.previous, unit))
    return "🏆 " + _("{exercise}: most reps at {load}, {reps} (was {was})").format(
        exercise=name, load=load_text(record.load_kg, unit), reps=record.reps,
        was=f"{record.previous:g}")


def weekday_name(weekday: int) -> str:
    return day_name(weekday)

"""Words around progress: chart captions, left/right notes and new bests."""

from collections.abc import Sequence

from bot.format import DAY_NAMES, day_label
from coach.exercises import by_id
from coach.history import Done, change_since, month_start, sessions_since, to_unit
from coach.legs import LegNote, leg_note
from coach.records import Record, RecordKind, all_records
from services.progress import ProgressData


def load_text(load_kg: float, unit: str = "kg") -> str:
    """'body weight', '12 kg', '26.5 lb'."""
    return "body weight" if load_kg <= 0 else f"{to_unit(load_kg, unit):g} {unit}"


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
        return f"{note.weaker} leg was behind since {since}; even last time 👍"
    trend = "closing" if note.closing else "not closing yet"
    return (f"{note.weaker} leg behind since {since}, {trend} "
            f"({note.first_gap:.0%} → {note.latest_gap:.0%}): start each set with it")


def caption(data: ProgressData, exercise_id: str) -> str:
    """Two lines: the last 30 days overall, then this exercise (and its legs)."""
    since = month_start(data.today)
    history = data.history
    days = {d.session_id: d.day for d in history}
    bests = sum(1 for r in all_records(history) if days[r.session_id] >= since)
    count = sessions_since(history, since)
    first = (f"Last 30 days: {count} session{'' if count == 1 else 's'} · "
             f"{bests or 'no'} new best{'' if bests == 1 else 's'}")
    name = by_id(exercise_id).name
    change = change_since(history, exercise_id, since)
    if change is None:
        second = f"{name}: not logged in the last 30 days"
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
    leg = "" if record.side == "both" else f" ({record.side} leg)"
    if record.kind is RecordKind.HEAVIEST:
        was = load_text(record.previous, unit)
        return (f"🏆 {name}{leg}: new best, {load_text(record.load_kg, unit)} for "
                f"{record.reps} (was {was})")
    return (f"🏆 {name}{leg}: most reps at {load_text(record.load_kg, unit)}, "
            f"{record.reps} (was {record.previous:g})")


def weekday_name(weekday: int) -> str:
    return DAY_NAMES[weekday]

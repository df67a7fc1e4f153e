"""CSV export and import: coachbot's own file, and the exports of Strong and Hevy.

Export writes one row per set (per leg for per-leg reports). Import reads a whole file
into `Workout`s first and refuses it outright — nothing is stored — when anything is wrong
with it (size, encoding, header, a bad value on any row); sets of exercises coachbot does
not coach and warm-up sets are counted and left out, not refused.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal

from coach.history import Done, to_unit
from coach.sets import ReportKind, SetsReport
from coach.transfer_formats import FORMATS, Format, RowError, known_exercise
from i18n import _, locale

HEADER = ("date_utc", "date_local", "exercise", "set", "side", "reps", "load_kg", "load",
          "unit", "session_id", "variant")
MAX_BYTES = 1_000_000
MAX_ROWS = 20_000
MAX_FIELD = 200
MAX_SETS = 10


class ImportRefused(ValueError):
    """The file was not taken; `reason` says why, in the coach's voice."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def export_csv(history: Sequence[Done], tz: str, unit: str = "kg") -> str:
    """Every set of a resolved history as CSV text, oldest first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    zone = ZoneInfo(tz)
    for done in history:
        utc = done.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        local = done.at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        load, kg = f"{to_unit(done.load_kg, unit):g}", f"{done.load_kg:g}"
        for side, reps in done.sides().items():
            mark = {"left": "L", "right": "R"}.get(side, "")
            for number, count in enumerate(reps, 1):
                writer.writerow((utc, local, done.exercise_id, number, mark, count, kg, load,
                                 unit, done.session_id, done.variant))
    return out.getvalue()


@dataclass(frozen=True)
class ImportedSet:
    exercise_id: str
    number: int
    side: str  # "", "L" or "R"
    reps: int
    load_kg: float


@dataclass(frozen=True)
class Workout:
    """One session of the file: its local day, its instant and its sets."""

    key: str
    day: date
    at: datetime
    sets: tuple[ImportedSet, ...]


@dataclass(frozen=True)
class ImportFile:
    """What a file holds, before anything is stored."""

    source: str
    workouts: tuple[Workout, ...]
    unknown: dict[str, int]  # exercise names we don't coach -> sets left out
    warmups: int


def read_csv(data: bytes, tz: str, unit: str, now: datetime) -> ImportFile:
    """Read a whole file or raise ImportRefused; nothing here touches storage."""
    text = _decode(data)
    rows = _rows(text)
    fmt = _format_of(rows[0])
    columns = {name: index for index, name in enumerate(rows[0])}
    groups: dict[str, list[ImportedSet]] = {}
    moments: dict[str, datetime] = {}
    unknown: dict[str, int] = {}
    warmups = 0
    for line, row in enumerate(rows[1:], 2):
        if not any(cell.strip() for cell in row):
            continue
        try:
            parsed = fmt.read(_cells(row, columns), ZoneInfo(tz), unit, now)
        except RowError as exc:
            raise ImportRefused(_("Line {line}: {problem}").format(line=line, problem=exc.reason)
                                ) from exc
        if parsed is None:
            warmups += 1
            continue
        exercise_id = known_exercise(parsed.name)
        if exercise_id is None:
            unknown[parsed.name[:40]] = unknown.get(parsed.name[:40], 0) + 1
            continue
        moments.setdefault(parsed.key, parsed.at)
        groups.setdefault(parsed.key, []).append(ImportedSet(
            exercise_id, parsed.number, parsed.side, parsed.reps, parsed.load_kg))
    zone = ZoneInfo(tz)
    workouts = tuple(sorted(
        (Workout(key, moments[key].astimezone(zone).date(), moments[key], tuple(sets))
         for key, sets in groups.items()), key=lambda w: (w.at, w.key)))
    return ImportFile(fmt.name, workouts, unknown, warmups)


def _decode(data: bytes) -> str:
    if not data.strip():
        raise ImportRefused(_("That file is empty."))
    if len(data) > MAX_BYTES:
        raise ImportRefused(_("That file is over {size} MB; a year of sessions is far "
                              "smaller.").format(size=MAX_BYTES // 1_000_000))
    if b"\x00" in data:
        raise ImportRefused(_("That doesn't look like a CSV text file."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(_("I can only read UTF-8 text; that file isn't.")) from exc


def _rows(text: str) -> list[list[str]]:
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
        rows: list[list[str]] = []
        for row in reader:
            if len(rows) > MAX_ROWS:
                raise ImportRefused(_("That file has over {rows} rows; I take up to that "
                                      "many at once.").format(
                    rows=format_decimal(MAX_ROWS, locale=locale())))
            if any(len(cell) > MAX_FIELD for cell in row):
                raise ImportRefused(_("Line {line} has a field far too long for a workout "
                                      "log.").format(line=reader.line_num))
            rows.append(row)
    except csv.Error as exc:
        raise ImportRefused(_("That CSV is malformed ({error}).").format(error=exc)) from exc
    if len(rows) < 2:
        raise ImportRefused(_("That file has no sets in it."))
    return rows


def _format_of(header: list[str]) -> Format:
    names = {cell.strip().strip('"').lower() for cell in header}
    for fmt in FORMATS:
        if fmt.matches(names):
            return fmt
    raise ImportRefused("I don't know that file's columns. I read coachbot's /export and the "
                        "CSV exports of Strong and Hevy.")


def _cells(row: list[str], columns: dict[str, int]) -> dict[str, str]:
    return {name.strip().lower(): (row[i].strip() if i < len(row) else "")
            for name, i in columns.items()}


@dataclass(frozen=True)
class NewSession:
    """One session an import adds, with a report per exercise."""

    day: date
    at: datetime
    reports: tuple[tuple[str, SetsReport], ...]


@dataclass(frozen=True)
class MergePlan:
    """What an import will add, and what it leaves out."""

    add: tuple[NewSession, ...]
    taken: int  # sets stored
    duplicates: int  # sets of a day and exercise already logged
    lighter: int  # sets below the exercise's working load that day (or past ten sets)


def merge(found: ImportFile, existing: set[tuple[date, str]]) -> MergePlan:
    """Plan the import: a day and exercise already logged is not logged again."""
    seen = set(existing)
    add: list[NewSession] = []
    taken = duplicates = lighter = 0
    for workout in found.workouts:
        reports = []
        for exercise_id in dict.fromkeys(s.exercise_id for s in workout.sets):
            sets = [s for s in workout.sets if s.exercise_id == exercise_id]
            if (workout.day, exercise_id) in seen:
                duplicates += len(sets)
                continue
            seen.add((workout.day, exercise_id))
            report, used = _report(sets)
            reports.append((exercise_id, report))
            taken += used
            lighter += len(sets) - used
        if reports:
            add.append(NewSession(workout.day, workout.at, tuple(reports)))
    return MergePlan(tuple(add), taken, duplicates, lighter)


def _report(sets: list[ImportedSet]) -> tuple[SetsReport, int]:
    """The working sets of one exercise (its heaviest load) as a report; sets used."""
    load = max(s.load_kg for s in sets)
    work = sorted((s for s in sets if s.load_kg == load), key=lambda s: (s.number, s.side))
    sides = {s.side for s in work}
    if sides == {""}:
        reps = tuple(s.reps for s in work[:MAX_SETS])
        return SetsReport(ReportKind.SETS, reps, load_kg=load), len(reps)
    left = tuple(s.reps for s in work if s.side == "L")[:MAX_SETS]
    right = tuple(s.reps for s in work if s.side == "R")[:MAX_SETS]
    if "" in sides or len(left) != len(right):
        raise ImportRefused(_("Some left and right sets don't pair up (each set needs both "
                              "an L and an R row)."))
    both = tuple(map(min, left, right))
    return SetsReport(ReportKind.SETS, both, left, right, load), 2 * len(both)

"""Each runner's latest entry of each exercise, kept as the log is written.

"Last time" on a card is the latest entry of an exercise (skips left out), in the log's
order: by session day, then when it was logged (storage.entries.BY_DAY). Reading it from the
whole log costs a scan of the runner's history per card; the `exercise_marks` table keeps it
instead, one row per runner and exercise, and database triggers keep it in the transaction
that writes the entries, whatever writes them (a report, a correction, undo, an import, a
deleted runner): an added entry later than the mark takes its place, and a deleted mark is
found again among the entries left (the only UPDATEs of entries stamp targets, which the
mark does not hold). The triggers are created by migration 0015 (`TRIGGERS`).

The same way, `exercise_bests` keeps each runner's best sets (below), what a finished
session's new records are judged against; migration 0017 creates it and its triggers.
"""

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Float, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime

COLUMNS = "user_id, exercise_id, entry_id, session_id, session_date, created_at"
LATER = ("(excluded.session_date, excluded.created_at, excluded.session_id, excluded.entry_id)"
         " > (exercise_marks.session_date, exercise_marks.created_at, "
         "exercise_marks.session_id, exercise_marks.entry_id)")
UPSERT = (f"ON CONFLICT (user_id, exercise_id) DO UPDATE SET entry_id = excluded.entry_id, "
          f"session_id = excluded.session_id, session_date = excluded.session_date, "
          f"created_at = excluded.created_at WHERE {LATER}")
ADDED = (f"INSERT INTO exercise_marks ({COLUMNS}) SELECT NEW.user_id, NEW.exercise_id, "
         "NEW.id, NEW.session_id, s.session_date, NEW.created_at FROM sessions s "
         f"WHERE s.id = NEW.session_id {UPSERT}")
LATEST_LEFT = (f"INSERT INTO exercise_marks ({COLUMNS}) SELECT e.user_id, e.exercise_id, "
               "e.id, e.session_id, s.session_date, e.created_at FROM entries e "
               "JOIN sessions s ON s.id = e.session_id WHERE e.user_id = OLD.user_id "
               "AND e.exercise_id = OLD.exercise_id AND e.kind <> 'skipped' "
               "ORDER BY s.session_date DESC, e.created_at DESC, e.session_id DESC, "
               "e.id DESC LIMIT 1 ON CONFLICT DO NOTHING")
IS_MARK = "EXISTS (SELECT 1 FROM exercise_marks WHERE entry_id = OLD.id)"
# Every entry ranked in its runner's log of that exercise (rk 1: the latest): the full scan
# the marks stand for, used to fill them and by the tests.
RANKED = ("SELECT e.user_id, e.exercise_id, e.id, e.session_id, s.session_date, e.created_at, "
          "row_number() OVER (PARTITION BY e.user_id, e.exercise_id ORDER BY s.session_date "
          "DESC, e.created_at DESC, e.session_id DESC, e.id DESC) AS rk FROM entries e "
          "JOIN sessions s ON s.id = e.session_id WHERE e.kind <> 'skipped'")
FILL = (f"INSERT INTO exercise_marks ({COLUMNS}) SELECT user_id, exercise_id, id, session_id, "
        f"session_date, created_at FROM ({RANKED}) AS ranked WHERE rk = 1")

TRIGGERS = {
    "sqlite": [
        "CREATE TRIGGER entries_mark_added AFTER INSERT ON entries "
        f"WHEN NEW.kind <> 'skipped' BEGIN {ADDED}; END",
        f"CREATE TRIGGER entries_mark_deleted AFTER DELETE ON entries WHEN {IS_MARK} BEGIN "
        f"DELETE FROM exercise_marks WHERE entry_id = OLD.id; {LATEST_LEFT}; END",
    ],
    "postgresql": [
        "CREATE FUNCTION entries_mark_added() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF NEW.kind <> 'skipped' THEN {ADDED}; END IF; RETURN NULL; END $$",
        "CREATE TRIGGER entries_mark_added AFTER INSERT ON entries FOR EACH ROW "
        "EXECUTE FUNCTION entries_mark_added()",
        "CREATE FUNCTION entries_mark_deleted() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF {IS_MARK} THEN DELETE FROM exercise_marks WHERE entry_id = OLD.id; "
        f"{LATEST_LEFT}; END IF; RETURN NULL; END $$",
        "CREATE TRIGGER entries_mark_deleted AFTER DELETE ON entries FOR EACH ROW "
        "EXECUTE FUNCTION entries_mark_deleted()",
    ],
}
DROP = {
    "sqlite": ["DROP TRIGGER IF EXISTS entries_mark_added",
               "DROP TRIGGER IF EXISTS entries_mark_deleted"],
    "postgresql": ["DROP TRIGGER IF EXISTS entries_mark_added ON entries",
                   "DROP TRIGGER IF EXISTS entries_mark_deleted ON entries",
                   "DROP FUNCTION IF EXISTS entries_mark_added()",
                   "DROP FUNCTION IF EXISTS entries_mark_deleted()"],
}


class MarkRow(Base):
    """A runner's latest entry of one exercise (skips left out), with its order in the log."""

    __tablename__ = "exercise_marks"
    __table_args__ = (Index("ix_exercise_marks_entry", "entry_id"),)

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    exercise_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer)
    session_id: Mapped[int] = mapped_column(Integer)
    session_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


# Bests: each runner's best set of each exercise, variant, side and load, kept like the
# marks so a session's new records (coach.records) are read in one short query instead of a
# replay of the whole log. One row per (runner, exercise, variant, side, load): `reps` is the
# most reps in one set on that side at that load over every concrete entry (skips left out),
# `session_id` the session that did it, and `other_reps` the most by any OTHER session
# (NULL: none), so "the best before session S" is `other_reps` when S holds the row, else
# `reps`. Sides as coach.history.Done has them: "both" is every entry's reps (the weaker
# leg's for per-leg reports), "left"/"right" a per-leg entry's leg, else its reps (a report
# without sides counts for each leg). The variant is the day's, else the close stamp's,
# else "" (coach.history._done). Rows stored without their numbers (before entries carried
# them: no reps or no load) are left out: nothing spells them out in SQL.
BEST_KEY = "user_id, exercise_id, variant, side, load_kg"
BEST_COLUMNS = f"{BEST_KEY}, session_id, reps, other_reps"
CONCRETE = "{e}.kind <> 'skipped' AND {e}.reps <> '' AND {e}.load_kg IS NOT NULL"
_MOST = {  # the most reps in a stored "8 8 7" (NULL when empty)
    "sqlite": "(SELECT max(CAST(value AS INTEGER)) FROM json_each('[' || "
              "replace(trim({x}), ' ', ',') || ']'))",
    "postgresql": "(SELECT max(CAST(v AS INTEGER)) FROM unnest(string_to_array(trim({x}), "
                  "' ')) AS v)",
}
_VARIANT = ("CASE WHEN {e}.day_sets IS NOT NULL AND {e}.day_reps IS NOT NULL THEN "
            "coalesce({e}.day_variant, '') WHEN {e}.from_sets IS NOT NULL AND {e}.from_reps "
            "IS NOT NULL THEN coalesce({e}.from_variant, '') ELSE '' END")


def _sides(dialect: str, e: str, where: str) -> str:
    """One row per side of each entry `e` matching `where` (FROM entries e, or a trigger's
    NEW): the key, the session and the most reps."""
    most = _MOST[dialect]
    legs = f"{e}.left IS NOT NULL AND {e}.right IS NOT NULL"
    source = "" if e in ("NEW", "OLD") else f" FROM entries {e}"
    parts = []
    for side, reps in (("both", f"{e}.reps"), ("left", f"{e}.left"), ("right", f"{e}.right")):
        value = (most.format(x=reps) if side == "both" else
                 f"CASE WHEN {legs} THEN {most.format(x=reps)} "
                 f"ELSE {most.format(x=f'{e}.reps')} END")
        parts.append(f"SELECT {e}.user_id AS user_id, {e}.exercise_id AS exercise_id, "
                     f"{_VARIANT.format(e=e)} AS variant, '{side}' AS side, {e}.load_kg AS "
                     f"load_kg, {e}.session_id AS session_id, coalesce({value}, 0) AS reps"
                     f"{source} WHERE {where}")
    return " UNION ALL ".join(parts)


def fill_bests(dialect: str, where: str = "true") -> str:
    """The bests of the entries `e` matching `where`, computed from them (each session's
    most per key, ranked): the scan the kept rows stand for, used to fill them, to redo a
    slice after a deletion, and by the tests."""
    sides = _sides(dialect, "e", f"{CONCRETE.format(e='e')} AND {where}")
    per = (f"SELECT {BEST_KEY}, session_id, max(reps) AS reps FROM ({sides}) AS s "
           f"GROUP BY {BEST_KEY}, session_id")
    ranked = (f"SELECT per.*, row_number() OVER (PARTITION BY {BEST_KEY} ORDER BY reps DESC, "
              f"session_id DESC) AS rk FROM ({per}) AS per")
    return (f"SELECT {BEST_KEY}, max(CASE WHEN rk = 1 THEN session_id END) AS session_id, "
            "max(CASE WHEN rk = 1 THEN reps END) AS reps, max(CASE WHEN rk = 2 THEN reps END) "
            f"AS other_reps FROM ({ranked}) AS ranked GROUP BY {BEST_KEY}")


def _best_added(dialect: str) -> str:
    """Fold a new entry's sides into the kept rows: a higher set by another session takes
    the row (the old best becomes the other sessions' best), a set of the holding session
    only raises its own best, a lower one by another session may raise `other_reps`."""
    most = "max" if dialect == "sqlite" else "greatest"
    b = "exercise_bests"
    return (f"INSERT INTO exercise_bests ({BEST_COLUMNS}) SELECT {BEST_KEY}, session_id, reps, "
            f"NULL FROM ({_sides(dialect, 'NEW', 'true')}) AS s WHERE true "
            f"ON CONFLICT ({BEST_KEY}) DO UPDATE SET "
            f"other_reps = CASE WHEN excluded.session_id = {b}.session_id THEN {b}.other_reps "
            f"WHEN excluded.reps > {b}.reps THEN {b}.reps "
            f"ELSE {most}(coalesce({b}.other_reps, -1), excluded.reps) END, "
            f"session_id = CASE WHEN excluded.session_id <> {b}.session_id AND excluded.reps > "
            f"{b}.reps THEN excluded.session_id ELSE {b}.session_id END, "
            f"reps = CASE WHEN excluded.reps > {b}.reps THEN excluded.reps ELSE {b}.reps END")


def _redo(dialect: str, row: str) -> str:
    """Recompute the kept rows of one runner, exercise and load (`row`: OLD or NEW) from the
    entries left: a deletion may take a best away."""
    load = f"coalesce({row}.load_kg, 0)"
    same = (f"e.user_id = {row}.user_id AND e.exercise_id = {row}.exercise_id "
            f"AND e.load_kg = {load}")
    return (f"DELETE FROM exercise_bests WHERE user_id = {row}.user_id AND exercise_id = "
            f"{row}.exercise_id AND load_kg = {load}; INSERT INTO exercise_bests "
            f"({BEST_COLUMNS}) {fill_bests(dialect, same)}")


_COLUMNS_READ = ("kind", "reps", "left", "right", "load_kg", "day_sets", "day_reps",
                 "day_variant", "session_id")
_STAMP = ("from_sets", "from_reps", "from_variant")  # the variant of rows without a day


def _changed(dialect: str) -> str:
    """An update that changes what the bests read (a close stamp only does for a row stored
    without its day's target: there the stamp gives the variant)."""
    differs = "IS NOT" if dialect == "sqlite" else "IS DISTINCT FROM"
    stamp = " OR ".join(f"NEW.{c} {differs} OLD.{c}" for c in _STAMP)
    return " OR ".join([f"NEW.{c} {differs} OLD.{c}" for c in _COLUMNS_READ] + [
        f"((NEW.day_sets IS NULL OR NEW.day_reps IS NULL) AND ({stamp}))"])


def best_triggers(dialect: str) -> list[str]:
    """The triggers keeping `exercise_bests` (migration 0017)."""
    new, old = CONCRETE.format(e="NEW"), "OLD.kind <> 'skipped'"
    if dialect == "sqlite":
        return [f"CREATE TRIGGER entries_best_added AFTER INSERT ON entries WHEN {new} "
                f"BEGIN {_best_added(dialect)}; END",
                f"CREATE TRIGGER entries_best_deleted AFTER DELETE ON entries WHEN {old} "
                f"BEGIN {_redo(dialect, 'OLD')}; END",
                f"CREATE TRIGGER entries_best_changed AFTER UPDATE ON entries WHEN "
                f"{_changed(dialect)} BEGIN {_redo(dialect, 'OLD')}; "
                f"{_redo(dialect, 'NEW')}; END"]
    body = {"added": f"IF {new} THEN {_best_added(dialect)}; END IF;",
            "deleted": f"IF {old} THEN {_redo(dialect, 'OLD')}; END IF;",
            "changed": f"IF {_changed(dialect)} THEN {_redo(dialect, 'OLD')}; "
                       f"{_redo(dialect, 'NEW')}; END IF;"}
    events = {"added": "INSERT", "deleted": "DELETE", "changed": "UPDATE"}
    out = []
    for name, statements in body.items():
        out += [f"CREATE FUNCTION entries_best_{name}() RETURNS trigger LANGUAGE plpgsql AS "
                f"$$ BEGIN {statements} RETURN NULL; END $$",
                f"CREATE TRIGGER entries_best_{name} AFTER {events[name]} ON entries FOR EACH "
                f"ROW EXECUTE FUNCTION entries_best_{name}()"]
    return out


def drop_best_triggers(dialect: str) -> list[str]:
    names = ("added", "deleted", "changed")
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS entries_best_{n}" for n in names]
    return ([f"DROP TRIGGER IF EXISTS entries_best_{n} ON entries" for n in names]
            + [f"DROP FUNCTION IF EXISTS entries_best_{n}()" for n in names])


class BestRow(Base):
    """A runner's best set of one exercise, variant, side and load, and who holds it."""

    __tablename__ = "exercise_bests"

    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    exercise_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    variant: Mapped[str] = mapped_column(String(32), primary_key=True)
    side: Mapped[str] = mapped_column(String(8), primary_key=True)
    load_kg: Mapped[float] = mapped_column(Float, primary_key=True)
    session_id: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)
    other_reps: Mapped[int | None] = mapped_column(Integer, nullable=True)

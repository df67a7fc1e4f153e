"""Each runner's latest entry of each exercise, kept as the log is written.

"Last time" on a card is the latest entry of an exercise (skips left out), in the log's
order: by session day, then when it was logged (storage.entries.BY_DAY). Reading it from the
whole log costs a scan of the runner's history per card; the `exercise_marks` table keeps it
instead, one row per runner and exercise, and database triggers keep it in the transaction
that writes the entries, whatever writes them (a report, a correction, undo, an import, a
deleted runner): an added entry later than the mark takes its place, and a deleted mark is
found again among the entries left (the only UPDATEs of entries stamp targets, which the
mark does not hold). The triggers are created by migration 0014 (`TRIGGERS`).
"""

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, Index, Integer, String
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

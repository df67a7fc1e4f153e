"""The statements of the delivery's hot paths, built once so their compiled forms are cached
whatever a batch holds (storage/delivery.py runs them)."""

from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import Date, Table, bindparam, select, text
from sqlalchemy.engine import Dialect

from coach.views import Delivery
from storage.among import among_in
from storage.models import UNSETTLED, SessionRow, UTCDateTime

# Built once, so their compiled forms are cached: the claim check of a group commit's
# retried rows (the ids as one parameter, storage/among.py; locked on PostgreSQL).
CLAIMED = select(SessionRow.id, SessionRow.claimed_at).where(
    SessionRow.delivery == Delivery.CLAIMED.value)
CLAIMED_SQLITE = CLAIMED.where(among_in("sqlite", SessionRow.id, [], key="ids"))
CLAIMED_PG = CLAIMED.where(among_in("postgresql", SessionRow.id, [], key="ids")
                             ).with_for_update()
# The unsettled sends through their partial index, named: without statistics SQLite's
# planner takes the delivery index and walks every reminder ever sent.
UNSETTLED_SQLITE = text(
    "SELECT * FROM sessions INDEXED BY ix_sessions_unsettled "
    f"WHERE {UNSETTLED} AND sent_at < :before LIMIT :limit").bindparams(
    bindparam("before", type_=UTCDateTime())).columns(*cast(Table, SessionRow.__table__).c)
# The sent rows of a group commit, recorded only while claimed with our stamp: the rows
# travel as one parameter (a JSON list on SQLite, arrays on PostgreSQL), so the statement is
# compiled once whatever their number.
SENT_SQLITE = text(
    "UPDATE sessions SET delivery = json_extract(g.value, '$[1]'), "
    "sent_at = json_extract(g.value, '$[2]'), message_id = json_extract(g.value, '$[3]'), "
    "retry_at = NULL FROM json_each(:rows) AS g "
    "WHERE sessions.id = json_extract(g.value, '$[0]') AND +sessions.delivery = 'claimed' "
    "AND sessions.claimed_at = json_extract(g.value, '$[4]') RETURNING sessions.id")
SENT_PG = text(
    "UPDATE sessions SET delivery = g.state, sent_at = g.at, message_id = g.mid, "
    "retry_at = NULL FROM unnest(CAST(:sids AS BIGINT[]), CAST(:states AS VARCHAR[]), "
    "CAST(:ats AS TIMESTAMPTZ[]), CAST(:mids AS BIGINT[]), CAST(:stamps AS TIMESTAMPTZ[])) "
    "AS g(sid, state, at, mid, stamp) WHERE sessions.id = g.sid "
    "AND sessions.delivery = 'claimed' AND sessions.claimed_at = g.stamp "
    "RETURNING sessions.id")


# Step 3's writes on SQLite, the rows as one JSON parameter (no executemany's parameter
# processing row by row on the event loop's thread while the write lock is held): reminded
# sessions opened (a planned one; an open one stays) with their nudge, where one is planned
# ([id, nudge_at or null]) …
OPENED_SQLITE = text(
    "UPDATE sessions SET status = 'open', "
    "nudge = CASE WHEN json_extract(g.value, '$[1]') IS NULL THEN sessions.nudge "
    "ELSE 'due' END, "
    "nudge_at = CASE WHEN json_extract(g.value, '$[1]') IS NULL THEN sessions.nudge_at "
    "ELSE json_extract(g.value, '$[1]') END "
    "FROM json_each(:rows) AS g WHERE sessions.id = json_extract(g.value, '$[0]') "
    "AND sessions.status IN ('planned', 'open')")
# … and the next reminders inserted ([user id, session date, due at]).
PLANNED_SQLITE = text(
    "INSERT INTO sessions (user_id, kind, session_date, due_at, delivery, status) "
    "SELECT json_extract(value, '$[0]'), 'scheduled', json_extract(value, '$[1]'), "
    "json_extract(value, '$[2]'), 'due', 'planned' FROM json_each(:rows)")


@lru_cache(maxsize=8)
def stored_date(dialect: Dialect) -> Callable[[date], Any]:
    """A date as the dialect stores it in a Date column (SQLite: its text)."""
    process = Date().dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else (lambda value: value)


@lru_cache(maxsize=8)
def stored_datetime(dialect: Dialect) -> Callable[[datetime | None], Any]:
    """A datetime as the dialect stores it in a UTCDateTime column (SQLite: its text)."""
    process = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    return process if process is not None else (lambda value: value)

"""The inbox's statements on the hot path, built once: Core, not the ORM."""

from typing import Any, cast

from sqlalchemy import Float, Table, bindparam, func, literal_column, null, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.languages import spoken
from storage.models import InboxRow

INBOX = cast(Table, InboxRow.__table__)  # the Core table: no ORM layer on the hot path
_UPSERTS: dict[tuple[bool, bool], Any] = {}


def upsert(postgres: bool, marking: bool) -> Any:
    """The store's one statement, built once per dialect and kind and run with a list of
    rows: SQLAlchemy sends them as one multi-row INSERT … RETURNING, its compiled form
    cached (the SET clause holds no bound values: those would make it go row by row).
    New rows are added, a re-delivery changes nothing; `marking`: a bare row with an
    owner turns an unhandled row handled. Returns each stored row's id, user and the
    user's language (storage/languages.py)."""
    key = (postgres, marking)
    if key not in _UPSERTS:
        insert = pg_insert if postgres else sqlite_insert
        if postgres:  # the database's clock: hosts agree on leases
            until = func.now() + bindparam("lease_seconds", type_=Float) \
                * literal_column("interval '1 second'")
        else:
            until = bindparam("lease_until", type_=INBOX.c.lease_until.type)
        stmt = insert(INBOX).values(
            update_id=bindparam("update_id"), user_id=bindparam("user_id"),
            payload=bindparam("payload"), received_at=bindparam("received_at"),
            handled_at=bindparam("handled_at"), owner=bindparam("owner"), lease_until=until)
        if marking:
            stmt = stmt.on_conflict_do_update(
                index_elements=[INBOX.c.update_id],
                set_=dict(handled_at=stmt.excluded.handled_at, payload=null(), user_id=null()),
                where=INBOX.c.handled_at.is_(None) & stmt.excluded.owner.is_not(None)
                & stmt.excluded.payload.is_(None))
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=[INBOX.c.update_id])
        _UPSERTS[key] = stmt.returning(INBOX.c.update_id, *spoken())
    return _UPSERTS[key]


# An update acted on: its changes are in the caller's transaction. Run with every change a
# runner makes, so built once; with an owner, only while that owner holds it unhandled.
_ACTED_ROW = (INBOX.c.update_id == bindparam("acted_id"), INBOX.c.acted_at.is_(None))
ACTED = update(INBOX).where(*_ACTED_ROW).values(
    acted_at=bindparam("acted_now", type_=INBOX.c.acted_at.type))
ACTED_BY_OWNER = ACTED.where(
    INBOX.c.handled_at.is_(None),
    or_(INBOX.c.owner.is_(None), INBOX.c.owner == bindparam("acted_owner")))

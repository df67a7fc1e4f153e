"""The runner's language, read where a row of theirs is written anyway.

`users.language` holds the language the bot speaks to a runner ("en", "ru"; NULL: not
chosen yet, so the source language, or the one of their Telegram). The inbox's store of an
arriving update returns it too (`spoken`, `learned`): the bot knows which language to
handle the update in without a statement of its own.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, literal_column, select

from storage.models import InboxRow, User

Languages = dict[int, str | None]  # user id -> the stored language (None: not chosen)


def spoken() -> tuple[Any, ...]:
    """Columns to return with a stored inbox row: its user id and that user's language."""
    # the user id of the row being stored, named as RETURNING sees it
    row_user: ColumnElement[int] = literal_column(f"{InboxRow.__tablename__}.user_id")
    language = select(User.language).where(User.id == row_user).scalar_subquery()
    return InboxRow.user_id, language


def learned(rows: Sequence[Any], into: Languages | None) -> Sequence[Any]:
    """Note the (update id, user id, language) rows' languages in `into`; the rows."""
    if into is not None:
        into.update({int(row[1]): row[2] for row in rows if row[1] is not None})
    return rows

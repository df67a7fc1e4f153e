"""`column IN (the batch's ids)` as one bound value, whatever the batch's size.

An expanding `IN (…)` renders one placeholder per id at every execution (on PostgreSQL with
a cast each): for a batch of 500 that is most of a statement's cost. Here the ids travel as
one value: an array on PostgreSQL (`= ANY($1)`), a JSON list on SQLite (`IN (SELECT value
FROM json_each(?))`); both use the column's index, and the statement's compiled form is
cached like any other.
"""

from collections.abc import Iterable
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    String,
    any_,
    bindparam,
    func,
    literal_column,
    select,
)
from sqlalchemy import Column as TableColumn
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import QueryableAttribute

Column = ColumnElement[Any] | QueryableAttribute[Any]


def among(session: AsyncSession, column: Column,
          values: Iterable[int]) -> ColumnElement[bool]:
    """`column IN values` for the session's database, the values as one parameter."""
    return among_in(session.get_bind().dialect.name, column, values)


def among_in(dialect: str, column: Column, values: Iterable[int],
             key: str | None = None) -> ColumnElement[bool]:
    """`among` for a dialect by name; `key` names the parameter, for a statement built once
    and given its ids at execution (a list on PostgreSQL, a JSON list on SQLite)."""
    ids = [int(value) for value in values]
    if dialect == "postgresql":
        return column == any_(bindparam(key, ids, type_=ARRAY(BigInteger)))
    listed = func.json_each(bindparam(key, int_list(ids), type_=String)).table_valued(
        "value")
    return column.in_(select(listed.c.value))


def int_list(ids: Iterable[int]) -> str:
    """Whole numbers as a JSON list, several times faster than json.dumps."""
    return f"[{','.join(map(str, map(int, ids)))}]"


def unindexed(dialect: str, column: TableColumn[Any]) -> ColumnElement[Any]:
    """`column` as SQLite's planner will not look up in an index (`+table.column`), for a
    condition beside `among` over the primary key: without statistics SQLite would rather
    walk an index on, say, `delivery = 'due'`, every runner's planned row, than look the
    batch's ids up. PostgreSQL's planner weighs both, so it gets the column as it is."""
    if dialect == "postgresql":
        return column
    return literal_column(f"+{column.table.name}.{column.name}", column.type)

"""Alembic environment: runs migrations through the async engine of the configured URL.

All pending migrations and the version stamp run in ONE transaction, so a kill at any
moment leaves the schema either as it was or fully upgraded:

- SQLite: the engine of storage/db.py switches pysqlite's implicit transactions off and
  opens every transaction with BEGIN IMMEDIATE, so DDL is transactional (pysqlite would
  otherwise run CREATE/ALTER in autocommit) and two migrating processes take turns;
  `transactional_ddl=True` tells Alembic it may rely on that.
- PostgreSQL: DDL is transactional; a transaction-scoped advisory lock, taken before the
  current revision is read, makes concurrent starts take turns instead of racing.
"""

import asyncio

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.db import create_engine
from storage.models import Base

target_metadata = Base.metadata
# pg_advisory_xact_lock key shared by every coachbot process ("coachbot" in ASCII, 63 bits).
MIGRATION_LOCK = 0x636F616368626F74


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transactional_ddl=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                               {"key": MIGRATION_LOCK})
        context.run_migrations()


async def _run_online() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = create_engine(url, foreign_keys=False)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


def _run_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _run_offline()
else:
    asyncio.run(_run_online())

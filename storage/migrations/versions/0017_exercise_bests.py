"""exercise_bests: each runner's best set per exercise, variant, side and load (and the
best of the other sessions), kept by triggers on entries as the log is written
(storage/marks.py), filled here from the entries already stored

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.marks import BEST_COLUMNS, best_triggers, drop_best_triggers, fill_bests

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exercise_bests",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("exercise_id", sa.String(length=32), nullable=False),
        sa.Column("variant", sa.String(length=32), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("load_kg", sa.Float(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("other_reps", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", "exercise_id", "variant", "side", "load_kg"),
    )
    dialect = op.get_bind().dialect.name
    op.execute(f"INSERT INTO exercise_bests ({BEST_COLUMNS}) {fill_bests(dialect)}")
    for statement in best_triggers(dialect):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_best_triggers(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table("exercise_bests")

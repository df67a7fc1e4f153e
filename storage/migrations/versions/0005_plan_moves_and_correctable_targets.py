"""plan moves for this week, and the target each logged exercise was done against

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=True),
        sa.Column("to_date", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_plan_moves_user_to", "plan_moves", ["user_id", "to_date"])
    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("from_sets", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("from_reps", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("from_load_kg", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("from_load_kg")
        batch.drop_column("from_reps")
        batch.drop_column("from_sets")
    op.drop_index("ix_plan_moves_user_to", table_name="plan_moves")
    op.drop_table("plan_moves")

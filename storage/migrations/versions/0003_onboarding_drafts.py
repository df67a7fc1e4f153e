"""onboarding drafts: answers collected so far survive a restart

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "drafts",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("step", sa.String(length=8), nullable=False),
        sa.Column("hard_days", sa.Integer(), nullable=False),
        sa.Column("cross_days", sa.Integer(), nullable=False),
        sa.Column("run_end_minutes", sa.Integer(), nullable=True),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("single", sa.Boolean(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("drafts")

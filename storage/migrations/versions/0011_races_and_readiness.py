"""races and readiness: races the runner told, legs before a session, pain per area

Revision ID: 0011
Revises: 0008
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "races",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("race_date", sa.Date(), nullable=False),
        sa.Column("distance", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("uq_races_user_date", "races", ["user_id", "race_date"], unique=True)
    op.create_table(
        "readiness",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("level", sa.String(length=8), nullable=False),
        sa.Column("area", sa.String(length=16), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("cleared_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_readiness_user_date", "readiness", ["user_id", "session_date"])


def downgrade() -> None:
    op.drop_index("ix_readiness_user_date", table_name="readiness")
    op.drop_table("readiness")
    op.drop_index("uq_races_user_date", table_name="races")
    op.drop_table("races")

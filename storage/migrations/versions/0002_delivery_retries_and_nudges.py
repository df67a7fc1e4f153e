"""delivery retries and next-morning nudges: sessions.attempts, retry_at, nudge, nudge_at

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("retry_at", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("nudge", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("nudge_at", UTC_TIME, nullable=True))
    op.create_index("ix_sessions_nudge_due", "sessions", ["nudge", "nudge_at"])


def downgrade() -> None:
    op.drop_index("ix_sessions_nudge_due", table_name="sessions")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("nudge_at")
        batch.drop_column("nudge")
        batch.drop_column("retry_at")
        batch.drop_column("attempts")

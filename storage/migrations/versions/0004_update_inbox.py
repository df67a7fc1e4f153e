"""update inbox: updates are stored before Telegram is told they arrived

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=True),
        sa.Column("received_at", UTC_TIME, nullable=False),
        sa.Column("acted_at", UTC_TIME, nullable=True),
        sa.Column("handled_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("update_id"),
    )
    op.create_index("ix_inbox_handled", "inbox", ["handled_at", "update_id"])
    op.create_index("ix_inbox_user_id", "inbox", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_inbox_user_id", table_name="inbox")
    op.drop_index("ix_inbox_handled", table_name="inbox")
    op.drop_table("inbox")

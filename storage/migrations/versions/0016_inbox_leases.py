"""inbox leases: which instance handles a stored update, until when; retries; dead letters

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.add_column(sa.Column("owner", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("lease_until", UTC_TIME, nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("dead_at", UTC_TIME, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbox") as batch:
        batch.drop_column("dead_at")
        batch.drop_column("attempts")
        batch.drop_column("lease_until")
        batch.drop_column("owner")

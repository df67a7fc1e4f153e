"""sessions: how hard the finished session felt (easy, just right, hard, too hard);
readiness: how bad the pain is, 0-10, and whether it is worse than last time

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("effort", sa.String(length=10), nullable=True))
    with op.batch_alter_table("readiness") as batch:
        batch.add_column(sa.Column("score", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("worse", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("readiness") as batch:
        batch.drop_column("worse")
        batch.drop_column("score")
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("effort")

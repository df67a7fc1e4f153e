"""entries: the day's target each exercise was logged against (as the card showed it)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("day_sets", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("day_reps", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("day_load_kg", sa.Float(), nullable=True))
        batch.add_column(sa.Column("day_variant", sa.String(length=24), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("day_variant")
        batch.drop_column("day_load_kg")
        batch.drop_column("day_reps")
        batch.drop_column("day_sets")

"""equipment and variants: what each runner trains with, and the variant of each target

Revision ID: 0010
Revises: 0008
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("equipment", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("weights", sa.String(length=200), nullable=True))
    with op.batch_alter_table("targets") as batch:
        batch.add_column(sa.Column("variant", sa.String(length=24), nullable=False,
                                   server_default=""))
    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("from_variant", sa.String(length=24), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("from_variant")
    with op.batch_alter_table("targets") as batch:
        batch.drop_column("variant")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("weights")
        batch.drop_column("equipment")

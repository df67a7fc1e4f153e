"""a runner's waiting reminder found by a partial index: (user_id, due_at) WHERE delivery = 'due'

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06

(user_id, delivery, due_at) held every session a runner ever had. Each reminder moved its
entry twice (claimed, then sent) after the insert of its planned row: a delete and an insert
each time, on a page of that runner's own. On a season of 5,000 runners the claim's UPDATE of
500 rows took 46 ms with it and 27 ms without. The queries that use it all ask for the
reminders still waiting (delivery 'due'): the partial index holds only those, about one a
runner; a reminder enters it when planned and leaves it once, when claimed.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WAITING = "delivery = 'due'"


def upgrade() -> None:
    op.create_index("ix_sessions_user_due", "sessions", ["user_id", "due_at"],
                    sqlite_where=sa.text(WAITING), postgresql_where=sa.text(WAITING))
    op.drop_index("ix_sessions_user_delivery_due", table_name="sessions")


def downgrade() -> None:
    op.create_index("ix_sessions_user_delivery_due", "sessions",
                    ["user_id", "delivery", "due_at"])
    op.drop_index("ix_sessions_user_due", table_name="sessions")

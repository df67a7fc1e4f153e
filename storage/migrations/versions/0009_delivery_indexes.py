"""indexes for the hot paths: a runner's planned reminder, calendar, and unsettled sends

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

- (user_id, delivery, due_at): a runner's next planned reminder (/plan, registration, after
  each delivery) was found by walking the (delivery, due_at) index until it met the runner:
  a walk that grew with the number of runners.
- (user_id, session_date): a runner's booked dates (the partial unique index covers only
  scheduled sessions, so the planner's query could not use it).
- partial (sent_at) WHERE status = 'planned' AND delivery IN ('sent', 'missed'): reminders
  recorded as sent whose follow-up a crash cut short; nearly empty, and no other query can
  pick it by mistake.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_sessions_user_delivery_due": ["user_id", "delivery", "due_at"],
    "ix_sessions_user_date": ["user_id", "session_date"],
}
UNSETTLED = "status = 'planned' AND delivery IN ('sent', 'missed')"


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "sessions", columns)
    op.create_index("ix_sessions_unsettled", "sessions", ["sent_at"],
                    sqlite_where=sa.text(UNSETTLED), postgresql_where=sa.text(UNSETTLED))


def downgrade() -> None:
    op.drop_index("ix_sessions_unsettled", table_name="sessions")
    for name in INDEXES:
        op.drop_index(name, table_name="sessions")

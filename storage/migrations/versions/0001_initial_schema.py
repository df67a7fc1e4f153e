"""initial schema: users, targets, sessions, entries

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)
SCHEDULED = sa.text("kind = 'scheduled'")


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("tz", sa.String(length=64), nullable=True),
        sa.Column("run_end_minutes", sa.Integer(), nullable=True),
        sa.Column("hard_days", sa.Integer(), nullable=False),
        sa.Column("cross_days", sa.Integer(), nullable=False),
        sa.Column("session_days", sa.Integer(), nullable=False),
        sa.Column("paused_until", UTC_TIME, nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("auto_progression", sa.Boolean(), nullable=False),
        sa.Column("onboarded_at", UTC_TIME, nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=False),
        sa.Column("due_at", UTC_TIME, nullable=False),
        sa.Column("delivery", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", UTC_TIME, nullable=True),
        sa.Column("sent_at", UTC_TIME, nullable=True),
        sa.Column("closed_at", UTC_TIME, nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sessions_delivery_due", "sessions", ["delivery", "due_at"])
    op.create_index("ix_sessions_user_status", "sessions", ["user_id", "status"])
    op.create_index(
        "uq_scheduled_session_per_day",
        "sessions",
        ["user_id", "session_date"],
        unique=True,
        sqlite_where=SCHEDULED,
        postgresql_where=SCHEDULED,
    )
    op.create_table(
        "targets",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("exercise_id", sa.String(length=32), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("load_kg", sa.Float(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "exercise_id"),
    )
    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("exercise_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reps", sa.String(length=200), nullable=False),
        sa.Column("left", sa.String(length=200), nullable=True),
        sa.Column("right", sa.String(length=200), nullable=True),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.Column("source_message_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_entries_session_id", "entries", ["session_id"])
    op.create_index("ix_entries_user_exercise", "entries", ["user_id", "exercise_id", "id"])


def downgrade() -> None:
    op.drop_table("entries")
    op.drop_table("targets")
    op.drop_table("sessions")
    op.drop_table("users")

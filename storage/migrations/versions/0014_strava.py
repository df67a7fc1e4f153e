"""strava: connected runners (encrypted tokens), used connect states, the push-event
queue, classified activities and the app's request counts

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "strava_links",
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("athlete_id", sa.BigInteger(), nullable=False),
        sa.Column("access_token", sa.Text(), nullable=False),
        sa.Column("refresh_token", sa.Text(), nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.Column("long_runs_hard", sa.Boolean(), nullable=False),
        sa.Column("connected_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id"),
        sa.UniqueConstraint("athlete_id"),
    )
    op.create_table(
        "strava_states",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("nonce"),
    )
    op.create_table(
        "strava_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.BigInteger(), nullable=False),
        sa.Column("object_type", sa.String(length=16), nullable=False),
        sa.Column("object_id", sa.BigInteger(), nullable=False),
        sa.Column("aspect", sa.String(length=16), nullable=False),
        sa.Column("event_time", sa.BigInteger(), nullable=False),
        sa.Column("deauthorized", sa.Boolean(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", UTC_TIME, nullable=False),
        sa.Column("received_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("uq_strava_events_key", "strava_events",
                    ["owner_id", "object_type", "object_id", "aspect", "event_time"],
                    unique=True)
    op.create_index("ix_strava_events_due", "strava_events", ["done", "next_at"])
    op.create_table(
        "strava_activities",
        sa.Column("activity_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("sport_type", sa.String(length=32), nullable=False),
        sa.Column("start_at", UTC_TIME, nullable=False),
        sa.Column("distance_m", sa.Float(), nullable=False),
        sa.Column("moving_s", sa.Integer(), nullable=False),
        sa.Column("workout_type", sa.Integer(), nullable=True),
        sa.Column("max_hr", sa.Float(), nullable=True),
        sa.Column("hard", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=120), nullable=False),
        sa.Column("session_date", sa.Date(), nullable=True),
        sa.Column("lead", sa.String(length=120), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("activity_id"),
    )
    op.create_index("ix_strava_activities_user_start", "strava_activities",
                    ["user_id", "start_at"])
    op.create_table(
        "strava_limits",
        sa.Column("name", sa.String(length=8), nullable=False),
        sa.Column("window_start", UTC_TIME, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("blocked_until", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("name"),
    )


def downgrade() -> None:
    op.drop_table("strava_limits")
    op.drop_index("ix_strava_activities_user_start", table_name="strava_activities")
    op.drop_table("strava_activities")
    op.drop_index("ix_strava_events_due", table_name="strava_events")
    op.drop_index("uq_strava_events_key", table_name="strava_events")
    op.drop_table("strava_events")
    op.drop_table("strava_states")
    op.drop_table("strava_links")

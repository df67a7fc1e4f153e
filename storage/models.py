"""SQLAlchemy models: users, drafts, targets, sessions, logged sets, questions, notes,
weekly reviews, plan moves and the update inbox."""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    TypeDecorator,
    literal_column,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, QueryableAttribute, mapped_column


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime, stored naive on SQLite and as timestamptz on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def result_processor(self, dialect: Dialect, coltype: Any) -> Callable[[Any], Any]:
        """Read back as an aware UTC datetime: the driver's own conversion and the zone in
        one call per value (a batch of cards reads tens of thousands of these)."""
        convert = self.impl_instance.dialect_impl(dialect).result_processor(dialect, coltype)

        def process(value: Any) -> datetime | None:
            if value is None:
                return None
            if convert is not None:
                value = convert(value)
            zone = value.tzinfo
            if zone is None:
                return cast(datetime, value.replace(tzinfo=UTC))
            return cast(datetime, value if zone is UTC else value.astimezone(UTC))

        return process


# Recorded as sent, not yet followed up (opened, next planned): only while a batch is sent.
UNSETTLED = "status = 'planned' AND delivery IN ('sent', 'missed')"
# The reminders still waiting to be claimed: a runner's are found by a partial index (0020)
# that a reminder leaves once, when claimed.
WAITING = "delivery = 'due'"


def waiting(delivery: ColumnElement[str] | QueryableAttribute[str]) -> ColumnElement[bool]:
    """`delivery = 'due'` with the value written out as the index's condition has it, so
    PostgreSQL's generic plan of a prepared statement can use the partial index too."""
    return delivery == literal_column("'due'")


class Base(DeclarativeBase):
    """Declarative base of every coachbot table."""


class User(Base):
    """A runner: Telegram ids and the answers from onboarding."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    tz: Mapped[str | None] = mapped_column(String(64))
    run_end_minutes: Mapped[int | None] = mapped_column(Integer)
    hard_days: Mapped[int] = mapped_column(Integer, default=0)
    cross_days: Mapped[int] = mapped_column(Integer, default=0)
    session_days: Mapped[int] = mapped_column(Integer, default=0)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    auto_progression: Mapped[bool] = mapped_column(Boolean, default=True)
    unit: Mapped[str | None] = mapped_column(String(2))  # "kg" or "lb"; NULL: kg, not asked
    # coaching (0010): "bodyweight", "gym", "dumbbells" or "kettlebells"; NULL: not asked
    equipment: Mapped[str | None] = mapped_column(String(16))
    weights: Mapped[str | None] = mapped_column(String(200))  # owned loads in kg, "8 12 16"
    # the language the bot speaks to them (0019): "en", "ru"; NULL: not chosen yet (English)
    language: Mapped[str | None] = mapped_column(String(8))
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DraftRow(Base):
    """Onboarding answers collected so far; deleted when the plan is saved or abandoned."""

    __tablename__ = "drafts"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[str] = mapped_column(String(8))
    hard_days: Mapped[int] = mapped_column(Integer)
    cross_days: Mapped[int] = mapped_column(Integer)
    run_end_minutes: Mapped[int | None] = mapped_column(Integer)
    tz: Mapped[str | None] = mapped_column(String(64))
    single: Mapped[bool] = mapped_column(Boolean)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class TargetRow(Base):
    """The current target of one exercise for one user."""

    __tablename__ = "targets"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)
    load_kg: Mapped[float] = mapped_column(Float)
    variant: Mapped[str] = mapped_column(String(24), default="", server_default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SessionRow(Base):
    """One strength session: planned by the schedule or started with /log."""

    __tablename__ = "sessions"
    __table_args__ = (
        Index(
            "uq_scheduled_session_per_day",
            "user_id",
            "session_date",
            unique=True,
            sqlite_where=text("kind = 'scheduled'"),
            postgresql_where=text("kind = 'scheduled'"),
        ),
        Index("ix_sessions_delivery_due", "delivery", "due_at"),
        Index("ix_sessions_user_status", "user_id", "status"),
        Index("ix_sessions_nudge_due", "nudge", "nudge_at"),
        Index("ix_sessions_user_due", "user_id", "due_at", sqlite_where=text(WAITING),
              postgresql_where=text(WAITING)),
        Index("ix_sessions_user_date", "user_id", "session_date"),
        Index("ix_sessions_unsettled", "sent_at", sqlite_where=text(UNSETTLED),
              postgresql_where=text(UNSETTLED)),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    session_date: Mapped[date] = mapped_column(Date)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    delivery: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    attempts: Mapped[int | None] = mapped_column(Integer)  # failed sends so far (NULL: none)
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # not claimed before
    nudge: Mapped[str | None] = mapped_column(String(16))
    nudge_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    effort: Mapped[str | None] = mapped_column(String(10))  # how hard it felt (coach/effort)


class EntryRow(Base):
    """What the runner reported for one exercise of one session."""

    __tablename__ = "entries"
    __table_args__ = (Index("ix_entries_user_exercise", "user_id", "exercise_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    exercise_id: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    reps: Mapped[str] = mapped_column(String(200), default="")
    left: Mapped[str | None] = mapped_column(String(200))
    right: Mapped[str | None] = mapped_column(String(200))
    load_kg: Mapped[float | None] = mapped_column(Float)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The target this exercise was done against, set when its session closed; a correction
    # of that session recomputes the next target from it.
    from_sets: Mapped[int | None] = mapped_column(Integer)
    from_reps: Mapped[int | None] = mapped_column(Integer)
    from_load_kg: Mapped[float | None] = mapped_column(Float)
    from_variant: Mapped[str | None] = mapped_column(String(24))
    # The day's target as the card showed it when this was stored (lighter, trimmed, race
    # week, comeback or swapped); the reps and load above are always concrete next to it.
    day_sets: Mapped[int | None] = mapped_column(Integer)
    day_reps: Mapped[int | None] = mapped_column(Integer)
    day_load_kg: Mapped[float | None] = mapped_column(Float)
    day_variant: Mapped[str | None] = mapped_column(String(24))


class MoveRow(Base):
    """This week only: a session moved to another day, or one added ("ran hard today")."""

    __tablename__ = "plan_moves"
    __table_args__ = (Index("ix_plan_moves_user_to", "user_id", "to_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    from_date: Mapped[date | None] = mapped_column(Date)
    to_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReviewRow(Base):
    """A runner's weekly review: when it goes out (local day and time) and the next instant.

    `due_at` is the schedule (NULL while the review is off); a sender claims the row by
    stamping `claimed_at`, like reminders.
    """

    __tablename__ = "reviews"
    __table_args__ = (Index("ix_reviews_due", "due_at"),)

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    minutes: Mapped[int] = mapped_column(Integer)  # local time of day
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OpsCounter(Base):
    """Operational facts for `coachbot health` and `status`: a count and when it last moved.

    Rows: 'scheduler_tick' (the scheduler's last pass) and 'send_outcome_unknown' (sends
    whose answer was lost: the runner may have the message, and a retry may repeat it).
    """

    __tablename__ = "ops_counters"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class InboxRow(Base):
    """A Telegram update, stored before Telegram is told it arrived; handled exactly once.

    `payload` (the update's JSON, message text included) and `user_id` are erased when the
    update is handled; the bare id stays a day so a re-delivered update is recognised.
    """

    __tablename__ = "inbox"
    __table_args__ = (Index("ix_inbox_handled", "handled_at", "update_id"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    payload: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its changes committed
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # its handler returned
    # The instance handling it and until when (renewed while it works); expired: anyone's.
    owner: Mapped[str | None] = mapped_column(String(40))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    dead_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # given up after retries


import storage.marks  # noqa: E402 - their tables belong to the schema
import storage.questions  # noqa: E402
import storage.races  # noqa: E402
import storage.strava_tables  # noqa: E402, F401

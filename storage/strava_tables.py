"""Strava's tables (migration 0014); the repository is storage/strava.py.

Links, activities and used states belong to a runner and go with /deleteme through their
foreign keys; events carry only Strava's ids.
"""

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, UTCDateTime


class StravaLink(Base):
    """A runner connected to Strava: the athlete and the (encrypted) tokens."""

    __tablename__ = "strava_links"

    user_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    athlete_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    access_token: Mapped[str] = mapped_column(Text)  # encrypted (services/strava_crypto.py)
    refresh_token: Mapped[str] = mapped_column(Text)  # encrypted
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    long_runs_hard: Mapped[bool] = mapped_column(Boolean, default=False)
    connected_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StravaState(Base):
    """A connect link's nonce, stored when used so it works once."""

    __tablename__ = "strava_states"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StravaEvent(Base):
    """A push event, stored before Strava is answered; deleted once handled."""

    __tablename__ = "strava_events"
    __table_args__ = (
        Index("uq_strava_events_key", "owner_id", "object_type", "object_id", "aspect",
              "event_time", unique=True),
        Index("ix_strava_events_due", "done", "next_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_id: Mapped[int] = mapped_column(BigInteger)
    object_type: Mapped[str] = mapped_column(String(16))
    object_id: Mapped[int] = mapped_column(BigInteger)
    aspect: Mapped[str] = mapped_column(String(16))
    event_time: Mapped[int] = mapped_column(BigInteger)
    deauthorized: Mapped[bool] = mapped_column(Boolean, default=False)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class StravaActivity(Base):
    """A run fetched from Strava and its verdict; `session_date` set when a card followed."""

    __tablename__ = "strava_activities"
    __table_args__ = (Index("ix_strava_activities_user_start", "user_id", "start_at"),)

    activity_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id", ondelete="CASCADE"))
    sport_type: Mapped[str] = mapped_column(String(32))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime())
    distance_m: Mapped[float] = mapped_column(Float)
    moving_s: Mapped[int] = mapped_column(Integer)
    workout_type: Mapped[int | None] = mapped_column(Integer)
    max_hr: Mapped[float | None] = mapped_column(Float)
    hard: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(120))
    session_date: Mapped[date | None] = mapped_column(Date)
    lead: Mapped[str | None] = mapped_column(String(120))  # the card's first line


class StravaLimit(Base):
    """Requests made in the current window of one of Strava's limits ('15min', 'day')."""

    __tablename__ = "strava_limits"

    name: Mapped[str] = mapped_column(String(8), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    count: Mapped[int] = mapped_column(Integer, default=0)
    blocked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())

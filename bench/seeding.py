"""Runners as they look after a season: targets, a history of finished sessions, some back
from a break, some in race week, each with a reminder due now. Shared by bench.dispatch and
the tests of the batched views (tests/services/test_batches.py).

Rows are written with Core inserts, a chunk at a time; session ids are given, so entries
need no read back. The entries' triggers (storage/marks.py) keep each runner's marks.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from coach.exercises import CATALOGUE
from coach.views import Delivery, Status
from storage.models import EntryRow, SessionRow, TargetRow, User
from storage.races import RaceRow

EVERY_DAY = 0b111_1111
CHUNK = 5_000
PLAIN, BACK, RACING = "plain", "back", "racing"


@dataclass(frozen=True)
class Season:
    """What the seeded runners did: `weeks` of two sessions a week before `now`; every
    `back_every`-th runner stopped 12 days before it, every `racing_every`-th (offset by one)
    races 10 km five days after it (the race week's light day is today) (0: none of that kind)."""

    now: datetime
    weeks: int = 52
    back_every: int = 10
    racing_every: int = 10

    def kind(self, user_id: int) -> str:
        if self.back_every and user_id % self.back_every == 0:
            return BACK
        if self.racing_every and user_id % self.racing_every == 1:
            return RACING
        return PLAIN


def _runner(user_id: int, now: datetime) -> dict[str, Any]:
    return dict(id=user_id, chat_id=user_id, tz="UTC", run_end_minutes=12 * 60,
                hard_days=EVERY_DAY, cross_days=0, session_days=EVERY_DAY, active=True,
                auto_progression=True, onboarded_at=now, created_at=now)


def _history(user_id: int, season: Season, first_id: int
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A runner's finished sessions (ids from `first_id`) and their five entries each."""
    today = season.now.date()
    last = today - timedelta(days=12 if season.kind(user_id) == BACK else 2)
    sessions, entries = [], []
    for n in range(season.weeks * 2):
        day = last - timedelta(days=n * 7 // 2)
        at = datetime.combine(day, time(18, 0), UTC)
        sid = first_id + n
        sessions.append(dict(id=sid, user_id=user_id, kind="scheduled", session_date=day,
                             due_at=at, delivery=Delivery.SENT.value, status=Status.DONE.value,
                             sent_at=at, closed_at=at, message_id=sid))
        load = 8.0 + 2 * ((season.weeks * 2 - n) // 6)
        entries += [dict(session_id=sid, user_id=user_id, exercise_id=ex.id, kind="sets",
                         reps="8 8 7", load_kg=load, created_at=at, from_sets=3, from_reps=8,
                         from_load_kg=load, from_variant="") for ex in CATALOGUE]
    return sessions, entries


async def seed_season(conn: AsyncConnection, first_user: int, count: int,
                      season: Season) -> dict[int, str]:
    """`count` runners from `first_user` on, each with a reminder due at `season.now`;
    returns each runner's kind. Session ids continue after the largest one stored."""
    next_id = int(await conn.scalar(select(func.max(SessionRow.id))) or 0) + 1
    kinds: dict[int, str] = {}
    users: list[dict[str, Any]] = []
    rows: dict[Any, list[dict[str, Any]]] = {User: users, SessionRow: [], EntryRow: [],
                                             TargetRow: [], RaceRow: []}
    today: date = season.now.date()
    for user_id in range(first_user, first_user + count):
        kinds[user_id] = season.kind(user_id)
        users.append(_runner(user_id, season.now))
        sessions, entries = _history(user_id, season, next_id)
        next_id += len(sessions)
        rows[SessionRow] += [*sessions, dict(
            id=next_id, user_id=user_id, kind="scheduled", session_date=today,
            due_at=season.now, delivery=Delivery.DUE.value, status=Status.PLANNED.value,
            sent_at=None, closed_at=None, message_id=None)]
        next_id += 1
        rows[EntryRow] += entries
        rows[TargetRow] += [dict(user_id=user_id, exercise_id=ex.id, sets=3, reps=8,
                                 load_kg=16.0, variant="", updated_at=season.now)
                            for ex in CATALOGUE]
        if kinds[user_id] == RACING:
            rows[RaceRow].append(dict(user_id=user_id, race_date=today + timedelta(days=5),
                                      distance="10k", name=None, created_at=season.now))
        if len(rows[EntryRow]) >= CHUNK:
            await _flush(conn, rows)
    await _flush(conn, rows)
    if conn.dialect.name == "postgresql":  # the ids were given: move the sequence past them
        await conn.execute(text("SELECT setval(pg_get_serial_sequence('sessions', 'id'), "
                                "(SELECT max(id) FROM sessions))"))
    return kinds


async def _flush(conn: AsyncConnection, rows: dict[Any, list[dict[str, Any]]]) -> None:
    for model, found in rows.items():  # users before sessions before entries
        for start in range(0, len(found), CHUNK):
            await conn.execute(insert(model), found[start:start + CHUNK])
        found.clear()


"""Runners as they look after a season: targets, a history of finished sessions, some back
from a break, some in race week, each with a reminder due now. Shared by bench.dispatch and
the tests of the batched views (tests/services/test_batches.py).

Rows are written with Core inserts, a chunk at a time; session ids are given, so entries
need no read back. The entries' triggers (storage/marks.py) keep each runner's marks.
"""

from collections import defaultdict
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


def _days(season: Season, kind: str) -> list[date]:
    """A runner's finished session days, the latest first: two a week up to two days
    before `now` (twelve for a runner back from a break)."""
    last = season.now.date() - timedelta(days=12 if kind == BACK else 2)
    return [last - timedelta(days=n * 7 // 2) for n in range(season.weeks * 2)]


def _finished(session_id: int, user_id: int, day: date, n: int, season: Season
              ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A finished session (`n` sessions before the runner's last one) and its five entries."""
    at = datetime.combine(day, time(18, 0), UTC)
    load = 8.0 + 2 * ((season.weeks * 2 - n) // 6)
    return (dict(id=session_id, user_id=user_id, kind="scheduled", session_date=day,
                 due_at=at, delivery=Delivery.SENT.value, status=Status.DONE.value,
                 sent_at=at, closed_at=at, message_id=session_id),
            [dict(session_id=session_id, user_id=user_id, exercise_id=ex.id, kind="sets",
                  reps="8 8 7", load_kg=load, created_at=at, from_sets=3, from_reps=8,
                  from_load_kg=load, from_variant="") for ex in CATALOGUE])


async def seed_season(conn: AsyncConnection, first_user: int, count: int,
                      season: Season) -> dict[int, str]:
    """`count` runners from `first_user` on, each with a reminder due at `season.now`;
    returns each runner's kind. Session ids continue after the largest one stored.

    The sessions are written in the order a running bot writes them: day by day, each
    day's sessions of every runner with their entries, and a runner's reminder due now
    right after their last finished session (the pass that sent that one planned it). A
    table written runner by runner would put every reminder due now on a page of its own,
    which no bot's table does, and each of a pass's writes would touch 500 pages a batch."""
    next_id = int(await conn.scalar(select(func.max(SessionRow.id))) or 0) + 1
    kinds = {user_id: season.kind(user_id) for user_id in range(first_user, first_user + count)}
    today: date = season.now.date()
    await _flush(conn, {
        User: [_runner(user_id, season.now) for user_id in kinds],
        TargetRow: [dict(user_id=user_id, exercise_id=ex.id, sets=3, reps=8, load_kg=16.0,
                         variant="", updated_at=season.now)
                    for user_id in kinds for ex in CATALOGUE],
        RaceRow: [dict(user_id=user_id, race_date=today + timedelta(days=5), distance="10k",
                       name=None, created_at=season.now)
                  for user_id, kind in kinds.items() if kind == RACING]})
    days = {kind: _days(season, kind) for kind in set(kinds.values())}
    by_day: dict[date, list[tuple[int, int]]] = defaultdict(list)  # day -> (runner, n)
    for user_id, kind in kinds.items():
        for n, day in enumerate(days[kind]):
            by_day[day].append((user_id, n))
    rows: dict[Any, list[dict[str, Any]]] = {SessionRow: [], EntryRow: []}
    for day in sorted(by_day):
        for user_id, n in by_day[day]:
            session, entries = _finished(next_id, user_id, day, n, season)
            rows[SessionRow].append(session)
            rows[EntryRow] += entries
            next_id += 1
        for user_id, n in by_day[day]:
            if n == 0:  # the reminder due now, planned once the last one went out
                rows[SessionRow].append(dict(
                    id=next_id, user_id=user_id, kind="scheduled", session_date=today,
                    due_at=season.now, delivery=Delivery.DUE.value,
                    status=Status.PLANNED.value, sent_at=None, closed_at=None,
                    message_id=None))
                next_id += 1
        if len(rows[EntryRow]) >= CHUNK:
            await _flush(conn, rows)
    await _flush(conn, rows)
    if conn.dialect.name == "postgresql":  # the ids were given: move the sequence past them
        await conn.execute(text("SELECT setval(pg_get_serial_sequence('sessions', 'id'), "
                                "(SELECT max(id) FROM sessions))"))
    return kinds


async def _flush(conn: AsyncConnection, rows: dict[Any, list[dict[str, Any]]]) -> None:
    for model, found in rows.items():  # sessions before their entries
        for start in range(0, len(found), CHUNK):
            await conn.execute(insert(model), found[start:start + CHUNK])
        found.clear()


"""The delivery side of the sessions table, batch at a time: typed writes and `IN (...)` reads.

Writes name what happened (`mark_sent`, `sent_if_ours`, `retry_many`, `failed_many`,
`mark_cancelled`) instead of raw columns; their bulk forms are one executemany or one
`UPDATE … WHERE id IN (…)`. Reads fetch what a batch of reminders needs (runners, targets,
last and logged entries, calendars) in one statement each, whatever the batch size.
"""

import json
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    Table,
    Update,
    bindparam,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from coach.plan import Booked, Move
from coach.progression import Target
from coach.stored import Opened, Planned, Retry, Sent
from coach.views import Delivery, Entry, Nudge, Profile, SessionInfo, Status
from storage.among import among, int_list, unindexed
from storage.entries import entry_of, latest_elsewhere
from storage.models import (
    UNSETTLED,
    EntryRow,
    MoveRow,
    SessionRow,
    TargetRow,
    User,
    UTCDateTime,
)
from storage.planning import REPLANNABLE, booked_of
from storage.recording import (
    CLAIMED_PG,
    CLAIMED_SQLITE,
    OPENED_SQLITE,
    PLANNED_SQLITE,
    SENT_PG,
    SENT_SQLITE,
    UNSETTLED_SQLITE,
    stored_date,
    stored_datetime,
)
from storage.repositories import _profile, session_info

# The sessions table by its plain columns: a read of these alone is run as Core, its rows
# not passed through the ORM's loading.
SESSIONS = cast(Table, SessionRow.__table__)


class DeliveryRepo:
    """Typed state changes of reminders, one by one and in bulk, and the batch reads."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def mark_sent(self, session_id: int, at: datetime, message_id: int,
                        claimed_at: datetime | None, *, missed: bool = False) -> bool:
        """The reminder (or, `missed`, the missed-session note) went out as `message_id`;
        recorded only while the row is still claimed with `claimed_at` (False: it was not)."""
        state = Delivery.MISSED if missed else Delivery.SENT
        result = await self.session.execute(
            update(SessionRow).where(SessionRow.id == session_id,
                                     SessionRow.delivery == Delivery.CLAIMED.value,
                                     SessionRow.claimed_at == claimed_at).values(
                delivery=state.value, sent_at=at, message_id=message_id, retry_at=None)
            .execution_options(synchronize_session=False))
        return int(getattr(result, "rowcount", 0) or 0) == 1

    async def still_claimed(self, stamps: Mapping[int, datetime | None]) -> set[int]:
        """Which of these rows are still claimed with our stamp (locked on PostgreSQL, and
        under SQLite's write lock): a record is written only by the claim's holder."""
        if not stamps:
            return set()
        postgresql = self.session.get_bind().dialect.name == "postgresql"
        ids = [int(i) for i in stamps]
        rows = await self.session.execute(CLAIMED_PG if postgresql else CLAIMED_SQLITE,
                                          {"ids": ids if postgresql else int_list(ids)})
        return {int(row_id) for row_id, at in rows if at == stamps[int(row_id)]}

    async def sent_if_ours(self, sent: Sequence[Sent],
                           stamps: Mapping[int, datetime | None]) -> set[int]:
        """`mark_sent` for the rows still claimed with our stamp, in one statement whose
        WHERE holds the claim check (UPDATE … FROM the rows given as one parameter …
        RETURNING, compiled once): the ids recorded; the others are left to whoever holds
        their claim now."""
        if not sent:
            return set()
        dialect = self.session.get_bind().dialect
        states = [(Delivery.MISSED if s.missed else Delivery.SENT).value for s in sent]
        if dialect.name == "postgresql":
            found = await self.session.execute(SENT_PG, {
                "sids": [s.session_id for s in sent], "states": states,
                "ats": [s.at for s in sent], "mids": [s.message_id for s in sent],
                "stamps": [stamps.get(s.session_id) for s in sent]})
        else:
            stored = stored_datetime(dialect)
            found = await self.session.execute(SENT_SQLITE, {"rows": json.dumps([
                [s.session_id, state, stored(s.at), s.message_id,
                 stored(stamps.get(s.session_id))] for s, state in zip(sent, states, strict=True)
            ])})
        return {int(row_id) for row_id in found.scalars()}

    async def retry_many(self, retries: Sequence[Retry]) -> None:
        """Put failed sends back in the queue: due again from their `at`, claim released."""
        await self._each(
            update(SessionRow).where(SessionRow.id == bindparam("sid")).values(
                delivery=Delivery.DUE.value, claimed_at=None, attempts=bindparam("n"),
                retry_at=bindparam("at")),
            [{"sid": r.session_id, "n": r.attempt, "at": r.at} for r in retries])

    async def failed_many(self, attempts: dict[int, int]) -> None:
        """Given up after the grace period: delivery='failed' with the attempts made."""
        await self._each(
            update(SessionRow).where(SessionRow.id == bindparam("sid")).values(
                delivery=Delivery.FAILED.value, attempts=bindparam("n"), retry_at=None),
            [{"sid": sid, "n": n} for sid, n in attempts.items()])

    async def mark_cancelled(self, session_ids: Iterable[int], at: datetime) -> None:
        """No reminder for these rows any more (the runner is inactive or gone)."""
        ids = list(session_ids)
        if ids:
            await self.session.execute(
                update(SessionRow).where(SessionRow.id.in_(ids))
                .values(delivery=Delivery.CANCELLED.value, closed_at=at)
                .execution_options(synchronize_session=False))

    async def opened(self, sessions: Sequence[Opened]) -> None:
        """Reminded sessions open (a planned one; an open one stays) with their nudge plan."""
        dialect = self.session.get_bind().dialect
        if dialect.name == "sqlite":  # one statement, the rows as one parameter
            stored = stored_datetime(dialect)
            if sessions:
                await self.session.execute(OPENED_SQLITE, {"rows": json.dumps(
                    [[s.session_id, stored(s.nudge_at)] for s in sessions])})
            return
        nudged = [s for s in sessions if s.nudge_at is not None]
        await self.session.execute(update(SessionRow).where(
            among(self.session, SessionRow.id, [s.session_id for s in sessions]),
            SessionRow.status == Status.PLANNED.value).values(status=Status.OPEN.value)
            .execution_options(synchronize_session=False))
        await self._each(
            update(SessionRow).where(SessionRow.id == bindparam("sid"),
                                     SessionRow.status == Status.OPEN.value)
            .values(nudge=Nudge.DUE.value, nudge_at=bindparam("at")),
            [{"sid": s.session_id, "at": s.nudge_at} for s in nudged])

    async def set_nudge(self, session_id: int, state: str, at: datetime | None = None) -> None:
        """Move the session's nudge to `state` (due again at `at`, when given)."""
        values: dict[str, object] = {"nudge": state}
        if at is not None:
            values["nudge_at"] = at
        await self.session.execute(update(SessionRow).where(SessionRow.id == session_id)
                                   .values(**values)
                                   .execution_options(synchronize_session=False))

    async def unsettled(self, sent_before: datetime, limit: int) -> list[SessionInfo]:
        """Reminders recorded as sent whose follow-up (open, plan next) a crash cut short.

        Only those sent before `sent_before`: a live sender follows up its own batch.
        """
        if self.session.get_bind().dialect.name == "sqlite":
            query = select(SessionRow).from_statement(UNSETTLED_SQLITE)
        else:
            query = select(SessionRow).where(
                text(UNSETTLED), SessionRow.sent_at < bindparam("before", type_=UTCDateTime())
            ).limit(bindparam("limit"))
        rows = await self.session.scalars(query, {"before": sent_before, "limit": limit})
        return [session_info(r) for r in rows]

    async def profiles(self, user_ids: Iterable[int]) -> dict[int, Profile]:
        rows = await self.session.scalars(select(User).where(User.id.in_(set(user_ids))))
        return {r.id: _profile(r) for r in rows}

    async def targets(self, user_ids: Iterable[int]) -> dict[int, dict[str, Target]]:
        out: dict[int, dict[str, Target]] = defaultdict(dict)
        rows = await self.session.scalars(
            select(TargetRow).where(TargetRow.user_id.in_(set(user_ids))))
        for r in rows:
            out[r.user_id][r.exercise_id] = Target(r.sets, r.reps, r.load_kg)
        return out

    async def last_entries(self, user_ids: Iterable[int],
                           sessions: Iterable[int]) -> dict[int, dict[str, Entry]]:
        """Per runner, the latest entry of each exercise outside `sessions` (skips left out;
        the latest by session day: storage.entries.latest_elsewhere)."""
        newest = latest_elsewhere(set(user_ids), set(sessions))
        out: dict[int, dict[str, Entry]] = defaultdict(dict)
        for r in await self.session.scalars(select(EntryRow).where(EntryRow.id.in_(newest))):
            out[r.user_id][r.exercise_id] = entry_of(r)
        return out

    async def logged(self, session_ids: Iterable[int]) -> dict[int, dict[str, Entry]]:
        """What was logged into these sessions so far, per session and exercise."""
        out: dict[int, dict[str, Entry]] = defaultdict(dict)
        rows = await self.session.scalars(select(EntryRow).where(
            EntryRow.session_id.in_(set(session_ids))).order_by(EntryRow.id))
        for r in rows:
            out[r.session_id][r.exercise_id] = entry_of(r)
        return out

    async def open_besides(self, user_ids: Iterable[int],
                           keep: Iterable[int]) -> list[SessionInfo]:
        """Open sessions of these runners other than `keep`: the stale ones to close."""
        rows = await self.session.scalars(select(SessionRow).where(
            among(self.session, SessionRow.user_id, set(user_ids)),
            SessionRow.status == Status.OPEN.value,
            ~among(self.session, SessionRow.id, set(keep))))
        return [session_info(r) for r in rows]

    async def with_planned(self, user_ids: Iterable[int]) -> set[int]:
        """Which of these runners already have their planned, unsent reminder (found by
        runner and status: SQLite's planner would otherwise walk every waiting reminder)."""
        dialect = self.session.get_bind().dialect.name
        rows = await self.session.scalars(select(SESSIONS.c.user_id).where(
            among(self.session, SESSIONS.c.user_id, set(user_ids)),
            SESSIONS.c.status == Status.PLANNED.value,
            unindexed(dialect, SESSIONS.c.delivery) == Delivery.DUE.value))
        return set(rows)

    async def moves(self, since: dict[int, date]) -> dict[int, tuple[Move, ...]]:
        """Each runner's moves from their own `since` on."""
        out: dict[int, list[Move]] = defaultdict(list)
        rows = await self.session.scalars(select(MoveRow).where(
            MoveRow.user_id.in_(set(since)), MoveRow.to_date >= min(since.values()))
            .order_by(MoveRow.id))
        for r in rows:
            if r.to_date >= since[r.user_id]:
                out[r.user_id].append(Move(r.from_date, r.to_date))
        return {user: tuple(moves) for user, moves in out.items()}

    async def calendars(self, since: dict[int, date], opened: Collection[int] = ()
                        ) -> tuple[dict[int, Booked], dict[tuple[int, date], int]]:
        """Each runner's booked dates from `since` on, and their replannable rows by date
        (`opened`: sessions counted as open, as `opened` leaves a planned one)."""
        rows = (await self.session.execute(
            select(SESSIONS.c.user_id, SESSIONS.c.id, SESSIONS.c.kind, SESSIONS.c.session_date,
                   SESSIONS.c.status, SESSIONS.c.delivery)
            .where(among(self.session, SESSIONS.c.user_id, since),
                   SESSIONS.c.session_date >= min(since.values())))).all()
        per_user: dict[int, list[tuple[date, str, str]]] = defaultdict(list)
        replannable: dict[tuple[int, date], int] = {}
        opening = set(opened)
        for user, sid, kind, day, status, delivery in rows:
            if day < since[user]:
                continue
            if sid in opening and status == Status.PLANNED.value:
                status = Status.OPEN.value
            per_user[user].append((day, status, delivery))
            if (kind == "scheduled" and status == Status.PLANNED.value
                    and delivery in REPLANNABLE):
                replannable[(user, day)] = sid
        return {user: booked_of(per_user.get(user, [])) for user in since}, replannable

    async def plan(self, planned: Sequence[Planned]) -> None:
        """Write the next reminders: replannable rows due again, the rest inserted at once."""
        await self._each(
            update(SessionRow).where(SessionRow.id == bindparam("sid")).values(
                delivery=Delivery.DUE.value, due_at=bindparam("due"), claimed_at=None,
                attempts=None, retry_at=None),
            [{"sid": p.reuse, "due": p.due_at} for p in planned if p.reuse is not None])
        fresh = [p for p in planned if p.reuse is None]
        dialect = self.session.get_bind().dialect
        if fresh and dialect.name == "sqlite":  # one statement, the rows as one parameter
            day, at = stored_date(dialect), stored_datetime(dialect)
            await self.session.execute(PLANNED_SQLITE, {"rows": json.dumps(
                [[p.user_id, day(p.session_date), at(p.due_at)] for p in fresh])})
        elif fresh:  # Core's executemany: no ORM bulk bookkeeping for rows it never loads
            conn = await self.session.connection()
            await conn.execute(insert(cast(Table, SessionRow.__table__)), [
                dict(user_id=p.user_id, kind="scheduled", session_date=p.session_date,
                     due_at=p.due_at, delivery=Delivery.DUE.value,
                     status=Status.PLANNED.value) for p in fresh])

    async def _each(self, statement: Update, params: list[dict[str, object]]) -> None:
        """One executemany of `statement` (nothing when there are no rows)."""
        if params:
            conn = await self.session.connection()  # Core executemany, in this transaction
            await conn.execute(statement, params)

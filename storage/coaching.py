"""What the progression rules read besides today's report: kit, past outcomes (with how
hard each session felt), last session."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Row, Select, Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from coach.concrete import DayTarget, made_lighter, spelled_out
from coach.equipment import Equipment, Kind, decode
from coach.progression import MIN_REPS, Outcome, Target
from coach.reports import ReportKind, SetsReport
from coach.stored import OutcomeKey, RatedKey
from storage.among import among
from storage.days import last_done
from storage.entries import day_target_of, report_of, stamp_of
from storage.models import EntryRow, SessionRow, User

LABELS = ("dumbbells", "kettlebells")
T = TypeVar("T")
# The batch reads' tables by their plain columns: a statement of these alone is run as Core,
# its rows not passed through the ORM's loading.
ENTRIES = cast(Table, EntryRow.__table__)
SESSIONS = cast(Table, SessionRow.__table__)


@lru_cache(maxsize=1024)  # a batch of cards reads the same few kits again and again
def kit_of(kind: str | None, weights: str | None) -> Equipment | None:
    """The kit from its two users columns; None if the runner never said."""
    if kind is None:
        return None
    if kind in LABELS:
        return decode(Kind.WEIGHTS.value, weights or "", kind)
    return decode(str(kind), "")


def _stored_kind(kit: Equipment) -> str:
    if kit.kind is Kind.WEIGHTS:
        return kit.label if kit.label in LABELS else "dumbbells"
    return kit.kind.value


class CoachingRepo:
    """Equipment on the users row and the stamped outcomes of closed sessions."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def equipment(self, user_id: int) -> Equipment | None:
        """The runner's kit; None if they never said."""
        row = (await self.session.execute(select(User.equipment, User.weights).where(
            User.id == user_id))).first()
        return None if row is None else kit_of(*row)

    async def set_equipment(self, user_id: int, kit: Equipment) -> None:
        weights = " ".join(f"{w:g}" for w in kit.weights_kg) or None
        await self.session.execute(update(User).where(User.id == user_id).values(
            equipment=_stored_kind(kit), weights=weights))

    async def outcomes(self, user_id: int, exercise_id: str, session_id: int, day: date,
                       limit: int = 6) -> tuple[Outcome, ...]:
        """The latest closed sessions of one exercise before session `session_id` on `day`,
        oldest first: the target each was done against (stamped at close) and the reps."""
        rows = await self.session.execute(
            select(EntryRow, SessionRow.session_date, SessionRow.effort)
            .join(SessionRow, SessionRow.id == EntryRow.session_id)
            .where(EntryRow.user_id == user_id, EntryRow.exercise_id == exercise_id,
                   EntryRow.session_id != session_id, SessionRow.session_date < day,
                   EntryRow.from_sets.is_not(None), EntryRow.kind != ReportKind.SKIPPED.value)
            .order_by(SessionRow.session_date.desc(), EntryRow.id.desc()).limit(limit))
        return tuple(reversed([_outcome(row, on, felt) for row, on, felt in rows]))

    async def recent_outcomes(self, user_id: int, session_id: int, day: date,
                              per_exercise: int = 6, window: int = 40
                              ) -> dict[str, tuple[Outcome, ...]]:
        """`outcomes` for every exercise at once, from the latest `window` stamped entries
        before `day` (eight sessions of five), oldest first. Read from the runner's latest
        sessions backwards (ix_sessions_user_date), so it stops after `window` entries
        however long the history, as plain columns."""
        rows = await self.session.execute(
            _stamped(SESSIONS.c.user_id == user_id, day, None, OUTCOME_COLUMNS)
            .where(ENTRIES.c.user_id == user_id, ENTRIES.c.session_id != session_id)
            .limit(window))
        return _latest_per_exercise(((row, row.session_day, row.felt) for row in rows),
                                    per_exercise)

    async def recent_outcomes_many(self, keys: Sequence[OutcomeKey], per_exercise: int = 6,
                                   window: int = 40,
                                   since: Mapping[OutcomeKey, date] | None = None
                                   ) -> dict[OutcomeKey, dict[str, tuple[Outcome, ...]]]:
        """`recent_outcomes` for several (user, session, day) at once (a batch of cards
        reads them for its returning runners without a query each), as plain columns.

        `since`: each key's sessions from that day on are read first (an index range of
        the runners' sessions, not a year of entries each); a key whose range held fewer
        than `window` entries is read again without it, in a second statement, so the
        answer is `recent_outcomes`' exactly. Which entries are kept is worked out from a
        few columns of each; only the kept ones (at most `per_exercise` an exercise) are
        then read whole, in one more statement."""
        if not keys:
            return {}
        bounds = since or {}
        chosen, short = _chosen(await self._stamped_rows(keys, bounds), keys, bounds,
                                per_exercise, window)
        if short:
            again, _ = _chosen(await self._stamped_rows(short, {}), short, {}, per_exercise,
                               window)
            chosen.update(again)
        ids = {i for by in chosen.values() for found in by.values() for i in found}
        rows = {row.id: row for row in (await self.session.execute(
            select(ENTRIES.c.id, *OUTCOME_COLUMNS)
            .select_from(SESSIONS).join(ENTRIES, ENTRIES.c.session_id == SESSIONS.c.id)
            .where(among(self.session, ENTRIES.c.id, ids)))).all()} if ids else {}
        return {key: {exercise: tuple(_outcome(rows[i], rows[i].session_day, rows[i].felt)
                                      for i in reversed(found))
                      for exercise, found in by.items()}
                for key, by in chosen.items()}

    async def _stamped_rows(self, keys: Sequence[OutcomeKey],
                            since: Mapping[OutcomeKey, date]) -> Sequence[Row[Any]]:
        """Which stamped, not skipped entries these runners' sessions in the keys' date
        range hold (id, runner, session, exercise, day), newest first: one statement, few
        columns (a returning runner has dozens in range, of which a few are kept); the
        keys' own bounds are applied by _chosen."""
        lows = [since.get(key) for key in keys]
        low = None if None in lows else min(d for d in lows if d is not None)
        query = _stamped(among(self.session, SESSIONS.c.user_id, {u for u, _, _ in keys}),
                         max(day for _, _, day in keys), low, CHOICE_COLUMNS)
        return list((await self.session.execute(query)).all())

    async def rated(self, user_id: int, since: date, day: date) -> list[tuple[date, str]]:
        """(day, effort) of the runner's rated sessions from `since` to before `day` that
        have a stamped, not skipped entry (the effort behind their outcomes), oldest first."""
        key = (user_id, since, day)
        return (await self.rated_many([key])).get(key, [])

    async def rated_many(self, keys: Sequence[RatedKey]) -> dict[RatedKey, list[tuple[date, str]]]:
        """`rated` for several (user, since, day) at once, in one statement."""
        if not keys:
            return {}
        rows = (await self.session.execute(RATED.where(
            among(self.session, SESSIONS.c.user_id, {user for user, _, _ in keys}),
            SESSIONS.c.session_date >= min(since for _, since, _ in keys),
            SESSIONS.c.session_date < max(day for _, _, day in keys)))).all()
        by_user: dict[int, set[tuple[date, str]]] = {}
        for user, on, felt in rows:
            if felt is not None:
                by_user.setdefault(user, set()).add((on, felt))
        return {key: sorted(r for r in by_user[key[0]] if key[1] <= r[0] < key[2])
                for key in keys if key[0] in by_user}

    async def last_done_before(self, user_id: int, session_id: int, day: date) -> date | None:
        """The date of the runner's latest finished session before `day`."""
        return await self.session.scalar(select(last_done(user_id, session_id, day)))


def _stamped(runners: ColumnElement[bool], before: date, since: date | None,
             columns: Sequence[ColumnElement[Any]]) -> Select[Any]:
    """`columns` of the runners' stamped, not skipped entries in a date range, newest
    first: their sessions by ix_sessions_user_date, the entries through
    entries.session_id."""
    query = (select(*columns)
             .select_from(SESSIONS).join(ENTRIES, ENTRIES.c.session_id == SESSIONS.c.id)
             .where(runners, SESSIONS.c.session_date < before,
                    ENTRIES.c.from_sets.is_not(None),
                    ENTRIES.c.kind != ReportKind.SKIPPED.value))
    if since is not None:
        query = query.where(SESSIONS.c.session_date >= since)
    return query.order_by(SESSIONS.c.session_date.desc(), ENTRIES.c.id.desc())


# What an outcome is made of (storage.entries' columns but the id, the message and the time
# logged, which it never shows: a returning runner's batch reads thousands of these rows).
ENTRY_COLUMNS = tuple(c for c in cast(Table, EntryRow.__table__).c
                      if c.name not in ("id", "source_message_id", "created_at"))
OUTCOME_COLUMNS = (*ENTRY_COLUMNS, SESSIONS.c.session_date.label("session_day"),
                   SESSIONS.c.effort.label("felt"))
# What choosing a key's outcomes needs (the rest is read for the chosen entries only).
CHOICE_COLUMNS = (ENTRIES.c.id, ENTRIES.c.user_id, ENTRIES.c.session_id,
                  ENTRIES.c.exercise_id, SESSIONS.c.session_date.label("session_day"))


_behind = select(ENTRIES.c.id).where(  # a stamped, not skipped entry of the session
    ENTRIES.c.session_id == SESSIONS.c.id, ENTRIES.c.from_sets.is_not(None),
    ENTRIES.c.kind != ReportKind.SKIPPED.value).exists()
RATED = select(SESSIONS.c.user_id, SESSIONS.c.session_date, SESSIONS.c.effort).where(
    SESSIONS.c.effort.is_not(None), _behind)


def _chosen(rows: Sequence[Sequence[Any]], keys: Sequence[OutcomeKey],
            since: Mapping[OutcomeKey, date], per_exercise: int, window: int
            ) -> tuple[dict[OutcomeKey, dict[str, list[int]]], list[OutcomeKey]]:
    """Each key's entries kept (CHOICE_COLUMNS rows, newest first): of its latest `window`,
    each exercise's latest `per_exercise` ids, newest first; and the keys whose range held
    fewer than `window` entries (an older one might have been in their window)."""
    by_user: dict[int, list[tuple[Any, ...]]] = {}
    for entry_id, user, session_id, exercise_id, day in rows:
        by_user.setdefault(user, []).append((entry_id, session_id, exercise_id, day))
    out: dict[OutcomeKey, dict[str, list[int]]] = {}
    short = []
    for key in keys:
        user, left_out, before = key
        low = since.get(key)
        mine = [(exercise_id, entry_id) for entry_id, session_id, exercise_id, day
                in by_user.get(user, ()) if session_id != left_out and day < before
                and (low is None or day >= low)][:window]
        if len(mine) < window and low is not None:
            short.append(key)
        if mine:
            out[key] = _latest_each(mine, per_exercise)
    return out, short


def _latest_each(items: Iterable[tuple[str, T]], per_exercise: int) -> dict[str, list[T]]:
    """(exercise, item) pairs, newest first -> each exercise's latest `per_exercise` items,
    newest first."""
    out: dict[str, list[T]] = {}
    for exercise_id, item in items:
        kept = out.setdefault(exercise_id, [])
        if len(kept) < per_exercise:
            kept.append(item)
    return out


def _latest_per_exercise(rows: Iterable[Any], per_exercise: int
                         ) -> dict[str, tuple[Outcome, ...]]:
    """(entry, session day, effort) rows, newest first -> each exercise's latest
    `per_exercise` outcomes, oldest first."""
    kept = _latest_each(((row.exercise_id, (row, day, felt)) for row, day, felt in rows),
                        per_exercise)
    return {k: tuple(_outcome(*found) for found in reversed(v)) for k, v in kept.items()}


def _outcome(row: EntryRow | Row[Any], day: date | None = None,
             effort: str | None = None) -> Outcome:
    assert row.from_sets is not None
    assert row.from_reps is not None
    target = stamp_of(row.from_sets, row.from_reps, row.from_load_kg, row.from_variant)
    assert target is not None
    shown = day_target_of(row.day_sets, row.day_reps, row.day_load_kg, row.day_variant)
    report = report_of(row.kind, row.reps, row.left, row.right, row.load_kg)
    return outcome_of(target, report, shown, day, effort)


def outcome_of(target: Target, report: SetsReport, shown: DayTarget | None,
               day: date | None = None, effort: str | None = None) -> Outcome:
    """What a closed exercise did against the usual target it was stamped with: the stored
    numbers (legacy rows without them: the target's), and whether the day's card asked for
    less than that target (`shown`, stored with the entry; legacy rows: read off the
    numbers); `effort`: how hard its session felt, if the runner said."""
    done = spelled_out(report, target)
    reps, load = done.reps, done.load_kg or 0.0
    lighter = (made_lighter(shown, target) if shown is not None
               else lighter_day(target, reps, report.load_kg))
    return Outcome(target, reps, load, report.left, report.right, day, lighter, effort)


def lighter_day(target: Target, reps: tuple[int, ...], logged_kg: float | None) -> bool:
    """Whether the day asked for less than the target, for entries stored before the day's
    target was stored beside them: a load typed below the target's, fewer sets than the
    target, or every set at five against a higher target (a sore day's "five reps")."""
    if logged_kg is not None and logged_kg < target.load_kg - 1e-6:
        return True
    return len(reps) < target.sets or (target.reps > MIN_REPS and max(reps) <= MIN_REPS)

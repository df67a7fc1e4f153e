"""The unit of work: one transaction, its repositories, and the commit.

`read_only=True`: a transaction that only reads. On SQLite it begins DEFERRED (no write
lock, so it never waits behind a writer; WAL gives it a snapshot) and refuses any write:
upgrading a read lock to a write lock mid-transaction can fail at once with "database is
locked", which is why every other transaction begins IMMEDIATE (storage/db.py).
`closes_update=True`: the handler's one transaction marks its update acted on and, in the
same statement, marks handled the updates answered since the last such commit (`answered`):
a handled mark needs the answer sent, so it rides the next closing commit, or
`flush_answered` when the bot goes quiet. Per typed report: the inbox's store and this one.
"""

from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from storage.claims import ClaimsRepo
from storage.coaching import CoachingRepo
from storage.days import DaysRepo
from storage.db import READ_ONLY
from storage.drafts import DraftsRepo
from storage.entries import EntriesRepo
from storage.history import HistoryRepo
from storage.inbox import Acting, InboxRepo, acting, mark_if_acting, watch_writes
from storage.messages import MessagesRepo
from storage.ops import OpsRepo
from storage.planning import PlanningRepo
from storage.questions import QuestionsRepo
from storage.races import RacesRepo, ReadinessRepo
from storage.repositories import SessionsRepo, TargetsRepo, UsersRepo
from storage.reviews import ReviewsRepo
from storage.stats import StatsRepo
from storage.trail import TrailRepo

Factory = async_sessionmaker[AsyncSession]
# Per database: updates answered after a closing commit, not marked handled yet (id -> when).
_ANSWERED: "WeakKeyDictionary[Factory, dict[int, datetime]]" = WeakKeyDictionary()


def answered(factory: Factory, update_id: int, at: datetime) -> None:
    """The answer to an update acted on in a closing commit went out: mark it handled with
    the next closing commit (or `flush_answered`)."""
    _ANSWERED.setdefault(factory, {})[update_id] = at


def _take(factory: Factory) -> dict[int, datetime]:
    return _ANSWERED.pop(factory, {})


def _give_back(factory: Factory, marks: Mapping[int, datetime]) -> None:
    if marks:
        _ANSWERED.setdefault(factory, {}).update(marks)


async def flush_answered(factory: Factory) -> int:
    """Mark handled, in one transaction, the answered updates no commit has taken yet."""
    marks = _take(factory)
    if not marks:
        return 0
    try:
        async with factory() as session, session.begin():
            await InboxRepo(session).mark_many(sorted(marks), max(marks.values()))
    except BaseException:
        _give_back(factory, marks)
        raise
    return len(marks)


class ReadOnlyViolation(RuntimeError):
    """A read-only unit of work was asked to write."""


class UnitOfWork:
    """Opens a session and a transaction; commits on success, rolls back on error."""

    users: UsersRepo
    sessions: SessionsRepo
    claims: ClaimsRepo
    drafts: DraftsRepo
    entries: EntriesRepo
    targets: TargetsRepo
    stats: StatsRepo
    planning: PlanningRepo
    trail: TrailRepo
    history: HistoryRepo
    reviews: ReviewsRepo
    ops: OpsRepo
    questions: QuestionsRepo

    def __init__(self, factory: async_sessionmaker[AsyncSession], *, read_only: bool = False,
                 closes_update: bool = False) -> None:
        self._factory = factory
        self.read_only = read_only
        self.closes_update = closes_update and not read_only
        self._carried: dict[int, datetime] = {}  # answered updates this commit marks handled

    async def __aenter__(self) -> "UnitOfWork":
        self._session = self._factory()
        if self.read_only:
            refuse_writes(self._session)
            await self._session.connection(execution_options={READ_ONLY: True})
        else:
            await self._session.begin()
        if acting.get() is not None and not self.read_only:  # it may mark its update
            watch_writes(self._session)
        self.users = UsersRepo(self._session)
        self.sessions = SessionsRepo(self._session)
        self.claims = ClaimsRepo(self._session)
        self.drafts = DraftsRepo(self._session)
        self.entries = EntriesRepo(self._session)
        self.targets = TargetsRepo(self._session)
        self.stats = StatsRepo(self._session)
        self.planning = PlanningRepo(self._session)
        self.trail = TrailRepo(self._session)
        self.history = HistoryRepo(self._session)
        self.reviews = ReviewsRepo(self._session)
        self.ops = OpsRepo(self._session)
        self.questions = QuestionsRepo(self._session)
        self.coaching = CoachingRepo(self._session)
        self.races = RacesRepo(self._session)
        self.days = DaysRepo(self._session)
        self.readiness = ReadinessRepo(self._session)
        self.messages = MessagesRepo(self._session)
        return self

    @property
    def session(self) -> AsyncSession:
        """The transaction's session, for repositories kept next to their service."""
        return self._session

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if exc_type is None:
                marked, deferred = await self._mark_update()
                await self._session.commit()
                self._carried = {}
                if marked is not None:
                    marked.marked = True
                    marked.deferred = deferred
            else:
                await self._session.rollback()
        finally:
            _give_back(self._factory, self._carried)  # not committed: a later one marks them
            self._carried = {}
            await self._session.close()

    async def _mark_update(self) -> tuple[Acting | None, bool]:
        """The update's marks for this commit: acted on if it wrote; or (`closes_update`)
        acted on, with the updates answered meanwhile handled, in one statement."""
        current = acting.get()
        if not self.closes_update or current is None or current.marked:
            return await mark_if_acting(self._session), False
        self._carried = _take(self._factory)
        await InboxRepo(self._session).close_updates(current.update_id, current.at,
                                                     sorted(self._carried), current.at)
        return current, True


def refuse_writes(session: AsyncSession) -> None:
    """Raise ReadOnlyViolation on any insert, update, delete or flush of changes."""
    sync = session.sync_session

    def on_execute(state: ORMExecuteState) -> None:
        if not state.is_select:
            raise ReadOnlyViolation(str(state.statement)[:60])

    def before_flush(flushed: Session, _context: UOWTransaction, _objects: Any) -> None:
        if flushed.new or flushed.dirty or flushed.deleted:
            raise ReadOnlyViolation("flush")

    event.listen(sync, "do_orm_execute", on_execute)
    event.listen(sync, "before_flush", before_flush)

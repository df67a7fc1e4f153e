"""The unit of work: one transaction, its repositories, and the commit.

It implements services/uow.py's Protocol, which the services take (storage/ may not import
services/, so tests/services/test_fake_uow.py has mypy prove it).

`read_only=True`: a transaction that only reads. On SQLite it begins DEFERRED (no write
lock, so it never waits behind a writer; WAL gives it a snapshot) and refuses any write:
upgrading a read lock to a write lock mid-transaction can fail at once with "database is
locked", which is why every other transaction begins IMMEDIATE (storage/db.py).
"""

from types import TracebackType
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from storage.acting import mark_if_acting, watch_writes
from storage.cards import CardsBatch
from storage.claims import ClaimsRepo
from storage.coaching import CoachingRepo
from storage.days import DaysBatch, DaysRepo
from storage.db import READ_ONLY
from storage.delivery import DeliveryRepo
from storage.drafts import DraftsRepo
from storage.entries import EntriesRepo
from storage.history import HistoryRepo
from storage.inbox import InboxRepo, acting
from storage.messages import MessagesRepo
from storage.ops import OpsRepo
from storage.planning import PlanningRepo
from storage.questions import QuestionsRepo
from storage.races import RacesRepo, ReadinessRepo
from storage.repositories import SessionsRepo, TargetsRepo, UsersRepo
from storage.reviews import ReviewsRepo
from storage.stats import StatsRepo
from storage.strava import StravaRepo
from storage.trail import TrailRepo


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
    cards: CardsBatch
    delivery: DeliveryRepo
    day_batches: DaysBatch
    strava: StravaRepo
    inbox: InboxRepo

    def __init__(self, factory: async_sessionmaker[AsyncSession], *,
                 read_only: bool = False) -> None:
        self._factory = factory
        self.read_only = read_only

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
        self.cards = CardsBatch(self._session)
        self.delivery = DeliveryRepo(self._session)
        self.day_batches = DaysBatch(self._session)
        self.strava = StravaRepo(self._session)
        self.inbox = InboxRepo(self._session)
        return self

    @property
    def session(self) -> AsyncSession:
        """The transaction's session, for storage's own tests; services use the repositories."""
        return self._session

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if exc_type is None:
                marked = await mark_if_acting(self._session)
                await self._session.commit()
                if marked is not None:
                    marked.marked = True
            else:
                await self._session.rollback()
        finally:
            await self._session.close()


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

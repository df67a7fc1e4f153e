"""The unit of work: one transaction, its repositories, and the commit."""

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.cards import CardsBatch
from storage.claims import ClaimsRepo
from storage.coaching import CoachingRepo
from storage.days import DaysRepo
from storage.drafts import DraftsRepo
from storage.entries import EntriesRepo
from storage.history import HistoryRepo
from storage.inbox import acting, mark_if_acting, watch_writes
from storage.ops import OpsRepo
from storage.planning import PlanningRepo
from storage.questions import QuestionsRepo
from storage.races import RacesRepo, ReadinessRepo
from storage.repositories import SessionsRepo, TargetsRepo, UsersRepo
from storage.reviews import ReviewsRepo
from storage.stats import StatsRepo
from storage.trail import TrailRepo


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

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory

    async def __aenter__(self) -> "UnitOfWork":
        self._session = self._factory()
        await self._session.begin()
        if acting.get() is not None:  # a handler's transaction: it may mark its update
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
        self.cards = CardsBatch(self._session)
        return self

    @property
    def session(self) -> AsyncSession:
        """The transaction's session, for repositories kept next to their service."""
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

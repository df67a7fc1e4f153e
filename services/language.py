"""/language: the language the runner is spoken to in, stored on their row."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.uow import UnitOfWork


class LanguageService:
    """Reads and stores `users.language` (None: not chosen yet, the source language)."""

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self.factory = factory

    async def current(self, user_id: int) -> str | None:
        async with UnitOfWork(self.factory, read_only=True) as uow:
            return await uow.users.language(user_id)

    async def choose(self, user_id: int, chat_id: int, code: str, now: datetime) -> None:
        """Store `code` (a runner not met before gets their row, as /start would make it)."""
        async with UnitOfWork(self.factory) as uow:
            await uow.users.ensure(user_id, chat_id, now)
            await uow.users.set_fields(user_id, language=code)

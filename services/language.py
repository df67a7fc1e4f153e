"""/language: the language the runner is spoken to in, stored on their row."""

from datetime import datetime

from services.uow import UnitOfWork


async def current_language(uow: UnitOfWork, now: datetime, user_id: int) -> str | None:
    """The stored language (None: not chosen yet, the source language)."""
    return await uow.users.language(user_id)


async def choose_language(uow: UnitOfWork, now: datetime, user_id: int, chat_id: int,
                          code: str) -> None:
    """Store `code` (a runner not met before gets their row, as /start would make it)."""
    await uow.users.ensure(user_id, chat_id, now)
    await uow.users.set_fields(user_id, language=code)

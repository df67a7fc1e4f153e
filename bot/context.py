"""The typed callback context: handlers reach services through `ctx.services`."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from bot.keyboards import LiveKeyboards
from coach.clock import Clock
from services.runtime import Units


@dataclass
class Services:
    """What handlers need: the clock, the settings and the transactions the use cases of
    services/ run in (`units.run(case, …)`, or `async with services.units() as uow:`)."""

    settings: Settings
    clock: Clock
    units: Units
    engine: AsyncEngine

    @property
    def offset(self) -> timedelta:
        """How long before the run's end a reminder goes out (the plan's use cases need it)."""
        return self.settings.reminder_offset

    async def close(self) -> None:
        """Close the database connections."""
        await self.engine.dispose()


class CoachContext(CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any],
                                   dict[str, Any]]):
    """A CallbackContext that exposes the services instead of untyped bot_data lookups."""

    def __init__(self, application: Application[Any, Any, Any, Any, Any, Any],
                 chat_id: int | None = None, user_id: int | None = None) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def services(self) -> Services:
        services = self.bot_data["services"]
        assert isinstance(services, Services)
        return services

    @property
    def keyboards(self) -> LiveKeyboards:
        """The newest card and step question per chat (bot/keyboards.py)."""
        keyboards = self.bot_data.setdefault("keyboards", LiveKeyboards())
        assert isinstance(keyboards, LiveKeyboards)
        return keyboards

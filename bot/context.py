"""The typed callback context: handlers reach services through `ctx.services`."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.ext import Application, CallbackContext, ExtBot

from bot.config import Settings
from bot.keyboards import LiveKeyboards
from coach.clock import Clock
from services.onboarding import OnboardingService
from services.plan import PlanService
from services.runtime import Units
from services.sessions import SessionService
from services.settings import SettingsService


@dataclass
class Services:
    """What handlers need: the clock, the settings and the application services."""

    settings: Settings
    clock: Clock
    plans: PlanService
    sessions: SessionService
    engine: AsyncEngine

    @property
    def units(self) -> Units:
        """The transaction boundary: `async with services.units() as uow:` (services/runtime)."""
        return Units(self.plans.factory)

    @property
    def onboarding(self) -> OnboardingService:
        """/start and the answers to the onboarding and /settings questions."""
        return OnboardingService(self.plans, self.clock)

    @property
    def account(self) -> SettingsService:
        """/settings, /pause, /resume, /plan, /load, a moved run, /deleteme."""
        return SettingsService(self.plans, self.clock)

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

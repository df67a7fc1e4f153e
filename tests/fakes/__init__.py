"""Test doubles for external services (a fake Telegram Bot API server)."""

from tests.fakes.rate_limits import RateLimits
from tests.fakes.telegram_api import (
    ApiCall,
    BotMessage,
    FakeChat,
    FakeTelegram,
    FakeUser,
    running_fake,
)

__all__ = ["ApiCall", "BotMessage", "FakeChat", "FakeTelegram", "FakeUser", "RateLimits",
           "running_fake"]

"""Fakes of the services coachbot talks to, shared by the tests, the benches and the demo:
the Telegram Bot API over real HTTP (latency, 429s, faults), the scheduler's sender port."""

from fakes.rate_limits import RateLimits
from fakes.telegram_api import (
    ApiCall,
    BotMessage,
    FakeChat,
    FakeTelegram,
    FakeUser,
    running_fake,
)

__all__ = ["ApiCall", "BotMessage", "FakeChat", "FakeTelegram", "FakeUser", "RateLimits",
           "running_fake"]

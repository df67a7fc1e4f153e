"""The real bot (`build_application`, polling) against the fake Bot API over real HTTP.

Used by the end-to-end tests (tests/bot/conftest.py) and the benches that drive the bot
as Telegram would.
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from pydantic import SecretStr

from bot.app import CoachApp, build_application
from bot.concurrency import PerUserUpdateProcessor
from bot.config import Settings
from bot.context import Services
from coach.clock import FakeClock
from fakes.telegram_api import BotMessage, FakeTelegram, FakeUser
from scheduler.delivery import Deliverer, TickReport
from storage.migrate import upgrade

START = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # Monday noon UTC


class BotApi(Protocol):
    """Where the bot finds its Bot API: the fake in this process, or in its own."""

    @property
    def token(self) -> str: ...

    @property
    def url(self) -> str: ...


@dataclass
class RunningBot:
    """A running bot, the Bot API it polls, its clock and its database."""

    api: BotApi
    clock: FakeClock
    database_url: str
    app: CoachApp | None = None
    interval: float = 86_400.0  # tests call tick() themselves unless they shorten this

    def settings(self) -> Settings:
        return Settings(bot_token=SecretStr(self.api.token), telegram_api_url=self.api.url,
                        database_url=self.database_url,
                        scheduler_interval_seconds=self.interval,
                        _env_file=None)  # type: ignore[call-arg]

    async def start(self) -> None:
        """Start the bot as `make run` would: migrate, then poll."""
        await asyncio.to_thread(upgrade, self.database_url)
        self.app = build_application(self.settings(), self.clock)
        if self.interval == Harness.interval:  # tests tick themselves: no pass at 1 s racing
            assert self.app.job_queue is not None
            for job in self.app.job_queue.get_jobs_by_name("deliver-reminders"):
                job.schedule_removal()
        await self.app.initialize()
        await self.app.start()
        if self.interval >= Harness.interval:  # the test ticks itself: no job may race it
            assert self.app.job_queue is not None
            for job in self.app.job_queue.get_jobs_by_name("deliver-reminders"):
                job.schedule_removal()
        assert self.app.updater is not None
        await self.app.updater.start_polling(poll_interval=0, timeout=1)

    async def stop(self) -> None:
        if self.app is None:
            return
        assert self.app.updater is not None
        if self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        services = self.app.bot_data["services"]
        assert isinstance(services, Services)
        await services.close()
        self.app = None

    def services(self) -> Services:
        assert self.app is not None
        services = self.app.bot_data["services"]
        assert isinstance(services, Services)
        return services

    async def settled(self) -> None:
        """Wait until every update that reached the bot is handled (and marked handled)."""
        assert self.app is not None
        processor = self.app.update_processor
        assert isinstance(processor, PerUserUpdateProcessor)
        await processor.wait_idle()

    async def tick(self) -> TickReport:
        """Run one scheduler pass now (the job itself runs on an interval in production)."""
        assert self.app is not None
        deliverer = self.app.bot_data["deliverer"]
        assert isinstance(deliverer, Deliverer)
        return await deliverer.tick()


@dataclass
class Harness(RunningBot):
    """The bot against the fake Bot API in this process, with a test's view of the chats."""

    seen: dict[int, int] = field(default_factory=dict)

    @property
    def fake(self) -> FakeTelegram:
        assert isinstance(self.api, FakeTelegram)
        return self.api

    async def says(self, user: FakeUser, text: str, *, reply_to: int | None = None) -> None:
        self.seen[user.id] = len(self.fake.messages_to(user.id))
        self.fake.send_text(user, text, reply_to=reply_to)

    async def reply(self, user: FakeUser, contains: str = "", within: float = 5.0) -> BotMessage:
        """The next bot message to this user (after what they last said) containing `contains`."""
        return await self.fake.wait_for_message(
            user.id, lambda m: contains in (m.text or ""), after=self.seen.get(user.id, 0),
            timeout=within)

    async def buttons_show(self, user: FakeUser, label: str) -> BotMessage:
        """Wait until a bot message to this user shows a button labelled exactly `label`."""
        return await self.fake.wait_for_message(
            user.id, lambda m: label in [text for text, _ in self.fake.buttons(m)])

    async def press(self, user: FakeUser, button: str, message_id: int | None = None) -> None:
        self.seen[user.id] = len(self.fake.messages_to(user.id))
        self.fake.press_button(user, button, message_id)


@asynccontextmanager
async def running_bot(database_url: str, *, token: str | None = None,
                      interval: float = Harness.interval) -> AsyncIterator[Harness]:
    """A fake Telegram on 127.0.0.1 and the real bot polling it, stopped afterwards."""
    fake = FakeTelegram(token=token) if token else FakeTelegram()
    await fake.start()
    h = Harness(fake, FakeClock(START), database_url, interval=interval)
    try:
        await h.start()
        yield h
    finally:
        await h.stop()
        await fake.stop()

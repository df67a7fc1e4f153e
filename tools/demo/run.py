"""Start the demo: stand-in Telegram and chat page on 127.0.0.1, the real bot polling it."""

import asyncio
import contextlib
import signal
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from sqlalchemy import func, select

from bot.app import CoachApp, build_application
from bot.config import Settings
from bot.context import Services
from coach.timezones import zone_or_default
from fakes.telegram_api import FakeTelegram
from scheduler.delivery import Deliverer
from storage.migrate import upgrade
from storage.models import Delivery, SessionRow, User
from tools.demo.chat import DemoChat
from tools.demo.clock import DemoClock
from tools.demo.web import DemoServer

NO_PLAN = "No reminder planned yet: finish /start first."
TOKEN = "1000001:DEMO-not-a-real-token"


def demo_settings(api_url: str, database_url: str) -> Settings:
    """Defaults, except what the demo needs: the fake Bot API, its database, quick ticks."""
    return Settings(bot_token=SecretStr(TOKEN), telegram_api_url=api_url,
                    database_url=database_url, scheduler_interval_seconds=3.0,
                    send_rate_per_second=1000.0, log_level="WARNING",
                    _env_file=None)  # type: ignore[call-arg]


@dataclass
class Demo:
    """The running demo: its clock, the fake Bot API, the chat page's server and the bot."""

    database: Path
    clock: DemoClock = field(default_factory=DemoClock)
    app: CoachApp | None = None

    def __post_init__(self) -> None:
        self.fake = FakeTelegram(TOKEN, "coach_demo_bot", bot_name="Coach (demo)",
                                 now=lambda: self.clock.now().timestamp())
        self.chat = DemoChat(self.fake)
        self.server = DemoServer(self.chat, self.move_clock, self.clock.now)

    async def start(self, port: int = 0) -> str:
        """Serve the page and the fake API, migrate the database, start the bot; returns the
        page's URL."""
        url = await self.server.start(port)
        await self.fake.start()
        database_url = f"sqlite+aiosqlite:///{self.database}"
        await asyncio.to_thread(upgrade, database_url)
        self.app = build_application(demo_settings(self.fake.url, database_url), self.clock)
        await self.app.initialize()
        await self.app.start()
        assert self.app.updater is not None
        await self.app.updater.start_polling(poll_interval=0, timeout=10)
        return url

    async def stop(self) -> None:
        """Stop the bot, then the server."""
        if self.app is not None:
            if self.app.updater is not None and self.app.updater.running:
                await self.app.updater.stop()
            if self.app.running:
                await self.app.stop()
            await self.app.shutdown()
            await self._services().close()
            self.app = None
        await self.server.stop()
        await self.fake.stop()

    def _services(self) -> Services:
        assert self.app is not None
        services = self.app.bot_data["services"]
        assert isinstance(services, Services)
        return services

    async def move_clock(self, action: str) -> str:
        """The page's clock buttons: jump, then let the scheduler look at once."""
        if action == "next-reminder":
            due = await self._next_due()
            if due is None:
                return NO_PLAN
            self.clock.jump_to(due + timedelta(seconds=1))
        elif action == "next-morning":
            self.clock.jump_to(await self._next_morning())
        elif action == "week":
            self.clock.advance(timedelta(days=7))
        else:
            return "Unknown clock action."
        await self._tick()
        return f"It is now {self.clock.now():%a %d %b, %H:%M} UTC."

    async def _next_due(self) -> datetime | None:
        query = select(func.min(SessionRow.due_at)).where(SessionRow.delivery == Delivery.DUE)
        async with self._services().engine.connect() as connection:
            due = (await connection.execute(query)).scalar()
        return due.replace(tzinfo=due.tzinfo or UTC) if due is not None else None

    async def _next_morning(self) -> datetime:
        """One minute past the nudge hour tomorrow, in the runner's zone (UTC before /start)."""
        async with self._services().engine.connect() as connection:
            tz = (await connection.execute(select(User.tz).limit(1))).scalar()
        zone = ZoneInfo(zone_or_default(tz))
        tomorrow = self.clock.now().astimezone(zone).date() + timedelta(days=1)
        hour = self._services().settings.nudge_hour
        return datetime.combine(tomorrow, time(hour, 1), tzinfo=zone)

    async def _tick(self) -> None:
        assert self.app is not None
        deliverer = self.app.bot_data["deliverer"]
        assert isinstance(deliverer, Deliverer)
        await deliverer.tick()


async def _start(demo: Demo, port: int) -> str:
    """Start on the port asked for; if it is taken, on any free one."""
    try:
        return await demo.start(port)
    except OSError as exc:
        if port == 0:
            raise SystemExit(f"coachbot demo: cannot listen on 127.0.0.1 ({exc})") from exc
        print(f"coachbot demo: port {port} is taken; using a free one", flush=True)
        await demo.stop()
        return await demo.start(0)


async def serve(port: int, database: Path | None) -> None:
    """Run the demo until Ctrl-C or SIGTERM."""
    with tempfile.TemporaryDirectory(prefix="coachbot-demo-") as scratch:
        demo = Demo(database or Path(scratch) / "demo.db")
        url = await _start(demo, port)
        print(f"coachbot demo: open {url}/ in your browser (Ctrl-C stops it)", flush=True)
        print(f"coachbot demo: database {demo.database}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            await demo.stop()

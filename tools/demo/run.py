"""Start the demo: the fake Telegram (and Strava) and the chat page on 127.0.0.1, the real
bot polling the fake."""

import asyncio
import contextlib
import secrets
import signal
import socket
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import SecretStr
from sqlalchemy import func, select

from bot.app import CoachApp, build_application
from bot.config import Settings
from bot.context import Services
from bot.strava import StravaParts, linked_text, tell
from coach.timezones import zone_or_default
from coach.views import Delivery
from fakes.strava_api import FakeStrava
from fakes.telegram_api import FakeTelegram
from scheduler.delivery import Deliverer
from services.strava import EVENTS_PATH, Connect, callback, strava_view
from storage.migrate import upgrade
from storage.models import SessionRow, User
from tools.demo import strava as strava_demo
from tools.demo.chat import DemoChat
from tools.demo.clock import DemoClock
from tools.demo.web import DemoServer

NO_PLAN = "No reminder planned yet: finish /start first."
TOKEN = "1000001:DEMO-not-a-real-token"


def demo_settings(api_url: str, database_url: str, strava_port: int = 0,
                  strava: FakeStrava | None = None) -> Settings:
    """Defaults, except what the demo needs: the fake Bot API, its database, quick ticks,
    and (with a port for the bot's web server) Strava pointed at the fake Strava."""
    linked: dict[str, Any] = {} if not strava_port or strava is None else {
        "strava_client_id": strava.client_id,
        "strava_client_secret": SecretStr(strava.client_secret),
        "strava_verify_token": SecretStr(secrets.token_urlsafe(16)),
        "strava_token_key": SecretStr(secrets.token_urlsafe(32)),
        "public_url": f"http://127.0.0.1:{strava_port}", "webhook_port": strava_port,
        "strava_oauth_url": strava.oauth_url, "strava_api_url": strava.api_url}
    return Settings(bot_token=SecretStr(TOKEN), telegram_api_url=api_url,
                    database_url=database_url, scheduler_interval_seconds=3.0,
                    send_rate_per_second=1000.0, log_level="WARNING",
                    _env_file=None, **linked)  # type: ignore[call-arg]


def free_port() -> int:
    """A port nothing listens on now, for the bot's own web server (Strava's paths)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Demo:
    """The running demo: its clock, the fakes, the chat page's server and the bot."""

    database: Path
    clock: DemoClock = field(default_factory=DemoClock)
    app: CoachApp | None = None

    def __post_init__(self) -> None:
        self.fake = FakeTelegram(TOKEN, "coach_demo_bot", bot_name="Coach (demo)",
                                 now=lambda: self.clock.now().timestamp())
        self.chat = DemoChat(self.fake)
        self.server = DemoServer(self.chat, self.move_clock, self.clock.now)
        self.strava = strava_demo.demo_strava()

    async def start(self, port: int = 0) -> str:
        """Serve the page and the fakes, migrate the database, start the bot; returns the
        page's URL."""
        url = await self.server.start(port)
        await self.fake.start()
        await self.strava.start()
        database_url = f"sqlite+aiosqlite:///{self.database}"
        await asyncio.to_thread(upgrade, database_url)
        settings = demo_settings(self.fake.url, database_url, free_port(), self.strava)
        self.app = build_application(settings, self.clock)
        await self.app.initialize()
        await self.app.start()
        assert self.app.updater is not None
        await self.app.updater.start_polling(poll_interval=0, timeout=10)
        return url

    async def stop(self) -> None:
        """Stop the bot, then the servers."""
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
        await self.strava.stop()

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
        elif action in ("strava-hard", "strava-easy"):
            return await self._strava_run(action.removeprefix("strava-"))
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

    async def _strava_run(self, kind: str) -> str:
        """Connect the runner to the fake Strava if needed, add a run that just ended and
        post Strava's push event to the bot: the pass does the rest."""
        assert self.app is not None
        parts = self.app.bot_data.get("strava")
        async with self._services().engine.connect() as connection:
            row = (await connection.execute(select(User.id, User.chat_id).where(
                User.onboarded_at.is_not(None)).limit(1))).first()
        if not isinstance(parts, StravaParts) or row is None:
            return NO_PLAN
        user_id, chat_id = int(row[0]), int(row[1])
        now = self.clock.now()
        units = self._services().units
        if isinstance(await units.read(strava_view, now, parts.app, user_id, chat_id), Connect):
            state = parts.app.keys.sign(user_id, chat_id, now)
            linked = await callback(units, now, parts.app, {
                "state": state, "code": self.strava.code(strava_demo.ATHLETE),
                "scope": "activity:read_all"})
            await tell(self.app.bot, chat_id, linked_text(linked) or "")
        run = strava_demo.add_run(self.strava, kind, now)
        await self.strava.push(strava_demo.ATHLETE, run,
                               url=parts.app.public_url + EVENTS_PATH)
        return f"{'A hard' if kind == 'hard' else 'An easy'} run just reached Strava."

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

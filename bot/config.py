"""Settings, read once at start-up from the environment and `.env`."""

from datetime import timedelta
from urllib.parse import urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of a coachbot deployment; documented in .env.example."""

    # hide_input_in_errors: a bad value must never echo a secret into a terminal or a log.
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore",
                                      hide_input_in_errors=True)

    bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///data/coachbot.db"
    log_level: str = "INFO"
    reminder_offset_minutes: int = Field(default=30, ge=0, le=240)
    grace_minutes: int = Field(default=120, ge=1, le=24 * 60)
    snooze_minutes: int = Field(default=60, ge=5, le=24 * 60)
    scheduler_interval_seconds: float = Field(default=15.0, gt=0, le=86_400)
    max_concurrent_updates: int = Field(default=64, ge=1, le=1024)
    send_rate_per_second: float = Field(default=30.0, gt=0, le=100_000)
    reminders_per_second: float = Field(default=25.0, gt=0, le=100_000)
    nudge_hour: int = Field(default=8, ge=0, le=23)
    claim_timeout_seconds: float = Field(default=300, gt=0, le=86_400)
    flood_burst: int = Field(default=20, ge=1, le=1000)
    flood_rate_per_second: float = Field(default=1.0, gt=0, le=1000)
    max_text_chars: int = Field(default=2000, ge=100, le=4096)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65_535)
    webhook_path: str | None = None

    @property
    def reminder_offset(self) -> timedelta:
        return timedelta(minutes=self.reminder_offset_minutes)

    @property
    def grace(self) -> timedelta:
        return timedelta(minutes=self.grace_minutes)

    @property
    def snooze(self) -> timedelta:
        return timedelta(minutes=self.snooze_minutes)

    @property
    def claim_timeout(self) -> timedelta:
        return timedelta(seconds=self.claim_timeout_seconds)

    @property
    def base_url(self) -> str:
        return f"{self.telegram_api_url.rstrip('/')}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.telegram_api_url.rstrip('/')}/file/bot"

    @property
    def local_webhook_path(self) -> str:
        """Where the webhook server listens: WEBHOOK_PATH, else the path of WEBHOOK_URL."""
        path = self.webhook_path or urlsplit(self.webhook_url or "").path
        return "/" + path.strip("/")

    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a log line."""
        values = [s.get_secret_value() for s in (self.bot_token, self.webhook_secret) if s]
        return tuple(v for v in values if v.strip())

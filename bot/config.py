"""Settings, read once at start-up from the environment and `.env`."""

from datetime import timedelta

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of a coachbot deployment; documented in .env.example."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str = "https://api.telegram.org"
    database_url: str = "sqlite+aiosqlite:///data/coachbot.db"
    log_level: str = "INFO"
    reminder_offset_minutes: int = Field(default=30, ge=0, le=240)
    grace_minutes: int = Field(default=120, ge=1, le=24 * 60)
    snooze_minutes: int = Field(default=60, ge=5, le=24 * 60)
    scheduler_interval_seconds: float = Field(default=15.0, gt=0, le=86_400)
    max_concurrent_updates: int = Field(default=64, ge=1, le=1024)

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
    def base_url(self) -> str:
        return f"{self.telegram_api_url.rstrip('/')}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.telegram_api_url.rstrip('/')}/file/bot"

"""Settings, read once at start-up from the environment and `.env`.

Relative paths (the `.env` file, a SQLite database file) are resolved against the base
directory `home()`: COACHBOT_HOME if set, else the checkout this code runs from (the folder
holding pyproject.toml), else the working directory — never whoever's working directory
happens to start the process.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    DotEnvSettingsSource,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)
from sqlalchemy.engine import make_url

from bot.urls import password_parts, shape_problem, with_driver

CHECKOUT = Path(__file__).resolve().parents[1]
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DATABASE_EXAMPLE = "postgresql+asyncpg://coachbot:password@localhost:5432/coachbot"


def home() -> Path:
    """The base directory of relative paths: COACHBOT_HOME, else the checkout, else cwd."""
    configured = os.environ.get("COACHBOT_HOME", "").strip()
    if configured:
        return Path(configured).expanduser().resolve()
    return CHECKOUT if (CHECKOUT / "pyproject.toml").is_file() else Path.cwd()


def resolve_sqlite(url: str, base: Path) -> str:
    """A SQLite URL with a relative file made absolute against `base`; others unchanged."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if database.startswith("file:") or Path(database).is_absolute():
        return url
    return parsed.set(database=str(base / database)).render_as_string(hide_password=False)


def _http_url(url: str, name: str) -> str:
    """The URL without surrounding spaces or a trailing slash; refused unless http(s)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} must start with https:// (or http:// on this machine)")
    return url.strip().rstrip("/")


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
    send_rate_per_second: float = Field(default=29.0, gt=0, le=100_000)
    reminders_per_second: float = Field(default=29.0, gt=0, le=100_000)
    send_budget_redis_url: SecretStr | None = None
    nudge_hour: int = Field(default=8, ge=0, le=23)
    claim_timeout_seconds: float = Field(default=300, gt=0, le=86_400)
    inbox_lease_seconds: float = Field(default=20, ge=1, le=3600)
    flood_burst: int = Field(default=20, ge=1, le=1000)
    flood_rate_per_second: float = Field(default=1.0, gt=0, le=1000)
    max_text_chars: int = Field(default=2000, ge=100, le=4096)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65_535)
    webhook_path: str | None = None
    # Strava (all five of the first set, or none): see docs/operations.md
    strava_client_id: str | None = None
    strava_client_secret: SecretStr | None = None
    strava_verify_token: SecretStr | None = None
    strava_token_key: SecretStr | None = None
    public_url: str | None = None
    strava_oauth_url: str = "https://www.strava.com/oauth"
    strava_api_url: str = "https://www.strava.com/api/v3"

    @classmethod
    def settings_customise_sources(
        cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """The default `.env` is the one in `home()`; an explicit `_env_file` is kept."""
        if isinstance(dotenv_settings, DotEnvSettingsSource) and (
                dotenv_settings.env_file == ".env"):
            dotenv_settings = DotEnvSettingsSource(settings_cls, env_file=home() / ".env")
        return init_settings, env_settings, dotenv_settings, file_secret_settings

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, url: str) -> str:
        """postgres:// is mapped to the async driver; a malformed URL is refused unseen."""
        url = with_driver(url.strip())
        problem = shape_problem(url, "DATABASE_URL", DATABASE_EXAMPLE)
        if problem:
            raise ValueError(problem)
        try:
            return resolve_sqlite(url, home())
        except Exception:  # a URL SQLAlchemy can't read: the engine says so, without its value
            return url

    @field_validator("send_budget_redis_url")
    @classmethod
    def _redis_url(cls, url: SecretStr | None) -> SecretStr | None:
        problem = url and shape_problem(url.get_secret_value(), "SEND_BUDGET_REDIS_URL",
                                        "redis://:password@localhost:6379/0")
        if problem:
            raise ValueError(problem)
        return url

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, url: str) -> str:
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("TELEGRAM_API_URL must start with https:// (or http:// for a "
                             "local Bot API server), e.g. https://api.telegram.org")
        return url.strip()

    @field_validator("strava_token_key")
    @classmethod
    def _strava_key(cls, key: SecretStr | None) -> SecretStr | None:
        if key is not None and 0 < len(key.get_secret_value()) < 16:
            raise ValueError("STRAVA_TOKEN_KEY must be at least 16 characters; make one with "
                             'python -c "import secrets; print(secrets.token_urlsafe(32))"')
        return key

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, url: str | None) -> str | None:
        return _http_url(url, "PUBLIC_URL") if url and url.strip() else None

    @field_validator("strava_oauth_url", "strava_api_url")
    @classmethod
    def _strava_urls(cls, url: str) -> str:
        return _http_url(url, "STRAVA_OAUTH_URL and STRAVA_API_URL")

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, level: str) -> str:
        if level.strip().upper() not in LOG_LEVELS:
            raise ValueError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        return level.strip().upper()

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

    @property
    def strava_configured(self) -> bool:
        """Every Strava setting is there: /strava connects and its endpoints are served."""
        return all((self.strava_client_id, self.strava_client_secret,
                    self.strava_verify_token, self.strava_token_key, self.public_url))

    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a log line."""
        values = [s.get_secret_value() for s in (
            self.bot_token, self.webhook_secret, self.send_budget_redis_url,
            self.strava_client_secret, self.strava_verify_token, self.strava_token_key) if s]
        redis = self.send_budget_redis_url
        # The passwords (and their pieces) of the database and Redis URLs, however written.
        values += password_parts(self.database_url)
        values += password_parts(redis.get_secret_value()) if redis else []
        return tuple(v for v in values if v.strip())

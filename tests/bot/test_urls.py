"""URLs from the settings: masked whatever they look like, mapped to the async drivers,
refused with advice when a password needs percent-encoding; the start-up advice."""

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from bot import failures
from bot.config import Settings
from bot.logsafety import Redactor
from bot.urls import masked, password_parts, shape_problem, with_driver
from storage import db

# Upper case, digits and the reserved characters: nothing a masked URL of these shapes shows.
PASSWORD = st.text(alphabet="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789@:/?#%", min_size=1, max_size=40)
SHAPES = ("postgresql+asyncpg://coach:{pw}@db.example:5432/coach",
          "postgresql+asyncpg//coach:{pw}@db/coach",
          "postgresql+asyncpg:/coach:{pw}@db/coach",
          "postgresql+asyncpg://coach:{pw}@db/coach?sslmode=require",
          "postgresql+asyncpg://db/coach?password={pw}",
          "redis://:{pw}@cache:6379/0",
          "{pw}")


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


@given(pw=PASSWORD, shape=st.sampled_from(SHAPES))
def test_a_masked_url_shows_no_four_characters_of_its_password(pw: str, shape: str) -> None:
    shown = masked(shape.format(pw=pw))
    pieces = {pw[i:i + 4] for i in range(len(pw) - 3)}
    assert [piece for piece in pieces if piece in shown] == []


@given(pw=PASSWORD.filter(lambda pw: len(pw) >= 4))
def test_the_redactor_hides_a_password_however_a_driver_would_cut_it(pw: str) -> None:
    url = f"postgresql://coach:{pw}@db/coach"
    redactor = Redactor(password_parts(url))
    # urlsplit's reading of an unencoded password: the text after its first '@' as the host.
    for echo in (pw, pw.split("@", 1)[-1], url):
        text = redactor.text(f"could not translate host name {echo!r}")
        assert pw not in text
        assert len(echo) < 4 or echo not in text


@pytest.mark.parametrize(("given_url", "expected"), [
    ("postgres://u:p@h/d", "postgresql+asyncpg://u:p@h/d"),
    ("postgresql://u:p@h:5433/d", "postgresql+asyncpg://u:p@h:5433/d"),
    ("postgresql+asyncpg://u@h/d", "postgresql+asyncpg://u@h/d"),
    ("sqlite:////srv/coachbot.db", "sqlite+aiosqlite:////srv/coachbot.db"),
])
def test_postgres_and_postgresql_urls_get_the_async_driver(given_url: str, expected: str) -> None:
    assert with_driver(given_url) == expected
    assert settings(database_url=given_url).database_url == expected


@pytest.mark.parametrize("pw", ["Kq@7", "a:b", "x/y", "q?r", "h#s"])
def test_a_password_with_a_reserved_character_gets_percent_encoding_advice(pw: str) -> None:
    url = f"postgresql://coach:{pw}@db/coach"
    assert "percent-encode it" in (shape_problem(url, "DATABASE_URL", "") or "")
    with pytest.raises(ValidationError, match="percent-encode it") as refused:
        settings(database_url=url)
    assert pw not in str(refused.value)


def test_a_sqlite_path_with_an_at_sign_is_a_path_not_a_password() -> None:
    url = "sqlite+aiosqlite:////srv/a@b/coachbot.db"
    assert shape_problem(url, "DATABASE_URL", "") is None
    assert masked(url) == url


def test_the_redis_and_database_passwords_are_secrets_of_their_own() -> None:
    found = settings(database_url="postgresql://coach:DBPASS99@db/coach",
                     send_budget_redis_url="redis://:REDISPW77@cache:6379/0").secrets()
    assert {"DBPASS99", "REDISPW77"} <= set(found)


def test_log_levels_are_read_in_any_case_and_others_refused() -> None:
    assert settings(log_level="debug").log_level == "DEBUG"
    with pytest.raises(ValidationError, match="LOG_LEVEL must be one of"):
        settings(log_level="verbose")
    with pytest.raises(ValidationError, match="must start with https://"):
        settings(telegram_api_url="api.telegram.org")


@pytest.mark.parametrize(("kind", "advice"), [
    ("checkout", "next to the Makefile"), ("container", "--env-file"),
    ("pip", "COACHBOT_HOME/.env")])
def test_the_no_token_advice_fits_how_coachbot_was_installed(kind: str, advice: str) -> None:
    text = failures.no_token(kind)
    assert advice in text
    assert len(text.splitlines()) <= 5


def test_a_read_only_database_file_is_reported_after_one_attempt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "coachbot.db"
    sqlite3.connect(path).close()
    opened = []
    real_connect = sqlite3.connect

    def read_only(database: str, timeout: float) -> sqlite3.Connection:
        opened.append(database)
        return real_connect(f"file:{database}?mode=ro", uri=True, timeout=timeout)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        db.ensure_wal(f"sqlite+aiosqlite:///{path}")
    assert len(opened) == 1  # not fifty attempts, ~25 s of retries

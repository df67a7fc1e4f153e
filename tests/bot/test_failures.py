"""bot/failures.py: each kind of failure told in a few lines, the unexpected in one."""

import pytest
from pydantic import SecretStr
from sqlalchemy.exc import DBAPIError
from telegram.error import InvalidToken, NetworkError

from bot.app import DatabaseUnusable
from bot.config import Settings
from bot.failures import explain
from bot.telegram_http import KeepAliveRequest

TOKEN = "5550001:AAE-failures-secret-part"
PASSWORD = "Zr8-unit-pass"


def settings() -> Settings:
    return Settings(bot_token=SecretStr(TOKEN), _env_file=None,  # type: ignore[call-arg]
                    database_url=f"postgresql://coach:{PASSWORD}@db.example/coach")


class InvalidPasswordError(Exception):
    """Named like asyncpg's: the classification goes by the name, not the import."""


def database_error(orig: Exception) -> DatabaseUnusable:
    wrapped = DBAPIError("connect", {}, orig)
    try:
        raise DatabaseUnusable(str(wrapped)) from wrapped
    except DatabaseUnusable as exc:
        return exc


def test_a_refused_password_says_to_check_the_user_and_password() -> None:
    error = database_error(InvalidPasswordError(f'password authentication failed for "coach" '
                                                f"({PASSWORD})"))
    code, text = explain(error, settings())
    assert code == 2
    assert "refused the password" in text
    assert "postgresql+asyncpg://db.example/coach" in text
    assert PASSWORD not in text
    assert len(text.splitlines()) <= 5


@pytest.mark.parametrize("error", [InvalidToken("Unauthorized"),
                                   NetworkError("httpx.ConnectError")])
def test_telegram_failures_name_what_to_check(error: Exception) -> None:
    code, text = explain(error, settings())
    assert code == 2
    assert ("BOT_TOKEN" if isinstance(error, InvalidToken) else "TELEGRAM_API_URL") in text


def test_an_unexpected_error_is_one_line_and_points_to_debug() -> None:
    code, text = explain(RuntimeError(f"boom with {TOKEN}\nsecond line"), settings())
    assert code == 1
    assert text.splitlines()[0] == (
        "coachbot stopped by an unexpected error: RuntimeError: boom with <redacted>")
    assert "LOG_LEVEL=DEBUG" in text
    assert TOKEN not in text


async def test_unreachable_telegram_names_the_sockets_own_fault() -> None:
    request = KeepAliveRequest(connection_pool_size=1, connect_timeout=1.0)
    try:
        with pytest.raises(NetworkError) as refused:  # port 9: discard, nobody listens
            await request.do_request("http://127.0.0.1:9/botTOKEN/getMe", "POST")
    finally:
        await request.shutdown()
    code, text = explain(refused.value, settings())
    assert code == 2
    assert "cannot reach Telegram" in text
    assert "(ConnectionRefusedError: " in text

"""Webhook mode: settings checks and the options `Application.run_webhook` gets.

The server is `bot.webhook_server` (asyncio streams, no extra dependency), started by
`bot.updater.InboxUpdater.start_webhook`.
"""

import re
from typing import Any
from urllib.parse import urlsplit

from bot.config import Settings

SECRET = re.compile(r"[A-Za-z0-9_-]{32,256}")  # Telegram allows 1-256; we want 32 or more
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]


def webhook_problem(settings: Settings) -> str | None:
    """Why these webhook settings can't run safely, or None. Never echoes the secret."""
    if not settings.webhook_url:
        return ("WEBHOOK_SECRET is set but WEBHOOK_URL is not: set both for webhook mode, "
                "or neither to poll Telegram.")
    url = urlsplit(settings.webhook_url)
    if url.scheme != "https" or not url.hostname:
        return "WEBHOOK_URL must be a full https:// address (Telegram only calls https)."
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if not SECRET.fullmatch(secret):
        return ("WEBHOOK_SECRET must be 32 to 256 characters of A-Z, a-z, 0-9, _ and -. "
                "Make one with: python -c \"import secrets; print(secrets.token_urlsafe(48))\"")
    return None


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments for `Application.run_webhook`."""
    assert settings.webhook_secret is not None
    return {"listen": settings.webhook_listen, "port": settings.webhook_port,
            "url_path": settings.local_webhook_path, "webhook_url": settings.webhook_url,
            "secret_token": settings.webhook_secret.get_secret_value(),
            "allowed_updates": ALLOWED_UPDATES}

"""Logging set-up that never prints the bot token."""

import logging

from bot.config import Settings


class RedactToken(logging.Filter):
    """Replaces the bot token in every record's message and arguments."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.token:
            return True
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, "<BOT_TOKEN>")
            record.args = None
        return True


def install_logging(settings: Settings) -> None:
    """A clear format; httpx request lines (URLs carry the token) only from WARNING up."""
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    token = settings.bot_token.get_secret_value() if settings.bot_token else ""
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken(token))

"""The hardened webhook request handler for PTB's webhook server (needs tornado).

PTB 22.8's `TelegramHandler` (telegram/ext/_utils/webhookhandler.py) compares the
`X-Telegram-Bot-Api-Secret-Token` header with `!=`, which can leak through timing how much
of a guess was right, reads bodies of any size (tornado allows 100 MB) before checking it,
and logs every body (message texts) at DEBUG. The handler below checks the header with
`hmac.compare_digest` as soon as the headers are in, before the body is read, caps the body
at 1 MB, and never logs a body. `harden_webhook_server()` makes PTB's Updater use it.
"""

import hmac
import json
import logging
import re
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram import Update
from telegram.ext import ExtBot
from telegram.ext import _updater as ptb_updater
from telegram.ext._utils.webhookhandler import TelegramHandler, WebhookAppClass

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1 << 20  # an update is a few kB; nothing legitimate comes near this


@tornado.web.stream_request_body
class HardenedTelegramHandler(TelegramHandler):
    """Secret checked in constant time from the headers alone; bodies capped, never logged."""

    def prepare(self) -> None:
        self._chunks: list[bytes] = []
        self._size = 0
        if self.request.headers.get("Content-Type") != "application/json":
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        given = self.request.headers.get(SECRET_HEADER, "").encode()
        if self.secret_token is None or not hmac.compare_digest(given,
                                                                self.secret_token.encode()):
            log.info("webhook: refused a request without the right secret token")
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN, reason="Wrong secret token")

    def data_received(self, chunk: bytes) -> None:
        self._size += len(chunk)
        if self._size <= MAX_BODY_BYTES:
            self._chunks.append(chunk)

    async def post(self) -> None:
        if self._size > MAX_BODY_BYTES:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        try:
            update = Update.de_json(json.loads(b"".join(self._chunks)), self.bot)
        except Exception as exc:
            log.warning("webhook: a body was not an Update (%s)", type(exc).__name__)
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        self.set_status(HTTPStatus.OK)
        if isinstance(self.bot, ExtBot):
            self.bot.insert_callback_data(update)
        await self.update_queue.put(update)


class HardenedWebhookApp(WebhookAppClass):
    """PTB's webhook application with the hardened handler on the webhook path."""

    def __init__(self, webhook_path: str, bot: Any, update_queue: Any,
                 secret_token: str | None = None) -> None:
        self.shared_objects = {"bot": bot, "update_queue": update_queue,
                               "secret_token": secret_token}
        handlers = [(rf"{re.escape(webhook_path)}/?", HardenedTelegramHandler,
                     self.shared_objects)]
        tornado.web.Application.__init__(self, handlers)


def harden_webhook_server() -> None:
    """Make PTB's Updater build the hardened webhook application (idempotent)."""
    if not hasattr(ptb_updater, "WebhookAppClass"):
        raise RuntimeError("python-telegram-bot changed its webhook internals; "
                           "re-check bot/webhook_server.py before running a webhook")
    setattr(ptb_updater, "WebhookAppClass", HardenedWebhookApp)  # noqa: B010

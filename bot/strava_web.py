"""Strava's two paths on the bot's web server (bot/webhook_server.py routes).

- `GET /strava/callback?state=…&code=…&scope=…`: where Strava sends the runner back after
  the authorize page. The state is checked (signed, this chat's, unexpired, unused) before
  anything else; the runner is told in chat what happens next, and the page says to go
  back to Telegram. Nothing from the query is echoed into the page.
- `GET /strava/events?hub.mode=subscribe&hub.challenge=…&hub.verify_token=…`: the
  subscription check, answered with the challenge when the verify token matches.
- `POST /strava/events`: a push event, stored before the 200 (Strava wants an answer
  within 2 s); the pass that handles it is woken at once.
"""

import html
import json
import logging
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from telegram import Bot

from bot.strava import linked_text, tell
from bot.webhook_server import Route
from coach.clock import Clock
from i18n import _
from services.runtime import Units
from services.strava import CALLBACK_PATH, EVENTS_PATH, Linked, StravaApp, accept_event, callback

log = logging.getLogger(__name__)
HTML = "text/html; charset=utf-8"
JSON = "application/json"
PAGE = ("<!doctype html><meta charset='utf-8'><meta name='viewport' "
        "content='width=device-width'><title>coachbot</title>"
        "<body style='font-family:sans-serif;max-width:30em;margin:3em auto;padding:0 1em'>"
        "<h1>{title}</h1><p>{text}</p></body>")
Answer = tuple[int, bytes, str]


def page(status: int, title: str, text: str) -> Answer:
    return status, PAGE.format(title=html.escape(title), text=html.escape(text)).encode(), HTML


class StravaWeb:
    """The handlers of Strava's callback and events."""

    def __init__(self, app: StravaApp, units: Units, clock: Clock, bot: Bot,
                 wake: Callable[[], None] = lambda: None) -> None:
        self.app, self.units, self.clock, self.bot, self.wake = app, units, clock, bot, wake

    def routes(self) -> dict[str, Route]:
        return {CALLBACK_PATH: self.callback, EVENTS_PATH: self.events}

    async def callback(self, method: str, target: str, _body: bytes) -> Answer:
        if method != "GET":
            return 405, b"", "text/plain"
        params = dict(parse_qsl(urlsplit(target).query))
        try:
            outcome = await callback(self.units, self.clock.now(), self.app, params)
        except Exception as exc:
            log.warning("strava: callback failed: %s", type(exc).__name__)
            return page(500, _("Something went wrong"),
                        _("Nothing was connected. Send /strava in the chat to try again."))
        chat, text = outcome.chat_id, linked_text(outcome)
        if chat is not None and text is not None:
            await tell(self.bot, chat, text)
        if isinstance(outcome, Linked):
            log.info("strava: a runner connected")
            return page(200, _("Strava connected"),
                        _("All set. You can close this page and go back to Telegram."))
        if outcome.reason == "state":
            return page(400, _("This link has expired"),
                        _("It was already used, is too old, or isn't coachbot's. Send "
                          "/strava in the chat for a fresh one."))
        return page(400, _("Strava not connected"), _("Go back to Telegram: I said why there."))

    async def events(self, method: str, target: str, body: bytes) -> Answer:
        if method == "GET":
            challenge = self.app.check_subscription(dict(parse_qsl(urlsplit(target).query)))
            if challenge is None:
                return 403, b"", "text/plain"
            return 200, json.dumps({"hub.challenge": challenge}).encode(), JSON
        if method != "POST":
            return 405, b"", "text/plain"
        try:
            event = json.loads(body)
        except ValueError:
            return 400, b"", "text/plain"
        try:
            fresh = await self.units.run(accept_event, self.clock.now(), event)
        except Exception as exc:  # not stored: Strava sends it again
            log.warning("strava: could not store an event: %s", type(exc).__name__)
            return 500, b"", "text/plain"
        if fresh:
            self.wake()
        return 200, b"", "text/plain"

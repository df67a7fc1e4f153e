"""Strava's part of the composition root: the services from the settings, the web paths,
the pass over stored events, and `coachbot strava subscribe`.

Called by bot/app.py only when every Strava setting is there (`Settings.strava_configured`).
"""

import argparse
import asyncio
import logging
import sys
from typing import Any

from bot.config import Settings
from bot.context import CoachContext, Services
from bot.strava import StravaParts, parts_of, tell_notice
from bot.strava_web import StravaWeb
from services.strava import EVENTS_PATH, StravaApp
from services.strava_api import StravaApi, StravaError
from services.strava_events import StravaEvents
from services.strava_keys import Keys

log = logging.getLogger(__name__)
STRAVA_SETTINGS = ("strava_client_id", "strava_client_secret", "strava_verify_token",
                   "strava_token_key", "public_url")
PASS_SECONDS = 5.0  # how often stored events are looked for (an event also wakes the pass)


def build_parts(settings: Settings, services: Services) -> StravaParts:
    assert settings.strava_client_id
    assert settings.strava_client_secret
    assert settings.strava_verify_token
    assert settings.strava_token_key
    assert settings.public_url
    api = StravaApi(settings.strava_oauth_url, settings.strava_api_url,
                    settings.strava_client_id, settings.strava_client_secret.get_secret_value())
    keys = Keys(settings.strava_token_key.get_secret_value())
    uow = services.units
    strava = StravaApp(api, keys, settings.public_url,
                       settings.strava_verify_token.get_secret_value())
    return StravaParts(strava, StravaEvents(uow, api, keys, settings.reminder_offset))


def add_strava(app: Any, services: Services) -> None:
    """Wire Strava into the Application: /strava's services, the two paths on the web server
    (in polling mode too) and the repeating pass, woken early by each stored event. Without
    every Strava setting nothing is wired (and a partial set is named in the log)."""
    settings = services.settings
    if not settings.strava_configured:
        missing = [name.upper() for name in STRAVA_SETTINGS if not getattr(settings, name)]
        if len(missing) < len(STRAVA_SETTINGS):
            log.warning("Strava is off: %s not set (see .env.example)", ", ".join(missing))
        return
    parts = build_parts(settings, services)
    app.bot_data["strava"] = parts
    queue = app.job_queue
    assert queue is not None
    queue.run_repeating(strava_tick, interval=PASS_SECONDS, first=1.0, name="strava-events",
                        job_kwargs={"max_instances": 1, "coalesce": True})

    def wake() -> None:
        queue.run_once(strava_tick, when=0, name="strava-events-now")

    web = StravaWeb(parts.app, services.units, services.clock, app.bot, wake)
    app.updater.routes = web.routes()
    app.updater.routes_at = (settings.webhook_listen, settings.webhook_port)
    closing = app.post_shutdown

    async def close(application: Any) -> None:
        await parts.close()
        if closing is not None:
            await closing(application)

    app.post_shutdown = close


async def strava_tick(ctx: CoachContext) -> None:
    """Handle the stored events that are due; tell runners what changed."""
    parts = parts_of(ctx)
    if parts is None or parts.running.locked():
        return  # a pass is under way; the next one (within PASS_SECONDS) takes the rest
    async with parts.running:
        now = ctx.services.clock.now()
        report = await parts.events.work(now)
        for notice in report.notices:
            await tell_notice(ctx.bot, notice)
        await parts.events.prune(now)
    if report.handled or report.retried:
        log.info("strava: events handled=%d retried=%d", report.handled, report.retried)


def strava_command(settings: Settings, args: argparse.Namespace) -> int:
    """`coachbot strava subscribe`: create the push subscription, or show the one there is."""
    if list(getattr(args, "rest", [])) != ["subscribe"]:
        print("usage: coachbot strava subscribe", file=sys.stderr)
        return 2
    if not settings.strava_configured:
        print("coachbot: Strava is not set up: set STRAVA_CLIENT_ID, STRAVA_CLIENT_SECRET, "
              "STRAVA_VERIFY_TOKEN, STRAVA_TOKEN_KEY and PUBLIC_URL (see .env.example)",
              file=sys.stderr)
        return 2
    return asyncio.run(_subscribe(settings))


async def _subscribe(settings: Settings) -> int:
    assert settings.strava_client_id
    assert settings.strava_client_secret
    assert settings.public_url
    assert settings.strava_verify_token
    api = StravaApi(settings.strava_oauth_url, settings.strava_api_url,
                    settings.strava_client_id, settings.strava_client_secret.get_secret_value())
    callback = settings.public_url.rstrip("/") + EVENTS_PATH
    try:
        existing = await api.subscriptions()
        for sub in existing:
            print(f"Subscribed: id {sub.get('id')} -> {sub.get('callback_url')}")
        if existing:
            return 0
        made = await api.subscribe(callback, settings.strava_verify_token.get_secret_value())
        print(f"Subscribed: id {made.get('id')} -> {callback}")
        return 0
    except StravaError as exc:
        print(f"coachbot: Strava refused the subscription ({type(exc).__name__}); is the bot "
              f"running and {callback} reachable from the internet?", file=sys.stderr)
        return 1
    finally:
        await api.close()

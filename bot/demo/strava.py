"""A stand-in Strava for the demo, on the demo's own server: OAuth and one athlete's runs.

The bot is configured with STRAVA_OAUTH_URL and STRAVA_API_URL pointing here, so /strava's
Connect button works in the browser (this authorize page sends the visitor straight back to
the bot's callback). The page's "Strava: hard run" and "easy run" buttons connect the
runner the same way if needed, add a run that ended a moment ago and post Strava's push
event to the bot's /strava/events, so the visitor sees the session follow the run.
"""

import itertools
import secrets
import time
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from aiohttp import web

PREFIX = "/strava-demo"
ATHLETE = 4242
CLIENT_ID, CLIENT_SECRET = "demo", "demo-client-secret"
RUNS = {  # (distance m, moving s, workout type, name)
    "hard": (10_000, 2472, 3, "Track night: 5 × 1 km"),
    "easy": (8_000, 2880, 0, "Easy shakeout"),
}


class DemoStrava:
    """The stand-in: codes, tokens and the demo athlete's runs."""

    def __init__(self) -> None:
        self.codes: set[str] = set()
        self.tokens: set[str] = set()
        self.runs: dict[int, dict[str, Any]] = {}
        self.ids = itertools.count(9_000_001)

    def routes(self) -> list[web.RouteDef]:
        return [web.get(f"{PREFIX}/oauth/authorize", self.authorize),
                web.post(f"{PREFIX}/oauth/token", self.token),
                web.post(f"{PREFIX}/oauth/deauthorize", self.deauthorize),
                web.get(f"{PREFIX}/api/v3/activities/{{id}}", self.activity)]

    def code(self) -> str:
        code = secrets.token_hex(8)
        self.codes.add(code)
        return code

    def add_run(self, kind: str, now: datetime) -> int:
        distance, moving, workout, name = RUNS[kind]
        activity_id = next(self.ids)
        start = now - timedelta(seconds=moving + 60)  # it ended a minute ago
        self.runs[activity_id] = {
            "id": activity_id, "athlete": {"id": ATHLETE}, "name": name, "type": "Run",
            "sport_type": "Run", "start_date": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "distance": distance, "moving_time": moving, "workout_type": workout}
        return activity_id

    async def push(self, events_url: str, activity_id: int) -> int:
        """Post Strava's push event for the run to the bot; the bot's answer's status."""
        body = {"aspect_type": "create", "event_time": int(time.time()),
                "object_id": activity_id, "object_type": "activity", "owner_id": ATHLETE,
                "subscription_id": 1, "updates": {}}
        async with httpx.AsyncClient(timeout=5.0) as client:
            return (await client.post(events_url, json=body)).status_code

    async def authorize(self, request: web.Request) -> web.Response:
        query = request.query
        params = {"state": query.get("state", ""), "code": self.code(),
                  "scope": "read,activity:read_all"}
        raise web.HTTPFound(f"{query.get('redirect_uri', '/')}?{urlencode(params)}")

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        grant = self.codes if form.get("grant_type") == "authorization_code" else self.tokens
        given = str(form.get("code") or form.get("refresh_token") or "")
        if given not in grant:
            return web.json_response({"message": "Authorization Error"}, status=401)
        grant.discard(given)
        access, refresh = secrets.token_hex(20), secrets.token_hex(20)
        self.tokens |= {access, refresh}
        return web.json_response({
            "access_token": access, "refresh_token": refresh, "token_type": "Bearer",
            "expires_at": int(time.time()) + 6 * 3600, "athlete": {"id": ATHLETE}})

    async def deauthorize(self, request: web.Request) -> web.Response:
        form = await request.post()
        self.tokens.discard(str(form.get("access_token")))
        return web.json_response({})

    async def activity(self, request: web.Request) -> web.Response:
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return web.json_response({"message": "Authorization Error"}, status=401)
        run = self.runs.get(int(request.match_info["id"]))
        if run is None:
            return web.json_response({"message": "Record Not Found"}, status=404)
        return web.json_response(run)

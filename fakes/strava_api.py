"""A fake Strava on 127.0.0.1 over real HTTP: OAuth, activities, push subscriptions, 429s.

- `GET /oauth/authorize` redirects (302) to the given redirect_uri with a fresh code for
  `next_athlete`, the state as given and the granted scope (`deny=True`: an error instead);
- `POST /oauth/token` exchanges a code or a refresh token; `POST /oauth/deauthorize`;
- `GET /api/v3/activities/{id}` and `GET /api/v3/athlete/activities` with a Bearer token;
- `GET|POST /api/v3/push_subscriptions`: creating one validates the callback the way
  Strava does (GET with hub.challenge, the answer must echo it);
- `push(...)` POSTs an event to the subscribed callback like Strava's push service.
`throttle` answers the next N API calls with 429 (Retry-After: `retry_after`). Every API
answer carries Strava's `X-RateLimit-Limit`/`X-RateLimit-Usage` headers: `used` counts the
API calls (15 minutes, day; a test sets it to play another user of the app's quota), and a
call past `limits` is answered 429.
"""

import itertools
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
from aiohttp import web


@dataclass
class Athlete:
    id: int
    activities: dict[int, dict[str, Any]] = field(default_factory=dict)


class FakeStrava:
    """Strava's OAuth host and API host in one server (`oauth_url`, `api_url`)."""

    def __init__(self, client_id: str = "4242", client_secret: str = "fake-secret") -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.athletes: dict[int, Athlete] = {}
        self.next_athlete = 0
        self.deny = False
        self.codes: dict[str, int] = {}
        self.tokens: dict[str, int] = {}  # live access tokens
        self.refresh_tokens: dict[str, int] = {}
        self.subscription: dict[str, Any] | None = None
        self.throttle, self.retry_after = 0, 2
        self.limits, self.used = (100, 1000), [0, 0]
        self.now: Callable[[], float] = time.time  # the windows' clock (a test may fix it)
        self._window: tuple[int, int] | None = None
        self.calls: list[str] = []
        self.ids = itertools.count(1_000_001)
        self.url = ""
        self._runner: web.AppRunner | None = None

    @property
    def oauth_url(self) -> str:
        return f"{self.url}/oauth"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/v3"

    async def start(self) -> None:
        app = web.Application(middlewares=[self._rate_headers])
        app.router.add_get("/oauth/authorize", self._authorize)
        app.router.add_post("/oauth/token", self._token)
        app.router.add_post("/oauth/deauthorize", self._deauthorize)
        app.router.add_get("/api/v3/activities/{id}", self._activity)
        app.router.add_get("/api/v3/activities/{id}/streams", self._streams)
        app.router.add_get("/api/v3/athlete/activities", self._list)
        app.router.add_route("*", "/api/v3/push_subscriptions", self._subscriptions)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _count(self) -> None:
        """One more API call in Strava's windows (quarter hours and days, UTC)."""
        now = int(self.now())
        window = (now // 900, now // 86_400)
        if self._window is not None:
            self.used = [used if new == old else 0
                         for used, new, old in zip(self.used, window, self._window, strict=True)]
        self._window = window
        self.used = [self.used[0] + 1, self.used[1] + 1]

    @web.middleware
    async def _rate_headers(self, request: web.Request, handler: Any) -> web.StreamResponse:
        response: web.StreamResponse = await handler(request)
        if request.path.startswith("/api/v3/"):
            response.headers["X-RateLimit-Limit"] = f"{self.limits[0]},{self.limits[1]}"
            response.headers["X-RateLimit-Usage"] = f"{self.used[0]},{self.used[1]}"
        return response

    # --- the test's side ---

    def athlete(self, athlete_id: int) -> Athlete:
        return self.athletes.setdefault(athlete_id, Athlete(athlete_id))

    def add_run(self, athlete_id: int, start: str, distance_m: float, moving_s: int,
                workout_type: int = 0, **extra: Any) -> int:
        """A run on the athlete's account; returns its id."""
        activity_id = next(self.ids)
        self.athlete(athlete_id).activities[activity_id] = {
            "id": activity_id, "athlete": {"id": athlete_id}, "name": extra.pop("name", "Run"),
            "type": "Run", "sport_type": extra.pop("sport_type", "Run"), "start_date": start,
            "distance": distance_m, "moving_time": moving_s, "elapsed_time": moving_s + 60,
            "workout_type": workout_type, **extra}
        return activity_id

    def code(self, athlete_id: int) -> str:
        """An authorization code, as if the athlete had tapped Authorize."""
        code = secrets.token_hex(8)
        self.codes[code] = athlete_id
        return code

    def revoke(self, athlete_id: int) -> None:
        for table in (self.tokens, self.refresh_tokens):
            for token in [t for t, a in table.items() if a == athlete_id]:
                del table[token]

    async def push(self, owner_id: int, object_id: int, aspect: str = "create",
                   object_type: str = "activity", updates: dict[str, str] | None = None,
                   event_time: int | None = None, url: str | None = None) -> httpx.Response:
        """POST an event to the subscription's callback (or `url`) as Strava does."""
        target = url or (self.subscription or {}).get("callback_url")
        assert target, "no push subscription"
        body = {"aspect_type": aspect, "event_time": event_time or int(time.time()),
                "object_id": object_id, "object_type": object_type, "owner_id": owner_id,
                "subscription_id": (self.subscription or {}).get("id", 1),
                "updates": updates or {}}
        async with httpx.AsyncClient(timeout=5.0) as client:
            return await client.post(target, json=body)

    # --- OAuth ---

    async def _authorize(self, request: web.Request) -> web.Response:
        query = request.query
        target = query["redirect_uri"]
        if self.deny:
            denied = {"state": query["state"], "error": "access_denied"}
            raise web.HTTPFound(f"{target}?{urlencode(denied)}")
        code = self.code(self.next_athlete)
        params = {"state": query["state"], "code": code, "scope": f"read,{query['scope']}"}
        raise web.HTTPFound(f"{target}?{urlencode(params)}")

    def _issue(self, athlete_id: int) -> dict[str, Any]:
        access, refresh = secrets.token_hex(20), secrets.token_hex(20)
        self.tokens[access], self.refresh_tokens[refresh] = athlete_id, athlete_id
        return {"token_type": "Bearer", "access_token": access, "refresh_token": refresh,
                "expires_at": int(time.time()) + 6 * 3600, "expires_in": 6 * 3600,
                "athlete": {"id": athlete_id}}

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        self.calls.append(f"token:{form.get('grant_type')!s}")
        if (form.get("client_id"), form.get("client_secret")) != (self.client_id,
                                                                 self.client_secret):
            return web.json_response({"message": "Bad Request"}, status=400)
        if form.get("grant_type") == "authorization_code":
            athlete = self.codes.pop(str(form.get("code")), None)
        else:
            athlete = self.refresh_tokens.pop(str(form.get("refresh_token")), None)
        if athlete is None:
            return web.json_response({"message": "Authorization Error"}, status=401)
        return web.json_response(self._issue(athlete))

    async def _deauthorize(self, request: web.Request) -> web.Response:
        form = await request.post()
        self.calls.append("deauthorize")
        athlete = self.tokens.get(str(form.get("access_token")))
        if athlete is None:
            return web.json_response({"message": "Authorization Error"}, status=401)
        self.revoke(athlete)
        return web.json_response({"access_token": form.get("access_token")})

    # --- API ---

    def _who(self, request: web.Request) -> int | web.Response:
        self.calls.append(request.path)
        self._count()
        if self.used[0] > self.limits[0] or self.used[1] > self.limits[1]:
            return web.json_response({"message": "Rate Limit Exceeded"}, status=429)
        if self.throttle > 0:
            self.throttle -= 1
            return web.json_response({"message": "Rate Limit Exceeded"}, status=429,
                                     headers={"Retry-After": str(self.retry_after)})
        token = request.headers.get("Authorization", "").removeprefix("Bearer ")
        athlete = self.tokens.get(token)
        if athlete is None:
            return web.json_response({"message": "Authorization Error"}, status=401)
        return athlete

    async def _activity(self, request: web.Request) -> web.Response:
        who = self._who(request)
        if isinstance(who, web.Response):
            return who
        found = self.athlete(who).activities.get(int(request.match_info["id"]))
        if found is None:
            return web.json_response({"message": "Record Not Found"}, status=404)
        return web.json_response(found)

    async def _streams(self, request: web.Request) -> web.Response:
        who = self._who(request)
        if isinstance(who, web.Response):
            return who
        found = self.athlete(who).activities.get(int(request.match_info["id"]))
        if found is None:
            return web.json_response({"message": "Record Not Found"}, status=404)
        return web.json_response(found.get("streams", {}))

    async def _list(self, request: web.Request) -> web.Response:
        who = self._who(request)
        if isinstance(who, web.Response):
            return who
        runs = sorted(self.athlete(who).activities.values(), key=lambda a: a["start_date"],
                      reverse=True)
        return web.json_response(runs[:int(request.query.get("per_page", "30"))])

    async def _subscriptions(self, request: web.Request) -> web.Response:
        params = await request.post() if request.method == "POST" else request.query
        if (params.get("client_id"), params.get("client_secret")) != (self.client_id,
                                                                     self.client_secret):
            return web.json_response({"message": "Bad Request"}, status=400)
        if request.method == "GET":
            return web.json_response([self.subscription] if self.subscription else [])
        if self.subscription is not None:
            return web.json_response({"message": "already exists"}, status=400)
        callback, challenge = str(params["callback_url"]), secrets.token_hex(8)
        async with httpx.AsyncClient(timeout=5.0) as client:
            check = await client.get(callback, params={
                "hub.mode": "subscribe", "hub.challenge": challenge,
                "hub.verify_token": str(params.get("verify_token", ""))})
        if check.status_code != 200 or check.json().get("hub.challenge") != challenge:
            return web.json_response({"message": "callback url not verifiable"}, status=400)
        self.subscription = {"id": 77, "callback_url": callback}
        return web.json_response({"id": 77})

"""Strava's HTTP API as coachbot uses it: OAuth tokens, one activity, push subscriptions.

Every answer's `X-RateLimit-Usage`/`X-RateLimit-Limit` headers (Strava's own count of the
app's requests, 15 minutes and day) are kept as `usage` for the service to feed its shared
limiter, so requests made by another process or by hand with the same app are seen.
Faults come back as exceptions the service decides about: `RateLimited` (429: wait and
retry), `Unauthorized` (401: refresh the token, or the athlete revoked access),
`NotFound` (the activity is private or gone) and `Unavailable` (network, 5xx: retry later).
Tokens and the client secret go in request bodies and headers only, never in URLs, so no
log of a URL can hold them.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from coach.strava import Activity

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class StravaError(Exception):
    """Strava did not give what was asked."""


@dataclass(frozen=True)
class Usage:
    """Strava's count of the app's requests: (used, limit) per window, by the limiter's
    window names ("15min", "day")."""

    windows: dict[str, tuple[int, int]]


def usage_of(headers: Any) -> Usage | None:
    """The usage from Strava's headers ("12,345" used of "100,1000"); None if absent or odd."""
    try:
        used = [int(n) for n in str(headers.get("x-ratelimit-usage", "")).split(",")]
        limit = [int(n) for n in str(headers.get("x-ratelimit-limit", "")).split(",")]
    except ValueError:
        return None
    if len(used) != 2 or len(limit) != 2 or min(*used, *limit) < 0:
        return None
    return Usage({"15min": (used[0], limit[0]), "day": (used[1], limit[1])})


class RateLimited(StravaError):
    def __init__(self, retry_after: timedelta, usage: Usage | None = None) -> None:
        super().__init__(retry_after)
        self.retry_after, self.usage = retry_after, usage


class Unauthorized(StravaError):
    """The token is not (or no longer) valid."""


class NotFound(StravaError):
    """No such activity for this athlete (deleted, or made private)."""


class Unavailable(StravaError):
    """Network trouble or a server error: try again later."""


@dataclass(frozen=True)
class Tokens:
    access: str
    refresh: str
    expires_at: datetime
    athlete_id: int | None = None


def _tokens(body: dict[str, Any]) -> Tokens:
    athlete = body.get("athlete") or {}
    return Tokens(str(body["access_token"]), str(body["refresh_token"]),
                  datetime.fromtimestamp(int(body["expires_at"]), UTC),
                  int(athlete["id"]) if "id" in athlete else None)


def _start(body: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(body["start_date"]).replace("Z", "+00:00"))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def activity_of(body: dict[str, Any]) -> Activity:
    """The parts of Strava's DetailedActivity JSON the rules read."""
    return Activity(
        activity_id=int(body["id"]), sport_type=str(body.get("sport_type") or body["type"]),
        start=_start(body), distance_m=float(body.get("distance") or 0),
        moving_s=int(body.get("moving_time") or 0), name=str(body.get("name") or ""),
        workout_type=body.get("workout_type") if isinstance(body.get("workout_type"), int)
        else None,
        average_hr=_number(body.get("average_heartrate")),
        max_hr=_number(body.get("max_heartrate")),
        relative_effort=_number(body.get("suffer_score")),
        perceived_exertion=_number(body.get("perceived_exertion")))


class StravaApi:
    """One shared HTTP client for Strava's OAuth and API hosts."""

    def __init__(self, oauth_url: str, api_url: str, client_id: str,
                 client_secret: str) -> None:
        self.oauth_url, self.api_url = oauth_url.rstrip("/"), api_url.rstrip("/")
        self.client_id, self._secret = client_id, client_secret
        self.usage: Usage | None = None  # the latest answer's, until taken

    def take_usage(self) -> Usage | None:
        """The usage Strava reported last (once: it is handed to the limiter)."""
        usage, self.usage = self.usage, None
        return usage

    async def close(self) -> None:
        """Nothing held open: each call has its own connection (a few calls an hour)."""

    async def exchange(self, code: str) -> Tokens:
        return _tokens(await self._call("POST", f"{self.oauth_url}/token", data={
            "client_id": self.client_id, "client_secret": self._secret, "code": code,
            "grant_type": "authorization_code"}))

    async def refresh(self, refresh_token: str) -> Tokens:
        return _tokens(await self._call("POST", f"{self.oauth_url}/token", data={
            "client_id": self.client_id, "client_secret": self._secret,
            "refresh_token": refresh_token, "grant_type": "refresh_token"}))

    async def deauthorize(self, access_token: str) -> None:
        await self._call("POST", f"{self.oauth_url}/deauthorize",
                         data={"access_token": access_token})

    async def activity(self, activity_id: int, access_token: str, athlete_id: int) -> Activity:
        """The athlete's own activity (NotFound for anyone else's)."""
        body = await self._call("GET", f"{self.api_url}/activities/{activity_id}",
                                headers={"Authorization": f"Bearer {access_token}"})
        owner = (body.get("athlete") or {}).get("id") if isinstance(body, dict) else None
        if owner != athlete_id:
            raise NotFound("not this athlete's activity")
        try:
            return activity_of(body)
        except (KeyError, TypeError, ValueError):
            raise NotFound("not an activity") from None

    async def heart_rate(self, activity_id: int,
                         access_token: str) -> tuple[list[int], list[float]]:
        """The activity's heart-rate stream: sample times (s) and beats per minute."""
        body = await self._call("GET", f"{self.api_url}/activities/{activity_id}/streams",
                                params={"keys": "time,heartrate", "key_by_type": "true"},
                                headers={"Authorization": f"Bearer {access_token}"})
        if not isinstance(body, dict):
            return [], []
        times = (body.get("time") or {}).get("data") or []
        rates = (body.get("heartrate") or {}).get("data") or []
        return [int(t) for t in times], [float(r) for r in rates]

    async def recent(self, access_token: str, count: int) -> list[Activity]:
        """The athlete's latest activities (summaries), newest first."""
        body = await self._call("GET", f"{self.api_url}/athlete/activities",
                                params={"per_page": count},
                                headers={"Authorization": f"Bearer {access_token}"})
        found = []
        for item in body if isinstance(body, list) else []:
            try:
                found.append(activity_of(item))
            except (KeyError, TypeError, ValueError):
                continue
        return found

    async def subscriptions(self) -> list[dict[str, Any]]:
        body = await self._call("GET", f"{self.api_url}/push_subscriptions", params={
            "client_id": self.client_id, "client_secret": self._secret})
        return list(body) if isinstance(body, list) else []

    async def subscribe(self, callback_url: str, verify_token: str) -> dict[str, Any]:
        body = await self._call("POST", f"{self.api_url}/push_subscriptions", data={
            "client_id": self.client_id, "client_secret": self._secret,
            "callback_url": callback_url, "verify_token": verify_token})
        return dict(body)

    async def _call(self, method: str, url: str, **kwargs: Any) -> Any:
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT) as http:
                answer = await http.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise Unavailable(type(exc).__name__) from None
        usage = usage_of(answer.headers)
        if usage is not None:
            self.usage = usage
        if answer.status_code == 429:
            wait = answer.headers.get("retry-after", "")
            raise RateLimited(timedelta(seconds=int(wait) if wait.isdigit() else 60), usage)
        if answer.status_code == 401:
            raise Unauthorized(method)
        if answer.status_code == 404:
            raise NotFound(method)
        if answer.status_code >= 300:
            raise Unavailable(str(answer.status_code))
        try:
            return answer.json()
        except ValueError:
            raise Unavailable("not json") from None

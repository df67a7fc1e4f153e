"""An in-process stand-in for Strava's API (no HTTP) for the service tests."""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from coach.strava import Activity
from services.strava import (
    CallbackRefused,
    Connect,
    Connected,
    Linked,
    StravaApp,
    accept_event,
    callback,
    disconnect,
    revoke_after_delete,
    strava_view,
)
from services.strava_api import NotFound, RateLimited, StravaApi, Tokens, Unauthorized
from services.uow import UowFactory

WHEN = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


class StubApi(StravaApi):
    """Athletes, their activities and their tokens; faults queued per call."""

    def __init__(self) -> None:
        super().__init__("https://oauth.invalid", "https://api.invalid", "123", "s3cret")
        self.activities: dict[int, tuple[int, Activity]] = {}  # id -> (athlete, activity)
        self.valid: dict[str, int] = {}  # live access or refresh token -> athlete
        self.codes: dict[str, int] = {}  # authorization code -> athlete
        self.faults: list[BaseException] = []  # raised by the next calls, first first
        self.calls: list[str] = []
        self.streams: dict[int, tuple[list[int], list[float]]] = {}
        self.serial = 0

    def grant(self, code: str, athlete: int) -> None:
        self.codes[code] = athlete

    def revoke(self, athlete: int) -> None:
        self.valid = {t: a for t, a in self.valid.items() if a != athlete}

    def _fault(self, name: str) -> None:
        self.calls.append(name)
        if self.faults:
            raise self.faults.pop(0)

    def _issue(self, athlete: int, now: datetime = WHEN) -> Tokens:
        self.serial += 1
        access, refresh = f"access-{athlete}-{self.serial}", f"refresh-{athlete}-{self.serial}"
        self.valid[access] = self.valid[refresh] = athlete
        return Tokens(access, refresh, now + timedelta(hours=6), athlete)

    async def exchange(self, code: str) -> Tokens:
        self._fault("token")
        if code not in self.codes:
            raise Unauthorized("code")
        return self._issue(self.codes.pop(code))

    async def refresh(self, refresh_token: str) -> Tokens:
        self._fault("refresh")
        athlete = self.valid.pop(refresh_token, None)
        if athlete is None:
            raise Unauthorized("refresh")
        return self._issue(athlete)

    async def deauthorize(self, access_token: str) -> None:
        self._fault("deauthorize")
        athlete = self.valid.get(access_token)
        if athlete is not None:
            self.revoke(athlete)

    async def activity(self, activity_id: int, access_token: str, athlete_id: int) -> Activity:
        self._fault("activity")
        if self.valid.get(access_token) != athlete_id:
            raise Unauthorized("activity")
        owner, activity = self.activities.get(activity_id, (0, None))
        if owner != athlete_id or activity is None:
            raise NotFound("activity")
        return activity

    async def heart_rate(self, activity_id: int,
                         access_token: str) -> tuple[list[int], list[float]]:
        self._fault("streams")
        return self.streams.get(activity_id, ([], []))

    async def recent(self, access_token: str, count: int) -> list[Activity]:
        self._fault("recent")
        athlete = self.valid.get(access_token)
        mine = [a for owner, a in self.activities.values() if owner == athlete]
        return sorted(mine, key=lambda a: a.start, reverse=True)[:count]

    async def subscriptions(self) -> list[dict[str, Any]]:
        return []


def throttled(seconds: int = 60) -> RateLimited:
    return RateLimited(timedelta(seconds=seconds))


def event(athlete: int, activity_id: int, aspect: str = "create", at: int = 1,
          **updates: str) -> dict[str, Any]:
    return {"object_type": "athlete" if updates else "activity",
            "object_id": athlete if updates else activity_id, "aspect_type": aspect,
            "owner_id": athlete, "subscription_id": 1, "event_time": 1_764_000_000 + at,
            "updates": updates}


@dataclass(frozen=True)
class StravaIntents:
    """Strava's intents as the bot runs them (bot/strava.py, bot/strava_web.py,
    bot/deleting.py): a use case in a transaction of its own, or an intent that calls
    Strava between its transactions."""

    units: UowFactory
    app: StravaApp

    async def view(self, user_id: int, chat_id: int, now: datetime) -> Connect | Connected:
        async with self.units() as uow:
            return await strava_view(uow, now, self.app, user_id, chat_id)

    async def callback(self, params: dict[str, str],
                       now: datetime) -> Linked | CallbackRefused:
        return await callback(self.units, now, self.app, params)

    async def disconnect(self, user_id: int) -> bool:
        return await disconnect(self.units, self.app, user_id)

    async def delete_user(self, user_id: int, delete: Callable[[], Awaitable[None]]) -> bool:
        return await revoke_after_delete(self.units, self.app, user_id, delete)

    async def accept_event(self, body: Any, now: datetime) -> bool:
        async with self.units() as uow:
            return await accept_event(uow, now, body)

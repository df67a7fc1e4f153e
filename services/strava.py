"""Strava: connect, the OAuth callback, disconnect, and push events stored as they arrive.

Each intent is one transaction around at most one call to Strava; the event queue is worked
by services/strava_events.py. Tokens are encrypted before they are stored
(services/strava_keys.py) and never logged.
"""

import contextlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from coach.strava import Runner, classify
from services.schedule import onboarded
from services.strava_api import StravaApi, StravaError, Tokens
from services.strava_events import spend
from services.strava_keys import STATE_TTL, BadState, Keys
from services.uow import UnitOfWork

log = logging.getLogger(__name__)
UowFactory = Callable[[], UnitOfWork]
SCOPE = "activity:read_all"
CALLBACK_PATH = "/strava/callback"
EVENTS_PATH = "/strava/events"
OBJECTS = frozenset({"activity", "athlete"})
HISTORY_RUNS = 30  # read at connect: what the easy pace and threshold are learned from
ASPECTS = frozenset({"create", "update", "delete"})


@dataclass(frozen=True)
class Connect:
    """Not connected: the link to Strava's authorize page."""

    url: str


@dataclass(frozen=True)
class Connected:
    """Connected: to which athlete, and whether long runs count as hard."""

    athlete_id: int
    long_runs_hard: bool


@dataclass(frozen=True)
class Linked:
    """The callback connected the runner's Strava."""

    user_id: int
    chat_id: int


@dataclass(frozen=True)
class CallbackRefused:
    """Nothing changed: 'state' (bad, expired or used), 'scope' (not granted), 'denied'
    (the runner said no), 'strava' (the code exchange failed)."""

    reason: str
    chat_id: int | None = None


class StravaService:
    """What /strava, its buttons, the callback and the events endpoint do."""

    def __init__(self, uow: UowFactory, api: StravaApi, keys: Keys, public_url: str,
                 verify_token: str) -> None:
        self.uow, self.api, self.keys = uow, api, keys
        self.public_url = public_url.rstrip("/")
        self._verify_token = verify_token.encode()

    @property
    def redirect_uri(self) -> str:
        return self.public_url + CALLBACK_PATH

    async def view(self, user_id: int, chat_id: int, now: datetime) -> Connect | Connected:
        """/strava: the connection, or a fresh signed link to make one (NotOnboarded first)."""
        async with self.uow() as uow:
            await onboarded(uow, user_id)
            link = await uow.strava.link_of(user_id)
        if link is not None:
            return Connected(link.athlete_id, link.long_runs_hard)
        query = urlencode({
            "client_id": self.api.client_id, "response_type": "code",
            "redirect_uri": self.redirect_uri, "approval_prompt": "auto", "scope": SCOPE,
            "state": self.keys.sign(user_id, chat_id, now)})
        return Connect(f"{self.api.oauth_url}/authorize?{query}")

    async def callback(self, params: dict[str, str], now: datetime) -> Linked | CallbackRefused:
        """Strava sent the runner back: check the state, use it up, exchange the code."""
        try:
            state = self.keys.check(params.get("state", ""), now)
        except BadState:
            return CallbackRefused("state")
        async with self.uow() as uow:
            fresh = await uow.strava.use_state(
                state.nonce, state.user_id, now + STATE_TTL, now)
        if not fresh:
            return CallbackRefused("state")
        if "error" in params or not params.get("code"):
            return CallbackRefused("denied", state.chat_id)
        granted = set(params.get("scope", "").split(","))
        if not granted & {"activity:read_all", "activity:read"}:
            return CallbackRefused("scope", state.chat_id)
        try:
            tokens = await self.api.exchange(params["code"])
        except (StravaError, KeyError, ValueError):
            return CallbackRefused("strava", state.chat_id)
        if tokens.athlete_id is None:
            return CallbackRefused("strava", state.chat_id)
        async with self.uow() as uow:
            await self._store(uow, state.user_id, tokens, now)
        await self._learn_from_history(state.user_id, tokens.access, now)
        return Linked(state.user_id, state.chat_id)

    async def _learn_from_history(self, user_id: int, access: str, now: datetime) -> None:
        """Store the runner's latest runs (one request, if the app's limit allows), so the
        easy pace and threshold are known from the first run on; none of them acts."""
        if await spend(self.uow, self.api, now) is not None:
            return
        try:
            runs = [a for a in await self.api.recent(access, HISTORY_RUNS) if a.is_run]
        except StravaError:
            return  # nothing learned yet: the runs that arrive will teach it
        async with self.uow() as uow:
            repo = uow.strava
            for run in runs:
                if await repo.activity(run.activity_id) is None:
                    await repo.put_activity(user_id, run, classify(run, Runner()))

    async def _store(self, uow: UnitOfWork, user_id: int, tokens: Tokens,
                     now: datetime) -> None:
        assert tokens.athlete_id is not None
        await uow.strava.put_link(
            user_id, tokens.athlete_id, self.keys.encrypt(tokens.access),
            self.keys.encrypt(tokens.refresh), tokens.expires_at, now)

    async def disconnect(self, user_id: int) -> bool:
        """Revoke at Strava (best effort) and delete the tokens and every run fetched."""
        async with self.uow() as uow:
            repo = uow.strava
            link = await repo.link_of(user_id)
            await repo.forget(user_id)
        if link is None:
            return False
        # Already revoked at Strava, or unreachable: our copy is gone either way.
        with contextlib.suppress(StravaError, ValueError):
            await self.api.deauthorize(self.keys.decrypt(link.access_token))
        return True

    async def delete_user(self, user_id: int, delete: Callable[[], Awaitable[None]]) -> bool:
        """/deleteme: `delete()` removes everything (the Strava rows with it); then, if the
        runner was connected, access is revoked at Strava. A failed revoke is only logged
        (by its kind, never the token): the data is gone either way. True if revoked."""
        async with self.uow() as uow:
            link = await uow.strava.link_of(user_id)
        await delete()
        if link is None:
            return False
        try:
            await self.api.deauthorize(self.keys.decrypt(link.access_token))
        except (StravaError, ValueError) as exc:
            log.info("strava: revoking after /deleteme failed: %s", type(exc).__name__)
            return False
        return True

    async def accept_event(self, body: Any, now: datetime) -> bool:
        """Store a push event for the pass (False: malformed or a replay, nothing stored).

        Events are not signed by Strava, so nothing in one is trusted: the pass fetches the
        activity with the athlete's own token, and checks a deauthorization with Strava.
        """
        event = event_key(body)
        if event is None:
            return False
        owner, object_type, object_id, aspect, event_time, deauthorized = event
        async with self.uow() as uow:
            return await uow.strava.add_event(
                owner, object_type, object_id, aspect, event_time, deauthorized, now)

    def check_subscription(self, params: dict[str, str]) -> str | None:
        """The GET validation: the challenge to echo when the verify token matches."""
        if params.get("hub.mode") != "subscribe" or "hub.challenge" not in params:
            return None
        given = params.get("hub.verify_token", "").encode()
        return params["hub.challenge"] if hmac.compare_digest(given, self._verify_token) \
            else None


def event_key(body: Any) -> tuple[int, str, int, str, int, bool] | None:
    """(owner, object type, object id, aspect, event time, deauthorized) of a well-formed
    event; None for anything else."""
    if not isinstance(body, dict):
        return None
    try:
        owner, object_id = int(body["owner_id"]), int(body["object_id"])
        event_time = int(body["event_time"])
        object_type, aspect = str(body["object_type"]), str(body["aspect_type"])
    except (KeyError, TypeError, ValueError):
        return None
    if object_type not in OBJECTS or aspect not in ASPECTS or owner <= 0 or object_id <= 0:
        return None
    updates = body.get("updates") or {}
    deauthorized = object_type == "athlete" and isinstance(updates, dict) and \
        str(updates.get("authorized", "")).lower() == "false"
    if object_type == "athlete" and not deauthorized:
        return None  # athlete profile changes are of no interest
    return owner, object_type, object_id, aspect, event_time, deauthorized

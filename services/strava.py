"""Strava: connect, the OAuth callback, disconnect, and push events stored as they arrive.

The use cases are functions `(uow, now, …)`, each one transaction; an intent that calls
Strava (`callback`, `disconnect`, `revoke_after_delete`) runs them through a factory of
units of work with the HTTP call between two transactions, never inside one. The event
queue is worked by services/strava_events.py. Tokens are encrypted before they are stored
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

from coach.stored import Link
from coach.strava import Activity, Runner, classify
from services.schedule import onboarded
from services.strava_api import StravaApi, StravaError, Tokens
from services.strava_events import spend
from services.strava_keys import STATE_TTL, BadState, Keys, State
from services.uow import UnitOfWork, UowFactory

log = logging.getLogger(__name__)
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


@dataclass(frozen=True)
class StravaApp:
    """What Strava's use cases need besides a unit of work and the time: the API client,
    the token keys, the bot's public address and the subscription's verify token."""

    api: StravaApi
    keys: Keys
    public_url: str
    verify_token: str

    @property
    def redirect_uri(self) -> str:
        return self.public_url.rstrip("/") + CALLBACK_PATH

    def check_subscription(self, params: dict[str, str]) -> str | None:
        """The GET validation: the challenge to echo when the verify token matches."""
        if params.get("hub.mode") != "subscribe" or "hub.challenge" not in params:
            return None
        given, token = params.get("hub.verify_token", "").encode(), self.verify_token.encode()
        return params["hub.challenge"] if hmac.compare_digest(given, token) else None


async def strava_view(uow: UnitOfWork, now: datetime, app: StravaApp, user_id: int,
                      chat_id: int) -> Connect | Connected:
    """/strava: the connection, or a fresh signed link to make one (NotOnboarded first)."""
    await onboarded(uow, user_id)
    link = await uow.strava.link_of(user_id)
    if link is not None:
        return Connected(link.athlete_id, link.long_runs_hard)
    query = urlencode({
        "client_id": app.api.client_id, "response_type": "code",
        "redirect_uri": app.redirect_uri, "approval_prompt": "auto", "scope": SCOPE,
        "state": app.keys.sign(user_id, chat_id, now)})
    return Connect(f"{app.api.oauth_url}/authorize?{query}")


async def use_state(uow: UnitOfWork, now: datetime, state: State) -> bool:
    """Use up a connect link's state; False when it was used before (a replay)."""
    return await uow.strava.use_state(state.nonce, state.user_id, now + STATE_TTL, now)


async def store_link(uow: UnitOfWork, now: datetime, keys: Keys, user_id: int,
                     tokens: Tokens) -> None:
    """Connect the runner to the athlete of `tokens`, stored encrypted."""
    assert tokens.athlete_id is not None
    await uow.strava.put_link(user_id, tokens.athlete_id, keys.encrypt(tokens.access),
                              keys.encrypt(tokens.refresh), tokens.expires_at, now)


async def store_runs(uow: UnitOfWork, user_id: int, runs: list[Activity]) -> None:
    """Keep the runs not known yet, classified for a runner of whom nothing is known."""
    repo = uow.strava
    for run in runs:
        if await repo.activity(run.activity_id) is None:
            await repo.put_activity(user_id, run, classify(run, Runner()))


async def link_of(uow: UnitOfWork, user_id: int) -> Link | None:
    return await uow.strava.link_of(user_id)


async def forget(uow: UnitOfWork, user_id: int) -> Link | None:
    """Delete the tokens and every run fetched; the link they were (None: none)."""
    link = await uow.strava.link_of(user_id)
    await uow.strava.forget(user_id)
    return link


async def accept_event(uow: UnitOfWork, now: datetime, body: Any) -> bool:
    """Store a push event for the pass (False: malformed or a replay, nothing stored).

    Events are not signed by Strava, so nothing in one is trusted: the pass fetches the
    activity with the athlete's own token, and checks a deauthorization with Strava.
    """
    event = event_key(body)
    if event is None:
        return False
    owner, object_type, object_id, aspect, event_time, deauthorized = event
    return await uow.strava.add_event(owner, object_type, object_id, aspect, event_time,
                                      deauthorized, now)


# The intents that call Strava: each transaction a use case above, Strava's HTTP call
# between two of them, never inside one.


async def callback(units: UowFactory, now: datetime, app: StravaApp,
                   params: dict[str, str]) -> Linked | CallbackRefused:
    """Strava sent the runner back: check the state, use it up, exchange the code."""
    try:
        state = app.keys.check(params.get("state", ""), now)
    except BadState:
        return CallbackRefused("state")
    async with units() as uow:
        fresh = await use_state(uow, now, state)
    if not fresh:
        return CallbackRefused("state")
    if "error" in params or not params.get("code"):
        return CallbackRefused("denied", state.chat_id)
    granted = set(params.get("scope", "").split(","))
    if not granted & {"activity:read_all", "activity:read"}:
        return CallbackRefused("scope", state.chat_id)
    try:
        tokens = await app.api.exchange(params["code"])
    except (StravaError, KeyError, ValueError):
        return CallbackRefused("strava", state.chat_id)
    if tokens.athlete_id is None:
        return CallbackRefused("strava", state.chat_id)
    async with units() as uow:
        await store_link(uow, now, app.keys, state.user_id, tokens)
    await _learn_from_history(units, now, app, state.user_id, tokens.access)
    return Linked(state.user_id, state.chat_id)


async def _learn_from_history(units: UowFactory, now: datetime, app: StravaApp, user_id: int,
                              access: str) -> None:
    """Store the runner's latest runs (one request, if the app's limit allows), so the
    easy pace and threshold are known from the first run on; none of them acts."""
    if await spend(units, app.api, now) is not None:
        return
    try:
        runs = [a for a in await app.api.recent(access, HISTORY_RUNS) if a.is_run]
    except StravaError:
        return  # nothing learned yet: the runs that arrive will teach it
    async with units() as uow:
        await store_runs(uow, user_id, runs)


async def disconnect(units: UowFactory, app: StravaApp, user_id: int) -> bool:
    """Delete the tokens and every run fetched, then revoke at Strava (best effort)."""
    async with units() as uow:
        link = await forget(uow, user_id)
    if link is None:
        return False
    # Already revoked at Strava, or unreachable: our copy is gone either way.
    with contextlib.suppress(StravaError, ValueError):
        await app.api.deauthorize(app.keys.decrypt(link.access_token))
    return True


async def revoke_after_delete(units: UowFactory, app: StravaApp, user_id: int,
                              delete: Callable[[], Awaitable[None]]) -> bool:
    """/deleteme: `delete()` removes everything (the Strava rows with it); then, if the
    runner was connected, access is revoked at Strava. A failed revoke is only logged
    (by its kind, never the token): the data is gone either way. True if revoked."""
    async with units() as uow:
        link = await link_of(uow, user_id)
    await delete()
    if link is None:
        return False
    try:
        await app.api.deauthorize(app.keys.decrypt(link.access_token))
    except (StravaError, ValueError) as exc:
        log.info("strava: revoking after /deleteme failed: %s", type(exc).__name__)
        return False
    return True


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

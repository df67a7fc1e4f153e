"""The plan machine's Strava: an in-process stand-in for Strava's API and the step "a run
arrives from Strava", through the real services (the OAuth callback with a signed state,
the push event stored, the pass that fetches, classifies and follows the run).

Used by tools/plan_machine.py so the plan rule is checked with Strava in the mix.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from coach.strava import LONG_RUN, RACE, WORKOUT, Activity
from services.strava import Connect, Linked, StravaApp, accept_event, callback, strava_view
from services.strava_api import NotFound, StravaApi, Tokens, Unauthorized
from services.strava_events import Notice, StravaEvents
from services.strava_follow import Followed
from services.strava_keys import Keys
from storage.uow import UnitOfWork

KEYS = Keys("plan-machine-key-0123456789abcdef")
ATHLETE_BASE = 70_000  # runner n is athlete ATHLETE_BASE + n
# kind -> (Strava's workout_type, distance in m, moving time in s)
RUNS = {"workout": (WORKOUT, 10_000, 2472), "race": (RACE, 10_000, 2400),
        "long": (LONG_RUN, 24_000, 8400), "easy": (0, 8_000, 3000)}


class MachineStrava(StravaApi):
    """Strava without HTTP: tokens name their athlete; runs are what the machine posted."""

    def __init__(self) -> None:
        super().__init__("https://oauth.invalid", "https://api.invalid", "1", "machine")
        self.runs: dict[int, tuple[int, Activity]] = {}
        self.serial = 0

    def _tokens(self, athlete: int) -> Tokens:
        self.serial += 1
        return Tokens(f"a-{athlete}-{self.serial}", f"r-{athlete}-{self.serial}",
                      datetime(2100, 1, 1, tzinfo=UTC), athlete)

    async def exchange(self, code: str) -> Tokens:
        return self._tokens(int(code))

    async def refresh(self, refresh_token: str) -> Tokens:
        return self._tokens(int(refresh_token.split("-")[1]))

    async def deauthorize(self, access_token: str) -> None:
        """Nothing to revoke in the stand-in."""

    async def activity(self, activity_id: int, access_token: str, athlete_id: int) -> Activity:
        if access_token.split("-")[1] != str(athlete_id):
            raise Unauthorized("activity")
        owner, run = self.runs.get(activity_id, (0, None))
        if owner != athlete_id or run is None:
            raise NotFound("activity")
        return run

    async def heart_rate(self, activity_id: int,
                         access_token: str) -> tuple[list[int], list[float]]:
        return [], []

    async def recent(self, access_token: str, count: int) -> list[Activity]:
        return []


class StravaSteps:
    """Connect a runner (once) and let a run of theirs arrive, as the bot would."""

    def __init__(self, uow: Callable[[], UnitOfWork], api: MachineStrava,
                 offset: timedelta) -> None:
        self.api, self.uow = api, uow
        self.app = StravaApp(api, KEYS, "https://machine.invalid", "verify")
        self.events = StravaEvents(uow, api, KEYS, offset)

    async def run_arrives(self, user: int, kind: str, ended_ago: timedelta,
                          now: datetime) -> list[Notice]:
        """The runner's run of `kind` ended `ended_ago`; its push event goes through the
        real endpoint's service and the pass. NotOnboarded for a runner without a plan."""
        athlete = ATHLETE_BASE + user
        async with self.uow() as uow:
            view = await strava_view(uow, now, self.app, user, user)
        if isinstance(view, Connect):
            state = parse_qs(urlsplit(view.url).query)["state"][0]
            linked = await callback(self.uow, now, self.app, {
                "state": state, "code": str(athlete), "scope": "read,activity:read_all"})
            assert isinstance(linked, Linked), linked
        workout_type, distance, moving = RUNS[kind]
        self.api.serial += 1
        activity_id = self.api.serial
        start = now - ended_ago - timedelta(seconds=moving)
        self.api.runs[activity_id] = (athlete, Activity(
            activity_id, "Run", start, distance, moving, f"machine {kind}",
            workout_type=workout_type))
        async with self.uow() as uow:
            assert await accept_event(uow, now, {
                "object_type": "activity", "object_id": activity_id, "aspect_type": "create",
                "owner_id": athlete, "event_time": activity_id, "updates": {}})
        return (await self.events.work(now)).notices


def followed_due(notices: list[Notice]) -> list[datetime]:
    """When the sessions the runs brought are due."""
    return [n.due_at for n in notices if isinstance(n, Followed)]

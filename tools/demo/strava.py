"""Strava in the demo: the shared fake Strava (fakes/strava_api.py) and the page's two runs.

The bot is configured with STRAVA_OAUTH_URL and STRAVA_API_URL pointing at the fake, so
/strava's Connect button works in the browser (the fake's authorize page sends the visitor
straight back to the bot's callback). The page's "Strava: hard run" and "easy run" buttons
connect the runner the same way if needed, add a run that ended a moment ago and post
Strava's push event to the bot's /strava/events, so the visitor sees the session follow it.
"""

from datetime import datetime, timedelta

from fakes.strava_api import FakeStrava

ATHLETE = 4242
RUNS = {  # (distance m, moving s, workout type, name)
    "hard": (10_000, 2472, 3, "Track night: 5 × 1 km"),
    "easy": (8_000, 2880, 0, "Easy shakeout"),
}


def demo_strava() -> FakeStrava:
    """The fake, with the demo's one athlete authorizing."""
    fake = FakeStrava(client_id="demo", client_secret="demo-client-secret")
    fake.next_athlete = ATHLETE
    return fake


def add_run(fake: FakeStrava, kind: str, now: datetime) -> int:
    """A run of the demo athlete's that ended a minute before `now`; returns its id."""
    distance, moving, workout, name = RUNS[kind]
    start = now - timedelta(seconds=moving + 60)
    return fake.add_run(ATHLETE, start.strftime("%Y-%m-%dT%H:%M:%SZ"), distance, moving,
                        workout, name=name)

"""The Strava client over real HTTP against the fake Strava: the rate-limit headers."""

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from fakes.strava_api import FakeStrava
from services.strava_api import RateLimited, StravaApi, Usage, usage_of


@pytest.fixture
async def strava() -> AsyncIterator[FakeStrava]:
    fake = FakeStrava()
    await fake.start()
    yield fake
    await fake.stop()


async def test_every_answer_reports_stravas_count_of_the_apps_requests(
        strava: FakeStrava) -> None:
    api = StravaApi(strava.oauth_url, strava.api_url, strava.client_id, strava.client_secret)
    access = strava._issue(7)["access_token"]
    strava.now = lambda: 1_764_000_000.0  # one window throughout
    strava.used = [41, 512]  # the app's quota, partly spent elsewhere
    assert await api.recent(access, 5) == []
    assert api.take_usage() == Usage({"15min": (42, 100), "day": (513, 1000)})
    assert api.take_usage() is None  # handed over once
    strava.used = [100, 513]
    with pytest.raises(RateLimited) as limited:
        await api.recent(access, 5)
    assert limited.value.usage == Usage({"15min": (101, 100), "day": (514, 1000)})
    assert limited.value.retry_after == timedelta(seconds=60)  # no Retry-After given
    strava.now = lambda: 1_764_000_900.0  # the next quarter hour: its count starts again
    await api.recent(access, 5)
    assert api.take_usage() == Usage({"15min": (1, 100), "day": (515, 1000)})


@pytest.mark.parametrize("headers", [
    {}, {"x-ratelimit-usage": "1,2"}, {"x-ratelimit-usage": "1", "x-ratelimit-limit": "1"},
    {"x-ratelimit-usage": "a,b", "x-ratelimit-limit": "100,1000"},
    {"x-ratelimit-usage": "-1,2", "x-ratelimit-limit": "100,1000"},
])
def test_missing_or_odd_headers_are_no_usage(headers: dict[str, str]) -> None:
    assert usage_of(headers) is None

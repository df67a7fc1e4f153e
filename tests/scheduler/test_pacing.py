"""Pacing and backoff without a database: 429 waits, the retry schedule."""

from datetime import UTC, date, datetime, timedelta

import pytest

from coach.clock import FakeClock
from coach.views import SessionInfo
from fakes.scheduler import FakeTime
from scheduler.pacing import Pacer, backoff
from services.ports import Throttled

NOW = datetime(2026, 11, 24, 18, 15, tzinfo=UTC)
SESSION = SessionInfo(7, 1001, "scheduled", date(2026, 11, 24), NOW, "claimed", "planned",
                      None)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime(FakeClock(NOW))


def test_backoff_doubles_from_ten_seconds_and_stops_at_five_minutes() -> None:
    waits = [backoff(attempt).total_seconds() for attempt in range(1, 9)]
    assert waits == [10, 20, 40, 80, 160, 300, 300, 300]
    assert backoff(10_000) == timedelta(minutes=5)
    with pytest.raises(ValueError, match="from 1"):
        backoff(0)


async def test_a_429_is_waited_out_and_the_send_tried_again(fake_time: FakeTime) -> None:
    answers: list[Exception | int] = [Throttled(1.5), Throttled(2), 42]

    async def send() -> int:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    assert await Pacer(sleep=fake_time.sleep).send(send, SESSION) == 42
    assert fake_time.slept == [1.5, 2]


async def test_the_pacer_passes_a_429_on_after_its_last_wait(fake_time: FakeTime) -> None:
    calls = 0

    async def send() -> int:
        nonlocal calls
        calls += 1
        raise Throttled(1)

    with pytest.raises(Throttled):
        await Pacer(sleep=fake_time.sleep, throttle_waits=2).send(send, SESSION)
    assert (calls, fake_time.slept) == (3, [1, 1])


async def test_a_429_longer_than_the_claim_may_wait_is_passed_on_at_once(
    fake_time: FakeTime,
) -> None:
    async def send() -> int:
        raise Throttled(120)

    with pytest.raises(Throttled):
        await Pacer(sleep=fake_time.sleep).send(send, SESSION, max_wait=75)
    assert fake_time.slept == []

"""Pacing and backoff without a database: the token bucket, 429 waits, the retry schedule."""

from datetime import UTC, date, datetime, timedelta

import pytest

from coach.clock import FakeClock
from fakes.scheduler import FakeTime
from scheduler.pacing import Pacer, TokenBucket, backoff
from services.ports import Throttled
from storage.records import SessionInfo

NOW = datetime(2026, 11, 24, 18, 15, tzinfo=UTC)
SESSION = SessionInfo(7, 1001, "scheduled", date(2026, 11, 24), NOW, "claimed", "planned",
                      None)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime(FakeClock(NOW))


async def test_the_bucket_never_lets_more_than_25_through_in_any_second(
    fake_time: FakeTime,
) -> None:
    bucket = TokenBucket(25, monotonic=fake_time.monotonic, sleep=fake_time.sleep)
    times = []
    for _ in range(100):
        await bucket.acquire()
        times.append(fake_time.now)
    windows = [later - earlier for earlier, later in zip(times, times[25:], strict=False)]
    assert min(windows) >= 1.0 - 1e-9
    assert times[-1] == pytest.approx(99 / 25)


async def test_the_bucket_does_not_wait_when_sends_are_spaced_out(fake_time: FakeTime) -> None:
    bucket = TokenBucket(25, monotonic=fake_time.monotonic, sleep=fake_time.sleep)
    for _ in range(10):
        await bucket.acquire()
        fake_time.clock.advance(timedelta(seconds=0.5))
    assert fake_time.slept == []


def test_the_bucket_needs_a_positive_rate() -> None:
    with pytest.raises(ValueError, match="rate"):
        TokenBucket(0)


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

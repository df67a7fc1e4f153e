"""Arrivals: Telegram counts sends as they arrive, and no second may hold more than 30 of
them, whatever the sends meet on their way; steady round trips cost no rate."""

import heapq

from hypothesis import given
from hypothesis import strategies as st

from bot.budget_slots import CATCH_UP, Arrivals, Spacing

RATE = 29.0
ONE_WAY = 0.125  # a 250 ms round trip, half each way
CLEAN_EVERY = 32  # a send meeting no delay at least this often (the shortest round trip)


def simulate(delays: list[tuple[float, float]]) -> tuple[list[float], list[float]]:
    """Sends started as soon as the slots' spacing and the Arrivals allow, each taking
    (way out, way back) seconds; (when each started, when each arrived)."""
    arrivals, spacing = Arrivals(30), Spacing(1 / RATE, 1 + RATE * CATCH_UP)
    answers: list[tuple[float, int]] = []  # (answer time, token), soonest first
    starts: list[float] = []
    arrived: list[float] = []
    now = 0.0
    for out, back in delays:
        while True:
            while answers and answers[0][0] <= now:
                at, token = heapq.heappop(answers)
                arrivals.answered(token, at)
            wait = max(spacing.wait(now), arrivals.wait(now))
            if wait <= 0:
                break
            later = now + max(wait, 1e-6)  # the pump naps at least a little too
            now = min(later, answers[0][0]) if answers else later
        spacing.take(now)
        heapq.heappush(answers, (now + out + back, arrivals.start(now)))
        starts.append(now)
        arrived.append(now + out)
    return starts, arrived


def most_in_a_second(arrived: list[float]) -> int:
    """The most arrivals Telegram's window holds at once (one second, its start excluded)."""
    ordered = sorted(arrived)
    return max(sum(1 for t in ordered if at - 1.0 < t <= at) for at in ordered)


extra = st.floats(min_value=0.0, max_value=0.4, allow_nan=False)


@given(st.lists(st.tuples(extra, extra), min_size=100, max_size=160))
def test_no_second_holds_more_than_30_arrivals_whatever_the_sends_meet_on_their_way(
    extras: list[tuple[float, float]],
) -> None:
    delays = [(ONE_WAY, ONE_WAY) if i % CLEAN_EVERY == 0 else (ONE_WAY + out, ONE_WAY + back)
              for i, (out, back) in enumerate(extras)]
    _, arrived = simulate(delays)
    assert most_in_a_second(arrived) <= 30


def test_sends_started_evenly_but_bunched_on_their_way_would_have_made_31() -> None:
    """What the Arrivals prevent: spaced 29 a second by their start, a few held up on the
    way (a busy event loop) land in the same second as the ones after them."""
    starts = [i / RATE for i in range(60)]
    held_up = {i: 0.15 for i in range(20, 26)}
    arrived = [at + ONE_WAY + held_up.get(i, 0.0) for i, at in enumerate(starts)]
    assert most_in_a_second(arrived) > 30
    delays = [(ONE_WAY + held_up.get(i, 0.0), ONE_WAY) for i in range(60)]
    assert most_in_a_second(simulate(delays)[1]) <= 30


def test_steady_round_trips_cost_no_rate() -> None:
    for trip in (0.0, 0.05, 0.25, 0.5):
        starts, _ = simulate([(trip / 2, trip / 2)] * 200)
        # a quarter second's worth (8) at once, then 29 a second: no slower
        assert starts[-1] <= (199 - 7) / RATE + 0.01, trip


def test_with_round_trips_over_a_second_at_most_30_are_in_flight() -> None:
    starts, _ = simulate([(0.75, 0.75)] * 90)
    assert starts[30] >= 1.5  # the 31st waits for the first answer

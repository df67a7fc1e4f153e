"""Hard or easy: the rules over a Strava activity's summary."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from coach.races import Distance
from coach.strava import (
    LONG_RUN,
    RACE,
    WORKOUT,
    Activity,
    Kind,
    Runner,
    classify,
    duration_text,
    learn,
    pace_text,
    race_of,
    seconds_above,
    spotted,
)

START = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)
EASY = Runner(threshold_hr=165, easy_pace_s_per_km=330)


def run(distance_m: float = 10_000, moving_s: int = 3300, **kw: object) -> Activity:
    return Activity(1, str(kw.pop("sport_type", "Run")), START, distance_m, moving_s,
                    **kw)  # type: ignore[arg-type]


def test_a_run_marked_workout_is_hard_and_says_so() -> None:
    verdict = classify(run(workout_type=WORKOUT), Runner())
    assert (verdict.hard, verdict.kind) == (True, Kind.WORKOUT)
    assert "workout" in verdict.reason


def test_a_race_is_hard_and_a_race() -> None:
    assert classify(run(workout_type=RACE), Runner()).kind is Kind.RACE


def test_a_ride_is_never_hard_even_marked_as_a_race() -> None:
    verdict = classify(run(sport_type="Ride", workout_type=RACE), Runner())
    assert (verdict.hard, verdict.kind) == (False, Kind.NOT_A_RUN)


def test_trail_and_virtual_runs_count_as_runs() -> None:
    for sport in ("TrailRun", "VirtualRun"):
        assert classify(run(sport_type=sport, workout_type=WORKOUT), Runner()).hard


def test_eighteen_minutes_above_threshold_are_intervals() -> None:
    verdict = classify(run(seconds_above_threshold=18 * 60), EASY)
    assert verdict.hard
    assert verdict.reason == "intervals: 18 min above threshold"


def test_a_few_minutes_above_threshold_are_not_enough() -> None:
    assert not classify(run(seconds_above_threshold=4 * 60), EASY).hard


def test_high_relative_effort_or_exertion_is_hard() -> None:
    assert classify(run(relative_effort=140), Runner()).hard
    assert classify(run(perceived_exertion=8), Runner()).reason == "you rated it 8/10"
    assert not classify(run(relative_effort=45, perceived_exertion=3), Runner()).hard


def test_a_pace_well_faster_than_easy_is_a_tempo() -> None:
    verdict = classify(run(10_000, 2800), EASY)  # 4:40/km against 5:30/km
    assert (verdict.hard, verdict.kind) == (True, Kind.TEMPO)
    assert verdict.reason == "tempo: 4:40/km, your easy pace is 5:30/km"


def test_an_easy_pace_run_is_easy() -> None:
    verdict = classify(run(10_000, 3350), EASY)
    assert (verdict.hard, verdict.kind) == (False, Kind.EASY)
    assert verdict.reason == "easy: 5:35/km"


def test_a_long_run_is_hard_only_when_the_runner_counts_it() -> None:
    long = run(24_000, 8400, workout_type=LONG_RUN)
    assert not classify(long, EASY).hard
    assert classify(long, Runner(165, 330, long_runs_hard=True)).kind is Kind.LONG_RUN


def test_average_heart_rate_over_threshold_is_hard() -> None:
    assert classify(run(average_hr=170), EASY).kind is Kind.HARD_EFFORT
    assert not classify(run(average_hr=140), EASY).hard


def recent(paces: list[int], max_hr: float | None = 185) -> list[Activity]:
    return [Activity(i, "Run", START - timedelta(days=i + 1), 10_000, pace * 10,
                     max_hr=max_hr) for i, pace in enumerate(paces)]


def test_the_easy_pace_is_learned_from_the_slower_half_of_recent_runs() -> None:
    runner = learn(recent([300, 310, 330, 335, 340, 290]))
    assert runner.easy_pace_s_per_km == 335
    assert runner.threshold_hr is not None
    assert round(runner.threshold_hr) == 163


def test_too_few_runs_teach_nothing() -> None:
    assert learn(recent([300, 310])) == Runner()


def test_seconds_above_sums_the_stream() -> None:
    assert seconds_above([0, 10, 20, 30, 40], [150, 170, 171, 160, 175], 165) == 20


def test_texts() -> None:
    assert pace_text(252.4) == "4:12/km"
    assert duration_text(2472) == "41:12"
    assert duration_text(3903) == "1:05:03"
    verdict = classify(run(10_000, 2472, workout_type=WORKOUT), Runner())
    assert spotted(run(10_000, 2472), verdict) == "Hard run spotted — 10 km, 41:12, workout."


def test_a_strava_race_becomes_a_race_of_its_distance() -> None:
    day = date(2026, 12, 3)
    assert race_of(run(21_150, name="City half"), day).distance is Distance.HALF
    assert race_of(run(7_000), day).distance is Distance.RACE


@given(st.sampled_from(["Run", "TrailRun", "VirtualRun", "Ride", "Swim", "Walk"]),
       st.floats(0, 60_000), st.integers(0, 20_000),
       st.sampled_from([None, 0, 1, 2, 3]), st.one_of(st.none(), st.floats(60, 220)),
       st.one_of(st.none(), st.floats(0, 400)), st.one_of(st.none(), st.integers(1, 10)),
       st.one_of(st.none(), st.integers(0, 20_000)), st.booleans())
def test_every_activity_gets_a_verdict_with_a_reason(
        sport: str, distance: float, moving: int, workout: int | None, hr: float | None,
        effort: float | None, exertion: int | None, above: int | None, long_hard: bool,
) -> None:
    activity = Activity(7, sport, START, distance, moving, workout_type=workout,
                        average_hr=hr, relative_effort=effort,
                        perceived_exertion=exertion, seconds_above_threshold=above)
    verdict = classify(activity, Runner(165, 330, long_hard))
    assert verdict.reason
    if sport not in ("Run", "TrailRun", "VirtualRun"):
        assert not verdict.hard
    if workout in (RACE, WORKOUT) and activity.is_run:
        assert verdict.hard


@given(st.lists(st.integers(150, 600), min_size=3, max_size=40))
def test_the_learned_easy_pace_is_one_of_the_slower_paces(paces: list[int]) -> None:
    runner = learn(recent(paces))
    assert runner.easy_pace_s_per_km is not None
    window = paces[:20]  # recent() puts the newest first; the last twenty count
    assert min(window) <= runner.easy_pace_s_per_km <= max(window)

"""The taper: heavy work ends before the race, one light session in race week, nothing in
the last days, a recovery gap after, then normal training."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from coach.plan import Booked, Routine, sessions_ahead
from coach.plan_rule import SessionRowView, plan_problems
from coach.races import Distance, Race
from coach.taper import DayKind, adjust, days_away, race_weeks, window

HALF = Race(date(2026, 12, 13), Distance.HALF)  # a Sunday
TUE_THU_SAT = {1, 3, 5}


def usual(days: set[int]):  # type: ignore[no-untyped-def]
    return lambda day: day.weekday() in days


def kinds(race: Race, days: set[int], start: date, end: date) -> dict[date, DayKind]:
    out, day = {}, start
    while day <= end:
        if day.weekday() in days:
            out[day] = adjust(day, [race], usual(days))
        day += timedelta(days=1)
    return out


def test_a_half_marathon_keeps_one_light_session_in_race_week_and_rests_after() -> None:
    got = kinds(HALF, TUE_THU_SAT, date(2026, 12, 1), date(2026, 12, 22))
    assert got[date(2026, 12, 3)] is DayKind.NORMAL  # Thu, ten days out: last heavy one
    assert got[date(2026, 12, 5)] is DayKind.SKIP  # Sat: in season, two sessions a week
    assert got[date(2026, 12, 8)] is DayKind.LIGHT  # Tue: the one light session
    assert got[date(2026, 12, 10)] is DayKind.SKIP  # Thu: within the last three days
    assert got[date(2026, 12, 12)] is DayKind.SKIP  # Sat: the day before
    assert [d for d, k in got.items() if date(2026, 12, 13) < d < date(2026, 12, 19)
            and k is not DayKind.SKIP] == []
    assert got[date(2026, 12, 19)] is DayKind.NORMAL  # back to normal from Sat 19 Dec


@pytest.mark.parametrize(("distance", "heavy", "quiet", "back"), [
    (Distance.FIVE_K, 5, 2, 3), (Distance.TEN_K, 5, 2, 4), (Distance.HALF, 7, 3, 6),
    (Distance.MARATHON, 10, 3, 10),
])
def test_the_taper_is_longer_for_longer_races(distance: Distance, heavy: int, quiet: int,
                                              back: int) -> None:
    race = Race(date(2027, 3, 14), distance)
    span = window(race)
    assert race.race_date - span.light_from == timedelta(days=heavy)
    assert race.race_date - span.quiet_from == timedelta(days=quiet)
    assert span.normal_from - race.race_date == timedelta(days=back)


@pytest.mark.parametrize("distance", list(Distance))
def test_race_week_has_at_most_one_light_session_and_none_in_the_last_two_days(
        distance: Distance) -> None:
    race = Race(date(2027, 3, 14), distance)
    every_day = set(range(7))
    got = kinds(race, every_day, date(2027, 2, 20), date(2027, 4, 1))
    light = [d for d, k in got.items() if k is DayKind.LIGHT]
    assert len(light) == 1
    assert race.race_date - light[0] > timedelta(days=2)
    assert all(got[race.race_date - timedelta(days=n)] is DayKind.SKIP for n in range(3))


def test_race_weeks_tell_the_light_day_and_when_training_is_normal_again() -> None:
    (week,) = race_weeks([HALF], date(2026, 12, 1), usual(TUE_THU_SAT))
    assert week.light == date(2026, 12, 8)
    assert week.normal_from == date(2026, 12, 19)


def test_a_race_whose_recovery_is_over_drops_off() -> None:
    assert race_weeks([HALF], date(2026, 12, 19), usual(TUE_THU_SAT)) == ()


def test_booking_skips_the_taper_days_and_the_plan_rule_still_holds() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    routine = Routine((1, 3, 5), time(18, 30), timedelta(minutes=30), berlin, races=(HALF,))
    after = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)  # after Saturday's session
    slots = sessions_ahead(routine, after, Booked(), 3)
    assert [s.session_date for s in slots] == [date(2026, 12, 8), date(2026, 12, 19),
                                               date(2026, 12, 22)]
    row = SessionRowView(slots[1].session_date, slots[1].due_utc, "planned", "due")
    assert plan_problems(routine, [row], active=True, paused_until=None,
                         now=datetime(2026, 12, 8, 20, 0, tzinfo=UTC)) == []
    on_race_eve = SessionRowView(date(2026, 12, 12), slots[0].due_utc, "planned", "due")
    assert plan_problems(routine, [on_race_eve], active=True, paused_until=None,
                         now=after) != []


def test_without_races_the_plan_is_unchanged() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    plain = Routine((1, 3, 5), time(18, 30), timedelta(minutes=30), berlin)
    after = datetime(2026, 12, 5, 20, 0, tzinfo=UTC)
    assert [s.session_date for s in sessions_ahead(plain, after, Booked(), 3)] == [
        date(2026, 12, 8), date(2026, 12, 10), date(2026, 12, 12)]


def test_the_days_around_a_race_are_a_planned_gap_not_a_break() -> None:
    race = Race(date(2026, 3, 1), Distance.HALF)
    light, back = date(2026, 2, 22), date(2026, 3, 8)  # its light session, normal again
    assert days_away(light, back, (race,)) < 10  # no comeback cut
    assert days_away(light, back, ()) == 14
    assert days_away(date(2026, 1, 20), back, (race,)) >= 10  # away before it: a break

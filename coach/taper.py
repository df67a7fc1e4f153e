"""The taper around a race: which session days stay, go light, or rest.

Coaching rules, by distance (days counted from the race day):

* heavy work ends `heavy_days` before the race (5k/10k 5, half 7, marathon 10);
* from then until the quiet days, race week keeps ONE short light session: the first usual
  session day in that window (2 exercises, 2 sets, body weight);
* nothing in the last `quiet_days` (2 for 5k/10k, 3 for a half or a marathon) nor on
  race day;
* a recovery gap after: normal training is back `back_after` days after the race
  (5k 3, 10k 4, half 6, marathon 10);
* in season (a race within coach.period.IN_SEASON_WEEKS, before race week): at most
  IN_SEASON_SESSIONS sessions a week; a later usual session day of the week rests.

`days_away(last_done, day, races)`: the days away that were not the taper or the recovery
(the comeback cut counts only those). `adjust(day, races, is_session_date)` gives a day's
kind; several races combine (rest beats light beats normal). Everything is on local dates;
the clock is never read.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from coach.period import IN_SEASON_SESSIONS, IN_SEASON_WEEKS, monday
from coach.races import Distance, Race

_DAY = timedelta(days=1)


class DayKind(Enum):
    """What the taper makes of a session day."""

    NORMAL = "normal"
    LIGHT = "light"
    SKIP = "skip"


@dataclass(frozen=True)
class Taper:
    """Days before the race heavy work ends and nothing happens; days after until normal."""

    heavy_days: int
    quiet_days: int
    back_after: int


TAPERS = {
    Distance.FIVE_K: Taper(heavy_days=5, quiet_days=2, back_after=3),
    Distance.TEN_K: Taper(heavy_days=5, quiet_days=2, back_after=4),
    Distance.HALF: Taper(heavy_days=7, quiet_days=3, back_after=6),
    Distance.MARATHON: Taper(heavy_days=10, quiet_days=3, back_after=10),
    Distance.RACE: Taper(heavy_days=5, quiet_days=2, back_after=4),
}


@dataclass(frozen=True)
class Window:
    """One race's taper on the calendar: light from `light_from`, rest from `quiet_from`,
    normal again on `normal_from`."""

    race: Race
    light_from: date
    quiet_from: date
    normal_from: date

    def light_days(self) -> list[date]:
        return [self.light_from + n * _DAY for n in range((self.quiet_from -
                                                            self.light_from).days)]


def window(race: Race) -> Window:
    taper = TAPERS[race.distance]
    day = race.race_date
    return Window(race, day - taper.heavy_days * _DAY, day - taper.quiet_days * _DAY,
                  day + taper.back_after * _DAY)


def light_day(race: Race, is_session_date: Callable[[date], bool]) -> date | None:
    """The race week's one light session: the first usual session day in the light window."""
    return next((d for d in window(race).light_days() if is_session_date(d)), None)


def adjust(day: date, races: Sequence[Race], is_session_date: Callable[[date], bool]) -> DayKind:
    """What the taper makes of a session on `day` (`is_session_date`: the usual plan)."""
    kind = DayKind.NORMAL
    for race in races:
        span = window(race)
        if span.quiet_from <= day < span.normal_from:
            return DayKind.SKIP
        if span.light_from <= day < span.quiet_from:
            if light_day(race, is_session_date) != day:
                return DayKind.SKIP
            kind = DayKind.LIGHT
        elif _over_in_season(day, span, is_session_date):
            kind = DayKind.SKIP if kind is DayKind.NORMAL else kind
    return kind


def _over_in_season(day: date, span: Window, is_session_date: Callable[[date], bool]) -> bool:
    """In season before race week, and the week's earlier session days already fill the
    in-season sessions of the week."""
    start = span.race.race_date - timedelta(weeks=IN_SEASON_WEEKS)
    if not start <= day < span.light_from:
        return False
    first = max(monday(day), start)
    earlier = sum(is_session_date(first + n * _DAY) for n in range((day - first).days))
    return earlier >= IN_SEASON_SESSIONS


def relevant(races: Sequence[Race], today: date) -> tuple[Race, ...]:
    """The races whose taper or recovery is not over by `today`, soonest first."""
    return tuple(sorted((r for r in races if window(r).normal_from > today),
                        key=lambda r: r.race_date))


def quiet_span(races: Sequence[Race]) -> timedelta:
    """How much longer than usual the wait for a session can be because of the races
    (their tapers, and a week for the in-season rests)."""
    return sum(((window(r).normal_from - window(r).light_from + timedelta(weeks=1))
                for r in races), timedelta())


@dataclass(frozen=True)
class RaceWeek:
    """What /plan tells about one race: the light session (if any), the race, normal again."""

    race: Race
    light: date | None
    normal_from: date


def race_weeks(races: Sequence[Race], today: date,
               is_session_date: Callable[[date], bool]) -> tuple[RaceWeek, ...]:
    """The taper of each race not yet over, soonest first."""
    return tuple(RaceWeek(r, _light_ahead(r, today, is_session_date), window(r).normal_from)
                 for r in relevant(races, today))


def _light_ahead(race: Race, today: date, is_session_date: Callable[[date], bool]) -> date | None:
    day = light_day(race, is_session_date)
    return day if day is not None and day >= today else None


def days_away(last_done: date, day: date, races: Sequence[Race]) -> int:
    """The days from `last_done` to `day` that were not planned: a race between them takes
    its taper and recovery off (from its light days to normal again), so the days around a
    race are a planned gap, never a break that cuts the loads."""
    gap = (day - last_done).days
    for race in races:
        if last_done < race.race_date < day:
            span = window(race)
            gap -= (min(span.normal_from, day) - max(span.light_from, last_done)).days
    return max(0, gap)

"""Was a run on Strava hard or easy? Pure rules over an activity's summary.

Only runs count (Run, TrailRun, VirtualRun). A run is hard when Strava marks it a race or a
workout, or when its effort says so: heart rate above the runner's threshold for a
meaningful share of the run (or on average), a high relative effort or perceived exertion,
or a pace well faster than the runner's easy pace, learned from their recent runs. A long
run is hard only when the runner said long runs count. Every verdict carries its reason,
in words the card can show ("intervals: 18 min above threshold").
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from statistics import median

import i18n
from coach.races import Distance, Race
from i18n import N_, _, pgettext

RUN_TYPES = frozenset({"Run", "TrailRun", "VirtualRun"})
# Strava's workout_type for runs: 0 default, 1 race, 2 long run, 3 workout.
RACE, LONG_RUN, WORKOUT = 1, 2, 3
MIN_ABOVE_SECONDS = 10 * 60  # at least this long above threshold...
MIN_ABOVE_SHARE = 0.2  # ...or this share of the run, whichever is longer
HIGH_RELATIVE_EFFORT = 100  # Strava's suffer score: an easy hour is about 40-70
HIGH_EXERTION = 7  # perceived exertion, 1-10
FAST_SHARE = 0.10  # 10% faster than easy pace...
MIN_FAST_SECONDS = 20 * 60  # ...for at least 20 minutes
THRESHOLD_OF_MAX = 0.88  # threshold heart rate estimated from the highest seen
MIN_RUNS_TO_LEARN = 3
RECENT_RUNS = 20


class Kind(StrEnum):
    """What the run was, as the card names it."""

    RACE = "race"
    WORKOUT = "workout"
    INTERVALS = "intervals"
    HARD_EFFORT = "hard effort"
    TEMPO = "tempo"
    LONG_RUN = "long run"
    EASY = "easy run"
    NOT_A_RUN = "not a run"


KIND_WORDS = {  # the kinds as the card names them (stored by value, translated where shown)
    Kind.RACE: N_("race"), Kind.WORKOUT: N_("workout"), Kind.INTERVALS: N_("intervals"),
    Kind.HARD_EFFORT: N_("hard effort"), Kind.TEMPO: N_("tempo"), Kind.LONG_RUN: N_("long run"),
    Kind.EASY: N_("easy run"), Kind.NOT_A_RUN: N_("not a run"),
}


@dataclass(frozen=True)
class Activity:
    """The parts of a Strava activity the rules read (distances in metres, times in s)."""

    activity_id: int
    sport_type: str
    start: datetime  # aware
    distance_m: float
    moving_s: int
    name: str = ""
    workout_type: int | None = None
    average_hr: float | None = None
    max_hr: float | None = None
    relative_effort: float | None = None  # Strava's suffer_score
    perceived_exertion: float | None = None
    seconds_above_threshold: int | None = None  # from the heart-rate stream, when fetched

    @property
    def is_run(self) -> bool:
        return self.sport_type in RUN_TYPES

    @property
    def pace_s_per_km(self) -> float | None:
        if self.distance_m < 100 or self.moving_s <= 0:
            return None
        return self.moving_s / (self.distance_m / 1000)


@dataclass(frozen=True)
class Runner:
    """What the rules know of the runner: learned or told."""

    threshold_hr: float | None = None
    easy_pace_s_per_km: float | None = None
    long_runs_hard: bool = False


@dataclass(frozen=True)
class Verdict:
    """Hard or easy, what kind of run, and why in a few words."""

    hard: bool
    kind: Kind
    reason: str


def classify(activity: Activity, runner: Runner) -> Verdict:
    """Hard or easy, with the reason; anything but a run is neither (not hard)."""
    if not activity.is_run:
        return Verdict(False, Kind.NOT_A_RUN, _("{sport}, not a run").format(
            sport=activity.sport_type))
    if activity.workout_type == RACE:
        return Verdict(True, Kind.RACE, _("marked as a race on Strava"))
    if activity.workout_type == WORKOUT:
        return Verdict(True, Kind.WORKOUT, _("marked as a workout on Strava"))
    effort = _effort(activity, runner)
    if effort is not None:
        return effort
    if activity.workout_type == LONG_RUN:
        if runner.long_runs_hard:
            return Verdict(True, Kind.LONG_RUN, _("long run (you count them as hard)"))
        return Verdict(False, Kind.LONG_RUN, _("long run at an easy effort"))
    pace = activity.pace_s_per_km
    return Verdict(False, Kind.EASY, _("easy: {pace}").format(pace=pace_text(pace)) if pace
                   else pgettext("run", "easy"))


def _effort(activity: Activity, runner: Runner) -> Verdict | None:
    """A hard verdict from heart rate, relative effort, exertion or pace; None: easy."""
    threshold = runner.threshold_hr
    above = activity.seconds_above_threshold
    if threshold is not None and above is not None and \
            above >= max(MIN_ABOVE_SECONDS, MIN_ABOVE_SHARE * activity.moving_s):
        return Verdict(True, Kind.INTERVALS, _("intervals: {minutes} min above threshold").format(
            minutes=above // 60))
    if threshold is not None and activity.average_hr is not None and \
            activity.average_hr >= threshold:
        return Verdict(True, Kind.HARD_EFFORT,
                       _("heart rate {hr} on average, above threshold").format(
                           hr=f"{activity.average_hr:.0f}"))
    if activity.relative_effort is not None and \
            activity.relative_effort >= HIGH_RELATIVE_EFFORT:
        return Verdict(True, Kind.HARD_EFFORT,
                       _("relative effort {effort}").format(
                           effort=f"{activity.relative_effort:.0f}"))
    if activity.perceived_exertion is not None and \
            activity.perceived_exertion >= HIGH_EXERTION:
        return Verdict(True, Kind.HARD_EFFORT,
                       _("you rated it {rating}/10").format(
                           rating=f"{activity.perceived_exertion:.0f}"))
    pace, easy = activity.pace_s_per_km, runner.easy_pace_s_per_km
    if pace is not None and easy is not None and activity.moving_s >= MIN_FAST_SECONDS \
            and pace <= easy * (1 - FAST_SHARE):
        return Verdict(True, Kind.TEMPO,
                       _("tempo: {pace}, your easy pace is {easy}").format(
                           pace=pace_text(pace), easy=pace_text(easy)))
    return None


def learn(recent: Sequence[Activity], long_runs_hard: bool = False) -> Runner:
    """The runner's easy pace and threshold heart rate from their recent runs.

    Easy pace: the median pace of the slower half of the last RECENT_RUNS runs that are
    not races or workouts. Threshold: THRESHOLD_OF_MAX of the highest heart rate seen.
    Fewer than MIN_RUNS_TO_LEARN runs teach nothing.
    """
    runs = [a for a in sorted(recent, key=lambda a: a.start)[-RECENT_RUNS:] if a.is_run]
    paces = sorted(p for a in runs if a.workout_type not in (RACE, WORKOUT)
                   and (p := a.pace_s_per_km) is not None)
    easy = median(paces[len(paces) // 2:]) if len(paces) >= MIN_RUNS_TO_LEARN else None
    peaks = [a.max_hr for a in runs if a.max_hr is not None]
    threshold = max(peaks) * THRESHOLD_OF_MAX if len(peaks) >= MIN_RUNS_TO_LEARN else None
    return Runner(threshold, easy, long_runs_hard)


def seconds_above(times: Sequence[int], heart_rates: Sequence[float],
                  threshold: float) -> int:
    """Seconds spent above `threshold` in a heart-rate stream (sample times in seconds)."""
    total = 0
    for (t0, hr), t1 in zip(zip(times, heart_rates, strict=False), times[1:], strict=False):
        if hr >= threshold and t1 > t0:
            total += t1 - t0
    return total


def pace_text(seconds_per_km: float) -> str:
    """'4:12/km'."""
    whole = round(seconds_per_km)
    return _("{pace}/km").format(pace=f"{whole // 60}:{whole % 60:02d}")


def duration_text(seconds: int) -> str:
    """'41:12', or '1:05:03' past the hour."""
    hours, rest = divmod(max(seconds, 0), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def distance_text(metres: float) -> str:
    """'10 km', '12.4 km'."""
    return _("{km} km").format(km=i18n.number(metres / 1000, 1))


@dataclass(frozen=True)
class RunSeen:
    """The run a card follows, as stored: told in the reader's language when shown."""

    distance_m: float
    moving_s: int
    kind: Kind


def spotted(activity: Activity, verdict: Verdict) -> str:
    """'Hard run spotted — 10 km, 41:12, workout.' for the notice's first line."""
    return spotted_run(RunSeen(activity.distance_m, activity.moving_s, verdict.kind))


def spotted_run(run: RunSeen) -> str:
    """'Hard run spotted — 10 km, 41:12, workout.' in the current language."""
    return _("Hard run spotted — {distance}, {time}, {kind}.").format(
        distance=distance_text(run.distance_m), time=duration_text(run.moving_s),
        kind=_(KIND_WORDS[run.kind]))


_RACE_DISTANCES = ((4_800, 5_400, Distance.FIVE_K), (9_700, 10_600, Distance.TEN_K),
                   (20_700, 21_600, Distance.HALF), (41_700, 42_800, Distance.MARATHON))


def race_of(activity: Activity, local_day: date) -> Race:
    """The race a Strava race was, for the race logic (recovery after it)."""
    distance = next((d for low, high, d in _RACE_DISTANCES
                     if low <= activity.distance_m <= high), Distance.RACE)
    return Race(local_day, distance, activity.name[:60] or None)


def window_start(now: datetime, length: timedelta) -> datetime:
    """The start of the window of `length` holding `now` (aligned to the epoch: Strava's
    15-minute windows start at :00, :15, :30, :45, its day at midnight UTC)."""
    epoch = datetime(1970, 1, 1, tzinfo=now.tzinfo)
    return epoch + ((now - epoch) // length) * length

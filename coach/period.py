"""Periodisation around the runner's calendar: which kind of week a session falls in, and
what that week does to the usual target.

Rules (Rønnestad & Mujika 2014; Beattie et al. 2017):

* a lighter week after every five weeks of normal training (BLOCK_WEEKS: five normal, one
  lighter), counted from the week of the runner's first session; sooner, from the fourth
  week of a block, when the two weeks before it were hard (`strained_weeks`: at least half
  of a week's rated sessions felt hard or too hard). A lighter week keeps the load and
  cuts about a third of the usual sets (3 → 2, 4 → 3; an exercise the 45-minute fit
  already took to two keeps two sets, never one, and does a third fewer reps: 2×8 → 2×5);
* with a race 3 to 8 weeks ahead, in season: two sets at the usual reps and load — heavy,
  low volume (the taper also keeps at most two sessions a week, coach/taper.py). Only for a
  runner with a base: IN_SEASON_BASE_WEEKS of training before the season began; one who
  started later keeps building (a hold there would keep a beginner at body weight);
* over the last weeks before a race (three before a half or a marathon, two before a 5k or
  10k) the volume comes down again: two sets of five at the usual load; race week itself
  is coach/taper.py's (light session, then rest, then a recovery gap);
* no lighter week on the first session back after a break (BREAK_DAYS or more since the
  last one): the break was the rest, and the comeback rule lightens that session.

A session in any of these weeks is a lighter day: what is logged then holds the targets
(coach.readiness.reshaped), and `why` says so on the card. Everything is on local dates.
"""

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from enum import StrEnum

from coach.loading import BREAK_DAYS
from coach.races import Distance, Race
from coach.targets import MIN_REPS, Target
from i18n import _, ngettext

BLOCK_WEEKS = 6  # five weeks of normal training, then one lighter week
EARLIEST_LIGHTER = 3  # with two hard weeks behind it, the block's fourth week may be lighter
IN_SEASON_WEEKS = 8  # a race this close: in-season maintenance
IN_SEASON_SESSIONS = 2  # sessions a week in season (coach/taper.py enforces it)
IN_SEASON_SETS = 2
LIGHTER_SETS = 2  # a lighter week keeps at least this many sets of an exercise
IN_SEASON_BASE_WEEKS = 4  # training before the season that makes it a season to maintain
PRE_RACE_WEEKS = {Distance.HALF: 3, Distance.MARATHON: 3}  # others: 2


class Phase(StrEnum):
    """The kind of week a session falls in."""

    NORMAL = "normal"
    LIGHTER = "lighter"  # the planned easier week of a block
    IN_SEASON = "in season"  # a race within IN_SEASON_WEEKS
    PRE_RACE = "pre race"  # the last weeks before a race


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def block_week(day: date, first_done: date) -> int:
    """The week of `day` in its block (0 .. BLOCK_WEEKS - 1), blocks counted from the week
    of the runner's first session."""
    return (monday(day) - monday(first_done)).days // 7 % BLOCK_WEEKS


def lighter_week(position: int, strained: Sequence[bool] = ()) -> bool:
    """Whether the week at `position` of its block is the lighter one.

    `strained`: for the block's earlier weeks, oldest first, whether the signals (effort
    ratings, stalls) said the week was hard. Two hard weeks in a row bring the lighter week
    forward (not before EARLIEST_LIGHTER); otherwise it is the block's last week."""
    early = next((week for week in range(EARLIEST_LIGHTER, BLOCK_WEEKS - 1)
                  if len(strained) >= week and all(strained[week - 2:week])), None)
    return position == (BLOCK_WEEKS - 1 if early is None else early)


STRAINED = frozenset({"hard", "too hard"})  # effort answers (coach/effort.py) that strain


def may_come_early(day: date, first_done: date | None) -> bool:
    """Whether the block's lighter week could come early on `day` (only then do the
    effort ratings matter)."""
    return first_done is not None and EARLIEST_LIGHTER <= block_week(
        day, first_done) < BLOCK_WEEKS - 1


def strained_weeks(day: date, first_done: date, rated: Sequence[tuple[date, str]]
                   ) -> tuple[bool, ...]:
    """For each earlier week of `day`'s block, oldest first, whether it was hard: at least
    half of its rated sessions felt hard or too hard (Helms et al. 2016: effort as reps in
    reserve)."""
    start = monday(day) - timedelta(weeks=block_week(day, first_done))
    weeks = []
    for n in range(block_week(day, first_done)):
        begin = start + timedelta(weeks=n)
        felt = [effort for on, effort in rated if begin <= on < begin + timedelta(weeks=1)]
        weeks.append(bool(felt) and 2 * sum(f in STRAINED for f in felt) >= len(felt))
    return tuple(weeks)


def pre_race_weeks(race: Race) -> int:
    return PRE_RACE_WEEKS.get(race.distance, 2)


def race_phase(day: date, races: Sequence[Race], first_done: date | None) -> Phase | None:
    """In season or pre race for a session on `day`, from the races ahead (None: neither).
    Race week and the days after a race are coach/taper.py's."""
    phases = set()
    for race in races:
        ahead = (race.race_date - day).days
        base = timedelta(weeks=IN_SEASON_WEEKS + IN_SEASON_BASE_WEEKS)
        if 0 < ahead <= 7 * pre_race_weeks(race):
            phases.add(Phase.PRE_RACE)
        elif (0 < ahead <= 7 * IN_SEASON_WEEKS and first_done is not None
              and first_done <= race.race_date - base):
            phases.add(Phase.IN_SEASON)
    for phase in (Phase.PRE_RACE, Phase.IN_SEASON):
        if phase in phases:
            return phase
    return None


def phase_of(day: date, races: Sequence[Race], first_done: date | None,
             last_done: date | None = None, strained: Sequence[bool] = ()) -> Phase:
    """The kind of week a session on `day` falls in: a race's weeks first, then the block's
    lighter week (none before the first session is done, none on the first session back
    after a break)."""
    by_race = race_phase(day, races, first_done)
    if by_race is not None:
        return by_race
    back = last_done is not None and (day - last_done).days >= BREAK_DAYS
    if first_done is not None and first_done < day and not back and lighter_week(
            block_week(day, first_done), strained):
        return Phase.LIGHTER
    return Phase.NORMAL


def cut(target: Target, phase: Phase) -> Target:
    """The usual target as the week has it: load and variant kept, volume down."""
    if phase is Phase.LIGHTER:  # a third off the usual sets, never below two; at two
        if target.sets <= LIGHTER_SETS:  # sets already, a third off the reps instead
            return replace(target, reps=max(MIN_REPS, target.reps - round(target.reps / 3)))
        return replace(target, sets=max(LIGHTER_SETS, target.sets - round(target.sets / 3)))
    if phase is Phase.IN_SEASON:
        return replace(target, sets=min(target.sets, IN_SEASON_SETS))
    if phase is Phase.PRE_RACE:
        return replace(target, sets=min(target.sets, IN_SEASON_SETS), reps=MIN_REPS)
    return target


def _sets(n: int) -> str:
    """'one set', 'two sets', '4 sets'."""
    words = {1: _("one set"), 2: _("two sets"), 3: _("three sets")}
    return words.get(n) or ngettext("{n} set", "{n} sets", n).format(n=n)


def why(target: Target, phase: Phase, usual: Target | None = None) -> str:
    """What the card says about a target the week changed (`usual`: the target before)."""
    sets, reps = _sets(target.sets), target.reps
    if phase is Phase.LIGHTER:
        if usual is not None and usual.reps != target.reps:
            return _("lighter week: {sets} of {reps}, same load").format(sets=sets, reps=reps)
        return _("lighter week: {sets}, same load").format(sets=sets)
    if phase is Phase.IN_SEASON:
        return _("in season, a race ahead: {sets}, same load — strength kept, legs "
                 "fresh").format(sets=sets)
    if phase is Phase.PRE_RACE:
        return _("race coming up: {sets} of {reps}, same load — volume comes down").format(
            sets=sets, reps=reps)
    return ""

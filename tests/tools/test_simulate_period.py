"""`coachbot simulate` over the named runners: every session fits about 45 minutes, and a
lighter week comes at least every eight weeks of steady training (coach/period.py,
coach/duration.py through the real services)."""

import asyncio
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest

from coach.duration import LIMIT_MINUTES
from coach.period import monday
from tools.simulate import Run, runner_names, simulate
from tools.simulate.spec import load_spec

SHORT = ("steady", "kettlebells", "half")  # the quick tier; the slow one runs them all


def sessions(run: Run) -> dict[date, list[str]]:
    out: dict[date, list[str]] = defaultdict(list)
    for row in run.rows:
        out[row.date].append(row.reason)
    return out


def lighter_weeks(run: Run) -> list[date]:
    return sorted({monday(day) for day, reasons in sessions(run).items()
                   if any("lighter week:" in r for r in reasons)})


def steady(run: Run) -> bool:
    """No race ahead and nobody away: weeks of plain training."""
    return all(row.race is None for row in run.rows) and not any(
        "welcome back" in row.reason for row in run.rows)


def check(run: Run, weeks: int) -> None:
    assert run.rows
    assert max(row.minutes for row in run.rows) <= LIMIT_MINUTES, run.name
    if steady(run):
        first = monday(min(row.date for row in run.rows))
        marks = [first, *lighter_weeks(run), first + timedelta(weeks=weeks)]
        gaps = [(b - a).days // 7 for a, b in pairwise(marks)]
        assert max(gaps) <= 8, (run.name, marks)


@pytest.mark.parametrize("name", SHORT)
def test_every_session_fits_and_a_lighter_week_comes_within_eight_weeks(name: str) -> None:
    check(asyncio.run(simulate(name, 12)), 12)


def test_every_named_runner_fits_forty_five_minutes_with_lighter_weeks_over_24_weeks() -> None:
    for name in runner_names():
        check(asyncio.run(simulate(name, 24)), 24)


def test_a_lighter_week_says_so_on_the_exercises_it_cuts() -> None:
    run = asyncio.run(simulate("steady", 12))
    (week, *_) = lighter_weeks(run)
    lighter = [row for row in run.rows
               if monday(row.date) == week and row.reason.startswith("lighter week: ")]
    assert len({row.exercise for row in lighter}) >= 3
    assert all(row.reason.endswith(", same load") for row in lighter)


def test_in_season_loads_still_rise_with_fewer_sets() -> None:
    """The gym runner with a half marathon in week 15: in season (a race 3-8 weeks ahead)
    each exercise does two sets, and its load still goes up — heavy, low volume, no freeze
    (Rønnestad & Mujika 2014)."""
    run = asyncio.run(simulate("half", 14))
    season = [row for row in run.rows
              if row.race is not None and 21 < (row.race - row.date).days <= 56]
    assert any("in season" in row.reason for row in season)
    assert {row.sets for row in season} == {2}
    by_exercise: dict[str, list[float]] = defaultdict(list)
    for row in season:
        by_exercise[row.exercise].append(row.load_kg)
    assert len(by_exercise) == 5
    assert all(loads[-1] > loads[0] for loads in by_exercise.values()), by_exercise


def test_two_hard_weeks_bring_the_lighter_week_sooner() -> None:
    """Effort answers feed the block (coach.period.strained_weeks): sessions that felt hard
    in weeks 2 and 3 make week 4 the lighter one instead of week 6."""
    hard = load_spec('{"name": "hard", "start": "2026-01-05", "hard_days": ["tue", "thu", '
                     '"sun"], "equipment": "gym", "events": [{"week": 2, "effort": "hard"}, '
                     '{"week": 3, "effort": "too hard"}]}')
    start = hard.start
    assert lighter_weeks(asyncio.run(simulate(hard, 7)))[0] == start + timedelta(weeks=3)
    easy = replace(hard, events=())
    assert lighter_weeks(asyncio.run(simulate(easy, 7)))[0] == start + timedelta(weeks=5)

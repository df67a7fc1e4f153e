"""Coarse kettlebells through `coachbot simulate`: sessions trimmed to 45 minutes stay even
(no exercise at one set while another holds four) and steady (an exercise's sets move by
one at most from one session to the next) — coach/duration.py `fit`."""

import asyncio
from collections import defaultdict
from datetime import date
from itertools import pairwise

from tools.simulate import simulate

WEEKS = 12


def test_trimmed_sessions_with_coarse_kettlebells_stay_even_and_steady() -> None:
    run = asyncio.run(simulate("kettlebells", WEEKS))
    usual: dict[date, dict[str, int]] = defaultdict(dict)
    for row in run.rows:
        assert row.usual is not None
        usual[row.date][row.exercise] = row.usual.sets
        assert row.minutes <= 45
    days = sorted(usual)
    for day in days:
        counts = list(usual[day].values())
        assert min(counts) >= 2 or max(counts) < 4, (day, usual[day])
    for before, after in pairwise(days):
        for exercise, sets in usual[after].items():
            assert abs(sets - usual[before][exercise]) <= 1, (after, exercise)
    shown = [row.sets for row in run.rows if row.sets]
    assert min(shown) >= 2  # the lighter weeks too: nothing done as a lone set

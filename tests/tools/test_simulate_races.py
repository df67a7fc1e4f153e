"""The `race` and `sore` runners (tools/simulate/runners/) on the real services with an injected
clock: the taper, the recovery gap and the pain path hold over twelve weeks."""

from datetime import date, timedelta

from tools.simulate import Row, runner, simulate

WEEKS = 12
HALF = date(2026, 3, 1)  # the Sunday of week 8 from the runners' start, 2026-01-05


def sessions(rows: list[Row]) -> dict[date, list[Row]]:
    out: dict[date, list[Row]] = {}
    for row in rows:
        out.setdefault(row.date, []).append(row)
    return out


async def test_race_tapers_keeps_one_light_session_rests_and_comes_back() -> None:
    run = await simulate("race", WEEKS)
    assert run.said[0].read_as == "race: half on 2026-03-01"
    days = sessions(run.rows)
    race_week = [d for d in days if HALF - timedelta(days=7) <= d < HALF]
    assert len(race_week) == 1  # one light session
    light = days[race_week[0]]
    assert sum(r.sets > 0 for r in light) == 2
    assert {(r.sets, r.load_kg) for r in light if r.sets} == {(2, 0.0)}
    assert HALF - race_week[0] > timedelta(days=3)  # none in the last three days
    after = sorted(d for d in days if d > HALF)
    assert after[0] >= HALF + timedelta(days=6)  # recovery gap, then normal again
    # every exercise back at its stored sets (fitted to about 45 minutes, coach/duration.py)
    assert all(r.sets >= 2 and "race" not in r.reason for r in days[after[0]])
    assert {r.race for r in days[after[0]]} == {None}  # no race ahead any more
    before = max(d for d in days if d < HALF - timedelta(days=7))
    assert {r.race for r in days[before]} == {HALF}


async def test_a_race_costs_no_progress() -> None:
    days = sessions((await simulate("race", 10)).rows)
    before = max(d for d in days if d < HALF - timedelta(days=7))
    first_after = min(d for d in days if d > HALF)
    loads = {r.exercise: r.load_kg for r in days[before]}
    assert all(r.load_kg >= loads[r.exercise] for r in days[first_after])


async def test_sore_is_light_pain_skips_then_swaps_until_fine() -> None:
    start = runner("sore").start
    days = sessions((await simulate("sore", 6)).rows)
    by_week: dict[int, list[date]] = {}
    for day in sorted(days):
        by_week.setdefault((day - start).days // 7 + 1, []).append(day)
    sore_day = days[by_week[2][0]]
    assert {(r.reps, r.load_kg) for r in sore_day} == {(5, 0.0)}
    first_pain, second_pain = (days[d] for d in by_week[3][:2])
    calf = next(r for r in first_pain if r.exercise == "eccentric_calf_raise")
    assert calf.sets == 0
    assert "pain" in calf.reason
    swapped = next(r for r in second_pain if r.exercise == "eccentric_calf_raise")
    assert swapped.variant == "Isometric calf hold"
    assert swapped.swapped
    week_4 = [r for d in by_week[4] for r in days[d] if r.exercise == "eccentric_calf_raise"]
    assert {r.variant for r in week_4} == {"Isometric calf hold"}  # until the runner says fine
    week_6 = [r for d in by_week[6] for r in days[d] if r.exercise == "eccentric_calf_raise"]
    assert {r.variant for r in week_6} == {"Eccentric calf raise"}
    # week 6 is the runner's lighter week (coach/period.py): the three sets show as two
    assert all(r.sets == 2 and r.reason.endswith("lighter week: two sets, same load")
               for r in week_6)

"""The `race` and `sore` archetypes on the real services with an injected clock: the taper,
the recovery gap and the pain path hold over twelve weeks."""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.simulate_races import ARCHETYPES, SimRow, half_in_week_8

START = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # a Monday morning
WEEKS = 12


def sessions(rows: list[SimRow]) -> dict[date, list[SimRow]]:
    out: dict[date, list[SimRow]] = {}
    for row in rows:
        out.setdefault(date.fromisoformat(row.date), []).append(row)
    return out


async def test_race_tapers_keeps_one_light_session_rests_and_comes_back(
        factory: async_sessionmaker[AsyncSession]) -> None:
    rows = await ARCHETYPES["race"](factory, START, WEEKS)
    race_day = half_in_week_8(START).race_date
    days = sessions(rows)
    race_week = [d for d in days if race_day - timedelta(days=7) <= d < race_day]
    assert len(race_week) == 1  # one light session
    light = days[race_week[0]]
    assert sum(r.sets > 0 for r in light) == 2
    assert {(r.sets, r.load_kg) for r in light if r.sets} == {(2, 0.0)}
    assert race_day - race_week[0] > timedelta(days=3)  # none in the last three days
    after = sorted(d for d in days if d > race_day)
    assert after[0] >= race_day + timedelta(days=6)  # recovery gap, then normal again
    assert all(r.sets >= 3 for r in days[after[0]])  # every exercise back, full sets
    before = max(d for d in days if d < race_day - timedelta(days=7))
    loads = {r.exercise: r.load_kg for r in days[before]}
    assert all(r.load_kg >= loads[r.exercise] for r in days[after[0]])  # no lost progress


async def test_sore_is_light_pain_skips_then_swaps_until_fine(
        factory: async_sessionmaker[AsyncSession]) -> None:
    rows = await ARCHETYPES["sore"](factory, START, WEEKS)
    days = sessions(rows)
    ordered = sorted(days)
    by_week: dict[int, list[date]] = {}
    for day in ordered:
        by_week.setdefault((day - START.date()).days // 7, []).append(day)
    sore_day = days[by_week[1][0]]
    assert {(r.reps, r.load_kg) for r in sore_day} == {(5, 0.0)}
    first_pain, second_pain = (days[d] for d in by_week[2][:2])
    calf = next(r for r in first_pain if r.exercise == "eccentric_calf_raise")
    assert calf.sets == 0
    assert "pain" in calf.reason
    swapped = next(r for r in second_pain if r.exercise == "eccentric_calf_raise")
    assert swapped.variant == "Isometric calf hold"
    week_3 = [r for d in by_week[3] for r in days[d] if r.exercise == "eccentric_calf_raise"]
    assert {r.variant for r in week_3} == {"Isometric calf hold"}  # until the runner says fine
    week_5 = [r for d in by_week[5] for r in days[d] if r.exercise == "eccentric_calf_raise"]
    assert {r.variant for r in week_5} == {""}
    assert all(r.sets == 3 for r in week_5)

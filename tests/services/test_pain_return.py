"""Back after pain through the services: an exercise its area's swap kept out comes back
at fives, no heavier than before the pain, lighter after a long time without it."""

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.pain import by_area
from coach.progression import Target
from coach.readiness import Level, Told
from coach.reports import ReportKind, ReportLine, SetsReport
from services.plan import plan_overview, save_plan
from services.readiness import fine, tell
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET, finish, record, skip, start_now
from tools.simulate import simulate
from tools.simulate.spec import load_spec

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # Monday 30 Nov
ALICE = 1001
BEFORE = Target(3, 7, 10.0)


async def _calf_done_then_swapped(factory: async_sessionmaker[AsyncSession]
                                  ) -> tuple[Units, Units]:
    plans = Units(factory)
    await plans.run(save_plan, NOW, ALICE, ALICE, frozenset({1, 3, 5}), frozenset(), time(18, 30),
                    "Europe/Berlin", DEFAULT_OFFSET)
    async with plans() as uow:
        await uow.targets.put_many(ALICE, {"eccentric_calf_raise": BEFORE}, NOW)
    sessions = Units(factory)
    view = await sessions.run(start_now, NOW, ALICE)
    done = SetsReport(ReportKind.SETS, reps=(7, 7, 7), load_kg=10.0)
    line = ReportLine("eccentric_calf_raise", done, "calf 3x7 @ 10")
    await sessions.run(record, NOW, ALICE, view.session.id, [line], None)
    await sessions.run(finish, NOW, ALICE, view.session.id)
    readiness = Units(factory)
    achilles = Told(Level.PAIN, by_area("achilles"))
    for day in (2, 4):  # two session days with Achilles pain: the calf raise is swapped
        when = NOW + timedelta(days=day)
        await readiness.run(tell, when, ALICE, achilles)
        planned = (await plans.run(plan_overview, when, ALICE, DEFAULT_OFFSET)).next_due
        assert planned is not None
        await sessions.run(skip, when, ALICE, planned.id)
    return plans, readiness


async def test_an_exercise_returns_after_pain_no_heavier_than_before(
        factory: async_sessionmaker[AsyncSession]) -> None:
    plans, readiness = await _calf_done_then_swapped(factory)
    told = await readiness.run(fine, NOW + timedelta(days=8), ALICE, "achilles")
    async with plans() as uow:
        back = await uow.targets.get(ALICE, "eccentric_calf_raise")
    assert back == Target(3, 5, 10.0)  # fives at the pre-pain load, then the usual climb
    assert told.gentle == (("eccentric_calf_raise", back),)


async def test_a_long_time_without_it_after_pain_brings_it_back_lighter(
        factory: async_sessionmaker[AsyncSession]) -> None:
    plans, readiness = await _calf_done_then_swapped(factory)
    await readiness.run(fine, NOW + timedelta(days=30), ALICE, None)
    async with plans() as uow:
        back = await uow.targets.get(ALICE, "eccentric_calf_raise")
        squat = await uow.targets.get(ALICE, "goblet_squat")
    assert back == Target(3, 5, 7.0)  # 30 days without it: 30 % off, in 1 kg plates
    assert squat == Target()  # an area never swapped changes nothing


async def test_pain_leaves_a_step_earned_just_before_it_waiting() -> None:
    """An exercise pain leaves out comes back no heavier than the load last lifted
    (services.coaching.no_heavier_after_pain), through the simulate path."""
    spec = load_spec('{"name": "p", "start": "2026-01-05", "hard_days": ["mon", "thu", '
                     '"sat"], "equipment": "12 20 kg kettlebells", "events": [{"week": 9, '
                     '"say": "my achilles is sore"}, {"week": 10, "say": "achilles is fine '
                     'now"}]}')
    rows = [r for r in (await simulate(spec, 11)).rows if r.exercise == "eccentric_calf_raise"]
    done = [r for r in rows if r.sets > 0]
    for before, after in pairwise(done):
        if (after.date - before.date).days > 3:  # the session pain left out in between
            assert after.load_kg <= before.load_kg

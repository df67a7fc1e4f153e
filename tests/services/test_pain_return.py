"""Back after pain through the services: an exercise its area's swap kept out comes back
at fives, no heavier than before the pain, lighter after a long time without it."""

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.pain import by_area
from coach.progression import Target
from coach.readiness import Level, Told
from coach.reports import ReportKind, ReportLine, SetsReport
from services.plan import PlanService
from services.readiness import ReadinessService
from services.sessions import SessionService
from tools.simulate import simulate
from tools.simulate.spec import load_spec

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # Monday 30 Nov
ALICE = 1001
BEFORE = Target(3, 7, 10.0)


async def _calf_done_then_swapped(factory: async_sessionmaker[AsyncSession]
                                  ) -> tuple[PlanService, ReadinessService]:
    plans = PlanService(factory, timedelta(minutes=30))
    await plans.save_plan(ALICE, ALICE, frozenset({1, 3, 5}), frozenset(), time(18, 30),
                          "Europe/Berlin", NOW)
    async with plans.uow() as uow:
        await uow.targets.put_many(ALICE, {"eccentric_calf_raise": BEFORE}, NOW)
    sessions = SessionService(factory)
    view = await sessions.start_now(ALICE, NOW)
    done = SetsReport(ReportKind.SETS, reps=(7, 7, 7), load_kg=10.0)
    await sessions.record(ALICE, view.session.id,
                          [ReportLine("eccentric_calf_raise", done, "calf 3x7 @ 10")], None, NOW)
    await sessions.finish(ALICE, view.session.id, NOW)
    readiness = ReadinessService(factory)
    achilles = Told(Level.PAIN, by_area("achilles"))
    for day in (2, 4):  # two session days with Achilles pain: the calf raise is swapped
        when = NOW + timedelta(days=day)
        await readiness.tell(ALICE, achilles, when)
        planned = (await plans.overview(ALICE, when)).next_due
        assert planned is not None
        await sessions.skip(ALICE, planned.id, when)
    return plans, readiness


async def test_an_exercise_returns_after_pain_no_heavier_than_before(
        factory: async_sessionmaker[AsyncSession]) -> None:
    plans, readiness = await _calf_done_then_swapped(factory)
    told = await readiness.fine(ALICE, "achilles", NOW + timedelta(days=8))
    async with plans.uow() as uow:
        back = await uow.targets.get(ALICE, "eccentric_calf_raise")
    assert back == Target(3, 5, 10.0)  # fives at the pre-pain load, then the usual climb
    assert told.gentle == (("eccentric_calf_raise", back),)


async def test_a_long_time_without_it_after_pain_brings_it_back_lighter(
        factory: async_sessionmaker[AsyncSession]) -> None:
    plans, readiness = await _calf_done_then_swapped(factory)
    await readiness.fine(ALICE, None, NOW + timedelta(days=30))
    async with plans.uow() as uow:
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

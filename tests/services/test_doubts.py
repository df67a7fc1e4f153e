"""A report's doubts: kept as one question, answered one line at a time or all as written,
and a tapped reading stores exactly its lines (fakes, SQLite and PostgreSQL alike)."""

import asyncio
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import insert

from coach.clock import FakeClock
from coach.concrete import concrete, day_targets
from coach.views import Entry
from services.reports import log_report
from services.understanding import AS_WRITTEN, EDIT, QuestionGone, answer_question
from storage.questions import QuestionRow
from tests.services.worlds import NOW, FakeWorld, SqlWorld, World, world

__all__ = ["world"]  # the fixture, imported for pytest
ALICE = 1001
TWO_DOUBTS = "lunge 16 16 16\ngoblet 8 8 8 20\nsldl 8 8 8"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW + timedelta(minutes=5))


def _stored(entries: tuple[Entry, ...]) -> dict[str, tuple[int, ...]]:
    return {e.exercise_id: e.report.reps for e in entries}


async def test_a_reports_doubts_are_kept_as_one_question(
        world: World, clock: FakeClock) -> None:
    await world.runner_logging(ALICE)
    outcome = await world.run(log_report, clock.now(), ALICE, TWO_DOUBTS, 601, None)
    assert _stored(outcome.stored) == {"sldl": (8, 8, 8)}
    assert len(outcome.asked) == 1
    assert [q.raw for q in outcome.asked[0].questions] == ["lunge 16 16 16", "goblet 8 8 8 20"]


async def test_answering_one_doubt_stores_it_and_leaves_the_other_open(
        world: World, clock: FakeClock) -> None:
    await world.runner_logging(ALICE)
    asking = (await world.run(log_report, clock.now(), ALICE, TWO_DOUBTS, 601, None)).asked[0]
    answered = await world.run(answer_question, clock.now(), ALICE, asking.id, 0, doubt=1)
    assert answered.outcome is not None
    assert [(e.exercise_id, e.report.reps, e.report.load_kg)
            for e in answered.outcome.stored] == [("goblet_squat", (8, 8, 8), 20.0)]
    assert answered.outcome.next_item is None  # the other doubt is still open: wait
    assert [d.index for d in answered.asked.doubts] == [0]
    with pytest.raises(QuestionGone):  # answered already
        await world.run(answer_question, clock.now(), ALICE, asking.id, 0, doubt=1)
    last = await world.run(answer_question, clock.now(), ALICE, asking.id, AS_WRITTEN)
    assert last.outcome is not None
    assert _stored(last.outcome.stored) == {"reverse_lunge": (16, 16, 16)}
    assert last.asked.doubts == ()
    with pytest.raises(QuestionGone):
        await world.run(answer_question, clock.now(), ALICE, asking.id, EDIT)


async def test_all_as_i_wrote_stores_every_literal_reading(
        world: World, clock: FakeClock) -> None:
    await world.runner_logging(ALICE)
    asking = (await world.run(log_report, clock.now(), ALICE, TWO_DOUBTS, 601, None)).asked[0]
    answered = await world.run(answer_question, clock.now(), ALICE, asking.id, AS_WRITTEN)
    assert answered.outcome is not None
    assert _stored(answered.outcome.stored) == {
        "reverse_lunge": (16, 16, 16), "goblet_squat": (8, 8, 8, 20)}


async def test_edit_drops_every_doubt_and_stores_nothing(
        world: World, clock: FakeClock) -> None:
    await world.runner_logging(ALICE)
    asking = (await world.run(log_report, clock.now(), ALICE, TWO_DOUBTS, 601, None)).asked[0]
    answered = await world.run(answer_question, clock.now(), ALICE, asking.id, EDIT)
    assert answered.outcome is None
    assert answered.asked.doubts == ()
    with pytest.raises(QuestionGone):
        await world.run(answer_question, clock.now(), ALICE, asking.id, 0, doubt=0)


async def test_a_forged_doubt_or_choice_or_owner_changes_nothing(
        world: World, clock: FakeClock) -> None:
    await world.runner_logging(ALICE)
    asking = (await world.run(log_report, clock.now(), ALICE, TWO_DOUBTS, 601, None)).asked[0]
    for user, choice, doubt in ((ALICE, 0, 7), (ALICE, 9, 0), (2002, 0, 0), (2002, EDIT, 0)):
        with pytest.raises(QuestionGone):
            await world.run(answer_question, clock.now(), user, asking.id, choice, doubt)
    answered = await world.run(answer_question, clock.now(), ALICE, asking.id, 0, doubt=0)
    assert answered.outcome is not None
    assert _stored(answered.outcome.stored) == {"reverse_lunge": (8, 8, 8)}


async def test_a_question_kept_before_doubts_were_grouped_still_answers(
        world: World, clock: FakeClock) -> None:
    if not isinstance(world, SqlWorld):
        pytest.skip("the stored JSON of an older row is the database's")
    session = await world.runner_logging(ALICE)
    old = ('[{"label": "Goblet squat 3×8?", "finish": false, "lines": [{"e": "goblet_squat", '
           '"k": "sets", "r": [8, 8, 8], "l": null, "rt": null, "w": null}]}]')
    async with world.factory() as db, db.begin():
        question_id = await db.scalar(insert(QuestionRow).values(
            user_id=ALICE, session_id=session.id, source_message_id=601, choices=old,
            created_at=NOW).returning(QuestionRow.id))
    assert isinstance(question_id, int)
    answered = await world.run(answer_question, clock.now(), ALICE, question_id, 0)
    assert answered.outcome is not None
    assert _stored(answered.outcome.stored) == {"goblet_squat": (8, 8, 8)}


DOUBTFUL = {
    "reverse_lunge": st.integers(13, 30).map(lambda n: f"lunge {n} {n} {n}"),
    "goblet_squat": st.tuples(st.integers(5, 8), st.sampled_from([8, 12, 16, 20, 9])).map(
        lambda t: f"goblet {t[0]} {t[0]} {t[0]} {t[1]}"),
    "sldl": st.integers(2, 10).map(lambda n: f"sldl {n}x3"),
    "step_up": st.integers(5, 20).map(lambda n: f"step up {n}"),
    "eccentric_calf_raise": st.integers(13, 40).map(lambda n: f"calf {n} {n} {n}"),
}
REPORTS = st.lists(st.sampled_from(sorted(DOUBTFUL)), min_size=1, max_size=5, unique=True).flatmap(
    lambda ids: st.tuples(*(DOUBTFUL[i] for i in ids))).map("\n".join)


@given(REPORTS, st.data())
def test_a_tapped_reading_stores_exactly_its_lines(text: str, data: st.DataObject) -> None:
    asyncio.run(_tap_and_check(text, data))


async def _tap_and_check(text: str, data: st.DataObject) -> None:
    here, clock = FakeWorld(), FakeClock(NOW + timedelta(minutes=5))
    await here.runner_logging(ALICE)
    outcome = await here.run(log_report, clock.now(), ALICE, text, 601, None)
    if not outcome.asked:
        return
    asking = outcome.asked[0]
    doubt = data.draw(st.integers(0, len(asking.questions) - 1))
    question = asking.questions[doubt]
    choice = data.draw(st.integers(0, len(question.choices) - 1))
    answered = await here.run(answer_question, clock.now(), ALICE, asking.id, choice, doubt)
    assert answered.outcome is not None
    view = outcome.view
    assert view is not None
    days = day_targets([(item.exercise.id, item.target) for item in view.items], view.today)
    assert {e.exercise_id: e.report for e in answered.outcome.stored} == {  # spelled out
        line.exercise_id: concrete(line.sets, days[line.exercise_id])
        for line in question.choices[choice].lines}

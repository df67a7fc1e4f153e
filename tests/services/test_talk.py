"""Talk inside a session through the one typed-message call (`services.messages.take_text`),
on SQLite and PostgreSQL: corrections replace the stored line (open session, or the one
just closed), questions are answered and store nothing, "all as planned except" stores the
plan and the exception, "same as last time" only asks."""

from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from coach.questions import Next, Rest, Swap
from coach.reports import ReportKind
from coach.views import Entry
from services.messages import MessageOutcome, take_text
from services.reports import ReportOutcome
from services.runtime import Units
from services.sessions import DEFAULT_OFFSET, start_now, undo
from services.talk import Corrected, NotCorrected, QuestionAnswered
from storage.uow import UnitOfWork
from tests.services.worlds import NOW, SqlWorld

ALICE = 1001
LATER = NOW + timedelta(minutes=5)


@pytest.fixture
async def world(factory: async_sessionmaker[AsyncSession]) -> SqlWorld:
    return SqlWorld(factory)


async def _say(world: SqlWorld, text: str, message_id: int = 700,
               reply_to: int | None = None) -> MessageOutcome:
    return await world.run(take_text, LATER, DEFAULT_OFFSET, ALICE, ALICE, text,
                           message_id, reply_to)


async def _entries(world: SqlWorld, session_id: int) -> dict[str, Entry]:
    async with UnitOfWork(world.factory) as uow:
        return {e.exercise_id: e for e in await uow.entries.for_session(session_id)}


async def test_actually_in_the_next_message_replaces_the_last_logged_line(
        world: SqlWorld) -> None:
    session = await world.runner_logging(ALICE)
    await _say(world, "sldl 8 8 8")
    await _say(world, "goblet 8 8 8 @ 12kg", 701)
    outcome = await _say(world, "actually 8 8 7", 702)
    assert isinstance(outcome, Corrected)
    assert [(e.exercise_id, e.report.reps, e.report.load_kg) for e in outcome.outcome.stored
            ] == [("goblet_squat", (8, 8, 7), 12.0)]
    stored = await _entries(world, session.id)
    assert sorted(stored) == ["goblet_squat", "sldl"]  # replaced, not added
    assert stored["goblet_squat"].report.reps == (8, 8, 7)
    assert stored["sldl"].report.reps == (8, 8, 8)


async def test_last_set_of_a_named_exercise_changes_only_that_set(world: SqlWorld) -> None:
    session = await world.runner_logging(ALICE)
    await _say(world, "lunge 8/8 8/8 8/8")
    await _say(world, "goblet 3x8", 701)
    outcome = await _say(world, "wait, last set of lunges was 6", 702)
    assert isinstance(outcome, Corrected)
    lunge = (await _entries(world, session.id))["reverse_lunge"]
    assert (lunge.report.left, lunge.report.right) == ((8, 8, 6), (8, 8, 6))
    assert (await _entries(world, session.id))["goblet_squat"].report.reps == (8, 8, 8)


async def test_undo_after_a_correction_removes_the_corrected_line(world: SqlWorld) -> None:
    session = await world.runner_logging(ALICE)
    await _say(world, "sldl 8 8 8")
    await _say(world, "oops sldl 8 8 6", 701)
    undone = await Units(world.factory).run(undo, LATER, ALICE)
    assert undone is not None
    assert undone.entry.report.reps == (8, 8, 6)
    assert await _entries(world, session.id) == {}


async def test_a_correction_of_an_exercise_not_logged_yet_is_its_report(
        world: SqlWorld) -> None:
    session = await world.runner_logging(ALICE)
    await _say(world, "sldl 8 8 8")
    outcome = await _say(world, "oops goblet 8 8 7", 701)
    assert isinstance(outcome, ReportOutcome)
    assert (await _entries(world, session.id))["goblet_squat"].report.reps == (8, 8, 7)


async def test_nothing_logged_means_nothing_to_correct(world: SqlWorld) -> None:
    session = await world.runner_logging(ALICE)
    outcome = await _say(world, "actually 8 8 7")
    assert isinstance(outcome, NotCorrected)
    assert await _entries(world, session.id) == {}


async def test_an_unclear_correction_changes_nothing(world: SqlWorld) -> None:
    session = await world.runner_logging(ALICE)
    await _say(world, "goblet 3x8 @ 12kg")
    outcome = await _say(world, "actually 8 8 8 @ 200kg", 701)
    assert isinstance(outcome, NotCorrected)
    assert (await _entries(world, session.id))["goblet_squat"].report.load_kg == 12.0


async def test_a_correction_after_the_session_closed_changes_it(world: SqlWorld) -> None:
    session = await world.runner_logging(ALICE)
    await _say(world, "all done")
    outcome = await _say(world, "correction: goblet 8 8 6", 701)
    assert isinstance(outcome, Corrected)
    assert outcome.outcome.corrected
    assert (await _entries(world, session.id))["goblet_squat"].report.reps == (8, 8, 6)


async def test_questions_are_answered_and_store_nothing(world: SqlWorld) -> None:
    session = await world.runner_logging(ALICE)
    await _say(world, "sldl 8 8 8")
    rest = await _say(world, "how long should I rest?", 701)
    swap = await _say(world, "what can I do instead of lunges?", 702)
    nxt = await _say(world, "what's next?", 703)
    assert isinstance(rest, QuestionAnswered)
    assert isinstance(rest.answer, Rest)
    assert rest.answer.heavy_s == 120
    assert isinstance(swap, QuestionAnswered)
    assert isinstance(swap.answer, Swap)
    assert swap.answer.exercise.id == "reverse_lunge"
    assert swap.answer.options
    assert isinstance(nxt, QuestionAnswered)
    assert isinstance(nxt.answer, Next)
    assert nxt.answer.exercise is not None
    assert nxt.answer.exercise.id == "goblet_squat"
    assert list(await _entries(world, session.id)) == ["sldl"]


async def test_all_as_planned_except_stores_the_plan_and_the_exception(
        world: SqlWorld) -> None:
    session = await world.runner_logging(ALICE)
    outcome = await _say(world, "all as planned apart from step ups 7 7 6")
    assert isinstance(outcome, ReportOutcome)
    stored = await _entries(world, session.id)
    assert len(stored) == 5
    assert stored["step_up"].report.reps == (7, 7, 6)
    assert {e.report.kind for k, e in stored.items() if k != "step_up"} == {
        ReportKind.AS_PLANNED}
    assert all(e.report.reps for e in stored.values())  # the plan's sets, spelled out
    assert outcome.finished is not None


async def test_same_as_last_time_asks_and_stores_nothing(world: SqlWorld) -> None:
    first = await world.runner_logging(ALICE)
    await _say(world, "all as planned except goblet 8 8 7 @ 12kg")
    assert len(await _entries(world, first.id)) == 5
    sessions = Units(world.factory)
    view = await sessions.run(start_now, NOW + timedelta(days=2), ALICE)
    outcome = await world.run(take_text, NOW + timedelta(days=2), DEFAULT_OFFSET,
                              ALICE, ALICE, "same as last time", 710, None)
    assert isinstance(outcome, ReportOutcome)
    assert outcome.stored == ()
    assert len(outcome.asked) == 1
    lines = outcome.asked[0].questions[0].choices[0].lines
    assert {line.exercise_id: line.sets.reps for line in lines}["goblet_squat"] == (8, 8, 7)
    assert {line.sets.kind for line in lines} == {ReportKind.SETS}  # last time's numbers
    assert all(line.sets.reps for line in lines)
    assert await _entries(world, view.session.id) == {}

"""The report use cases, on the in-memory unit of work, SQLite and PostgreSQL alike."""

from datetime import timedelta

import pytest

from coach.clock import FakeClock
from coach.progression import Change
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.session_life import SessionClosed
from services.edits import edit_report
from services.reports import Step, log_lines, log_report
from services.understanding import answer_question
from tests.services.worlds import CARD, NOW, World, world

__all__ = ["world"]  # the fixture, imported for pytest
ALICE, BOB = 1001, 2002
FULL = "sldl 8/8 8/8 8/7\ngoblet 3x8 @ 12kg\nlunge 8 8 8\ncalf 6 6 5\nstep up 8 8 8"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW + timedelta(minutes=5))


async def test_a_one_line_report_is_stored_and_the_next_exercise_is_asked(
        world: World, clock: FakeClock) -> None:
    await world.runner_logging(ALICE)
    outcome = await world.run(log_report, clock.now(), ALICE, "goblet 3x8 @ 12kg", 601, None)
    assert [(e.exercise_id, e.report.reps, e.report.load_kg) for e in outcome.stored] == [
        ("goblet_squat", (8, 8, 8), 12.0)]
    assert outcome.step is Step.ASK
    assert outcome.finished is None
    assert outcome.next_item is not None
    assert outcome.next_item.exercise.id == "sldl"
    assert outcome.view is not None
    assert "goblet_squat" not in outcome.view.pending


async def test_a_report_of_the_same_exercise_again_replaces_the_first(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    await world.run(log_report, clock.now(), ALICE, "goblet 3x8 @ 12kg", 601, None)
    outcome = await world.run(log_report, clock.now(), ALICE, "goblet 3x6 @ 14kg", 602, CARD)
    async with world.uow() as uow:
        stored = await uow.entries.for_session(session.id)
    assert [(e.report.reps, e.report.load_kg) for e in stored] == [((6, 6, 6), 14.0)]
    assert outcome.view is not None
    assert outcome.view.items[1].logged == stored[0]


async def test_a_full_report_finishes_the_session_with_the_next_targets(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    outcome = await world.run(log_report, clock.now(), ALICE, FULL, 601, None)
    assert len(outcome.stored) == 5
    assert outcome.finished is not None
    assert outcome.next_item is None
    changes = {ex.id: d.change for ex, d in outcome.finished.decisions}
    assert changes["goblet_squat"] is Change.UP
    async with world.uow() as uow:
        closed = await uow.sessions.get(session.id)
        goblet = await uow.targets.get(ALICE, "goblet_squat")
        stamped = await uow.entries.for_session(session.id)
    assert closed is not None
    assert closed.status == "done"
    decided = {ex.id: d.target for ex, d in outcome.finished.decisions}
    assert goblet == decided["goblet_squat"]
    assert all(e.done_against is not None for e in stamped)


async def test_an_unreadable_line_is_explained_and_nothing_is_stored(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    outcome = await world.run(log_report, clock.now(), ALICE, "bench press 3x8", 601, None)
    assert outcome.stored == ()
    assert outcome.explain
    assert outcome.step is Step.WAIT
    async with world.uow() as uow:
        assert await uow.entries.for_session(session.id) == []


async def test_a_report_with_no_session_and_nothing_to_correct_is_not_taken(
        world: World, clock: FakeClock) -> None:
    outcome = await world.run(log_report, clock.now(), BOB, "goblet 3x8", 601, None)
    assert outcome.view is None
    assert outcome.stored == ()


async def test_a_report_after_the_session_closed_corrects_it_and_its_next_target(
        world: World, clock: FakeClock) -> None:
    await world.runner_logging(ALICE)
    done = await world.run(log_report, clock.now(), ALICE, FULL, 601, None)
    assert done.finished is not None
    outcome = await world.run(log_report, clock.now(), ALICE, "goblet 3x5 @ 12kg", 602, None)
    assert outcome.corrected
    assert [e.exercise_id for e in outcome.stored] == ["goblet_squat"]
    assert [(r.exercise.id, r.decision.change) for r in outcome.retargeted] == [
        ("goblet_squat", Change.HOLD)]
    async with world.uow() as uow:
        assert (await uow.targets.get(ALICE, "goblet_squat")).load_kg == 12.0


async def test_a_tapped_as_planned_button_stores_the_exercise_at_its_target(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    line = ReportLine("eccentric_calf_raise", SetsReport(ReportKind.AS_PLANNED), "")
    outcome = await world.run(log_lines, clock.now(), ALICE, session.id, [line], None)
    assert [e.report.kind for e in outcome.stored] == [ReportKind.AS_PLANNED]
    assert outcome.next_item is not None
    assert outcome.next_item.exercise.id == "sldl"


async def test_a_button_of_a_finished_session_is_refused_and_changes_nothing(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    await world.run(log_lines, clock.now(), ALICE, session.id, [], None, finish=True)
    line = ReportLine("eccentric_calf_raise", SetsReport(ReportKind.SKIPPED), "")
    with pytest.raises(SessionClosed):
        await world.run(log_lines, clock.now(), ALICE, session.id, [line], None)
    async with world.uow() as uow:
        closed = await uow.sessions.get(session.id)
    assert closed is not None
    assert closed.status == "skipped"


async def test_a_doubtful_load_is_asked_about_and_stored_when_a_choice_is_tapped(
        world: World, clock: FakeClock) -> None:
    await world.runner_logging(ALICE)
    outcome = await world.run(log_report, clock.now(), ALICE, "goblet 8x3", 601, None)
    assert outcome.stored == ()
    assert len(outcome.asked) == 1
    asking = outcome.asked[0]
    answered = (await world.run(answer_question, clock.now(), ALICE, asking.id, 0)).outcome
    assert answered is not None
    assert [e.exercise_id for e in answered.stored] == ["goblet_squat"]


async def test_an_edited_report_replaces_what_the_original_message_stored(
        world: World, clock: FakeClock) -> None:
    session = await world.runner_logging(ALICE)
    await world.run(log_report, clock.now(), ALICE, "goblet 3x8 @ 12kg", 601, None)
    edited = await world.run(edit_report, clock.now(), ALICE, 601, "goblet 3x7 @ 12kg")
    assert edited.outcome is not None
    assert edited.outcome.corrected
    async with world.uow() as uow:
        stored = await uow.entries.for_session(session.id)
    assert [e.report.reps for e in stored] == [(7, 7, 7)]

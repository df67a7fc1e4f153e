"""Rep reports: a typed report, a tapped button or a question's answer, each ONE transaction.

`log_report` (`report_in` in a caller's transaction, services/messages.py): find the
session a report goes into (the card replied to, else the open one) with the runner in one
query, read it against what the session expects (`coach.understand`), store what reads
clearly in one insert, keep notes and questions, close the session when nothing is left; or,
with none open, correct the one closed last. It returns a `ReportOutcome` the bot renders."""

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum

from coach import session_life
from coach.concrete import concrete, day_targets
from coach.exercises import CATALOGUE, Exercise
from coach.progression import Decision, Target
from coach.records import Record
from coach.reports import ReportKind, ReportLine
from coach.stored import RACE_LOOK_BACK
from coach.understand import Context, Question, Reading, understand
from coach.views import Entry, ExerciseView, Profile, SessionInfo, SessionView
from services.closing import (
    Retarget,
    close_stamped,
    latest_done,
    retarget,
    session_bests,
)
from services.coaching import planned_targets
from services.discomfort import PainHeard, hear_pain
from services.readiness import today_of
from services.uow import UnitOfWork

_POUNDS = re.compile(r"[0-9] ?(?:lbs?|pounds?)\b", re.IGNORECASE)


class Step(Enum):
    """What the logging flow does after a report."""

    ASK = "ask"  # the next exercise (the session is finished when none is left)
    FINISH = "finish"
    WAIT = "wait"  # for an answer to a question, or after pain, or after a problem


@dataclass(frozen=True)
class Finished:
    """A finished session and the new targets it led to."""

    view: SessionView
    decisions: tuple[tuple[Exercise, Decision], ...]
    progressed: bool
    records: tuple[Record, ...] = ()  # new bests of this session


@dataclass(frozen=True)
class Asking:
    """One report's questions, kept in the database as one, with the id its buttons carry
    (they are asked in one message: a line and a row of buttons per doubt)."""

    id: int
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class ReportOutcome:
    """What one report did: stored, asked, not understood, finished, or corrected.

    `view` is the session after the report (None: no session took it); `finished` is set
    when the report closed the session, with the next targets and why.
    """

    reading: Reading
    view: SessionView | None
    stored: tuple[Entry, ...] = ()
    asked: tuple[Asking, ...] = ()
    step: Step = Step.WAIT
    finished: Finished | None = None
    corrected: bool = False
    retargeted: tuple[Retarget, ...] = ()
    ask_unit: bool = False  # pounds typed by a runner who never chose a unit
    explain: bool = False  # show what was not understood, with an example
    pain: PainHeard | None = None  # sharp discomfort: stored as pain, what to ask next

    @property
    def next_item(self) -> ExerciseView | None:
        """The exercise to ask about next, if the flow goes on."""
        if self.step is not Step.ASK or self.view is None or self.finished is not None:
            return None
        return next((item for item in self.view.items if item.logged is None), None)


def context_of(view: SessionView, kit: tuple[float, ...] = ()) -> Context:
    """What the session expects, for `coach.understand`: the day's targets (a trimmed or
    lighter day's, as its card shows them; the usual one where the day leaves it out) and
    the loads the runner owns."""
    day = view.day_targets
    return Context(
        pending=view.pending,
        targets={item.exercise.id: day.get(item.exercise.id) or item.target
                 for item in view.items},
        last_loads={item.exercise.id: item.last.load_kg for item in view.items
                    if item.last is not None and item.last.load_kg is not None},
        unit=view.profile.unit,
        logged=sum(item.logged is not None for item in view.items),
        kit=kit,
        last={item.exercise.id: item.last for item in view.items
              if item.last is not None})


def step_of(reading: Reading) -> Step:
    """After the lines are stored: wait on problems, questions or pain; else go on."""
    nothing = not (reading.lines or reading.questions or reading.notes or reading.finish)
    if reading.problems or nothing:
        return Step.WAIT
    if reading.finish:
        return Step.FINISH
    return Step.WAIT if reading.stop or reading.questions else Step.ASK


async def log_report(uow: UnitOfWork, now: datetime, user_id: int, text: str,
                     message_id: int | None, reply_to: int | None) -> ReportOutcome:
    """A typed report, in the caller's one transaction (see the module's docstring)."""
    profile, session = await uow.sessions.for_report(user_id, reply_to)
    return await report_in(uow, now, user_id, profile, session, text, message_id)


async def report_in(uow: UnitOfWork, now: datetime, user_id: int, profile: Profile | None,
                    session: SessionInfo | None, text: str, message_id: int | None,
                    targets: dict[str, Target] | None = None) -> ReportOutcome:
    """`log_report` in the caller's unit of work, runner, session (and targets) read."""
    if profile is None or session is None:
        return await _correct(uow, user_id, profile, text, message_id, now)
    view = await load_view(uow, profile, session, targets)
    reading = understand(text, context_of(view, profile.weights_kg))
    outcome = await apply_reading(uow, view, reading, message_id, now)
    return replace(outcome, ask_unit=wants_unit(profile, reading, text))


def wants_unit(profile: Profile, reading: Reading, text: str) -> bool:
    """Pounds typed by a runner who never chose a unit: ask whether to show lb."""
    return bool(reading.lines) and not profile.unit_chosen and bool(_POUNDS.search(text))


async def log_lines(uow: UnitOfWork, now: datetime, user_id: int, session_id: int,
                    lines: Sequence[ReportLine], message_id: int | None,
                    finish: bool = False) -> ReportOutcome:
    """A tapped button ("as planned", "skip", a question's choice), in the caller's one
    transaction."""
    view = await owned_view(uow, user_id, session_id)
    session_life.report(view.session.status)
    reading = Reading(lines=tuple(lines), finish=finish)
    return await apply_reading(uow, view, reading, message_id, now)


async def apply_reading(uow: UnitOfWork, view: SessionView, reading: Reading,
                        message_id: int | None, now: datetime,
                        waiting: bool = False) -> ReportOutcome:
    """Store the lines, keep notes and questions, close the session when it is complete
    (`waiting`: other questions of the report are still open, so neither go on nor close)."""
    stored, view = await store_lines(uow, view, reading.lines, message_id, now)
    asked = await keep_reading(uow, view, reading, message_id, now)
    pain = await hear_pain(uow, view, reading.notes, now)
    step = Step.WAIT if waiting and not reading.finish else step_of(reading)
    finished = None
    if step is Step.FINISH or (step is Step.ASK and not view.pending):
        finished = await finish_view(uow, view, now)
    nothing = not (reading.lines or reading.questions or reading.notes or reading.finish)
    return ReportOutcome(reading, view, stored, asked, step, finished,
                         explain=bool(reading.problems) or nothing, pain=pain)


async def go_on(uow: UnitOfWork, now: datetime, user_id: int,
                session_id: int) -> ReportOutcome:
    """"Log my sets" on a card: the next exercise to ask, or the wrap-up if none is left."""
    view = await owned_view(uow, user_id, session_id)
    session_life.report(view.session.status)
    finished = None if view.pending else await finish_view(uow, view, now)
    return ReportOutcome(Reading(), view, step=Step.ASK, finished=finished)


async def keep_reading(uow: UnitOfWork, view: SessionView, reading: Reading,
                       message_id: int | None, now: datetime) -> tuple[Asking, ...]:
    """Keep the reading's notes for the coach and its questions until answered: all of
    one report's questions as one (one message asks them all)."""
    user_id, session_id = view.profile.user_id, view.session.id
    await uow.questions.add_notes(user_id, session_id, reading.notes, now)
    if not reading.questions:
        return ()
    question_id = await uow.questions.add(user_id, session_id, message_id, reading.questions,
                                          now)
    return (Asking(question_id, reading.questions),)


async def store_lines(uow: UnitOfWork, view: SessionView, lines: Sequence[ReportLine],
                      message_id: int | None,
                      now: datetime) -> tuple[tuple[Entry, ...], SessionView]:
    """Store each line with its numbers spelled out against the day's target (and that
    target with it; a later report of an exercise replaces the earlier one); return the
    entries and the session as it is now, without reading it again."""
    if not lines:
        return (), view
    session = view.session
    if session.status == session_life.PLANNED:  # a report opens it (closed ones: callers)
        await uow.sessions.mark_open(session.id)
        session = replace(session, status=session_life.OPEN)
    logged = {item.exercise.id for item in view.items if item.logged is not None}
    replacing = sorted({line.exercise_id for line in lines} & logged)
    days = day_targets([(item.exercise.id, item.target) for item in view.items], view.today)
    latest = {line.exercise_id: replace(line, sets=concrete(line.sets, days[line.exercise_id]))
              for line in lines}  # the last line of an exercise wins
    done = {line.exercise_id: days[line.exercise_id] for line in latest.values()
            if line.sets.kind is not ReportKind.SKIPPED}  # a skip was done against nothing
    stored = tuple(await uow.entries.put_many(view.profile.user_id, session.id,
                                              list(latest.values()), message_id, now,
                                              replacing, done))
    fresh = {entry.exercise_id: entry for entry in stored}
    items = tuple(replace(item, logged=fresh.get(item.exercise.id, item.logged))
                  for item in view.items)
    return stored, replace(view, session=session, items=items)  # the day's shape stays


async def finish_view(uow: UnitOfWork, view: SessionView, now: datetime) -> Finished:
    """Close the session and apply progression (the one closing function)."""
    decisions, stamps = await close_stamped(uow, view, now)
    return Finished(view, decisions, view.profile.auto_progression,
                    await session_bests(uow, view, stamps))


async def load_view(uow: UnitOfWork, profile: Profile, session: SessionInfo,
                    stored: dict[str, Target] | None = None) -> SessionView:
    """Targets (lighter after a break, with why), last results and this session's entries."""
    day = session.session_date
    facts = await uow.days.facts(session.user_id, session.id, day, day - RACE_LOOK_BACK)
    targets, why = await planned_targets(uow, profile, session, facts.last_done, stored,
                                         tuple(s.race for s in facts.races))
    last, logged = await uow.entries.around(session.user_id, session.id)
    before = {exercise_id: entry.report for exercise_id, entry in last.items()}
    items = tuple(
        ExerciseView(ex, targets.get(ex.id, Target()), before.get(ex.id), logged.get(ex.id),
                     why.get(ex.id, ""))
        for ex in CATALOGUE)
    today = await today_of(uow, profile, day, facts.readiness, facts.races,
                           facts.first_done, facts.last_done)
    return SessionView(session, profile, items, today)


async def owned_view(uow: UnitOfWork, user_id: int, session_id: int) -> SessionView:
    """The runner's own session, assembled; NotYours otherwise."""
    session = await uow.sessions.get(session_id)
    profile = None if session is None else await uow.users.get(user_id)
    if session is None or profile is None or session.user_id != user_id:
        raise NotYours(session_id)
    return await load_view(uow, profile, session)


def as_done(view: SessionView) -> SessionView:
    """A closed session with each logged exercise's target as it was done against (its
    close stamp), not today's: what a correction of it is spelled out against."""
    items = tuple(replace(item, target=item.logged.done_against)
                  if item.logged is not None and item.logged.done_against is not None
                  else item for item in view.items)
    return replace(view, items=items)


class NotYours(LookupError):
    """The session does not exist or belongs to someone else."""


async def _correct(uow: UnitOfWork, user_id: int, profile: Profile | None, text: str,
                   message_id: int | None, now: datetime) -> ReportOutcome:
    """No session open: a clean report corrects the session closed last, if it still can."""
    reading = understand(text, Context(unit="kg" if profile is None else profile.unit))
    clean = reading.lines and not (reading.problems or reading.questions or reading.notes
                                   or reading.finish or reading.stop)
    corrected = None
    if clean and profile is not None:
        corrected = await correct_lines(uow, profile, reading, message_id, now)
    return ReportOutcome(reading, None) if corrected is None else corrected


async def correct_lines(uow: UnitOfWork, profile: Profile, reading: Reading,
                        message_id: int | None, now: datetime) -> ReportOutcome | None:
    """Store the lines into the session closed last, if it was done, and recompute the next
    targets they change (the caller knows no session is open). None: nothing to correct."""
    session = await latest_done(uow, profile.user_id)
    if session is None:
        return None
    view = as_done(await load_view(uow, profile, session))
    logged = {item.exercise.id: item.logged for item in view.items}
    changed = {line.exercise_id: logged[line.exercise_id] for line in reading.lines}
    stored, view = await store_lines(uow, view, reading.lines, message_id, now)
    changes = await retarget(uow, profile.user_id, session.id, changed,
                             profile.auto_progression, now)
    return ReportOutcome(reading, view, stored, corrected=True, retargeted=changes)

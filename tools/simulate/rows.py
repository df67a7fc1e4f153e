"""What a simulation shows: one row per planned exercise per session, with why, the session's
minutes and the race ahead; what the coach told after sessions; what the runner said."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coach.progression import Target
from coach.readiness import Level, Planned, Today
from coach.reasons import change_text, reason_line
from coach.variants import variant
from coach.views import ExerciseView, SessionView
from services.closing import Retarget
from services.reports import Finished

FIRST_REASON = "first session: body weight, master the form"
LEFT_OUT = {"pain": "left out today: pain told for an area it loads",
            "race week": "race week: light session", "trimmed": "heavy legs: left out today",
            "impact": "left out: bone-stress signs told, no impact until fine"}
RESHAPED = {Level.SORE: "sore legs: body weight, five reps",
            Level.HEAVY: "heavy legs: one set fewer"}


@dataclass(frozen=True)
class Row:
    """One planned exercise of one session as the card shows it, and why."""

    date: dt.date
    exercise: str
    sets: int
    reps: int
    load_kg: float
    variant: str  # the name on the card: the variant's, a swap's, or the exercise's own
    reason: str
    race: dt.date | None = None
    minutes: int = 0  # the whole session's estimate (coach/duration.py)
    effort: str | None = None  # the runner's answer after that week's sessions
    variant_id: str = ""  # the stored variant id ("" also for a swap or a day left out)
    swapped: bool = False  # `variant` names a gentler exercise done instead
    usual: Target | None = None  # the session's target before the day shaped it

    def as_json(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(), "exercise": self.exercise, "sets": self.sets,
                "reps": self.reps, "load_kg": self.load_kg, "variant": self.variant,
                "reason": self.reason,
                "race": None if self.race is None else self.race.isoformat(),
                "minutes": self.minutes, "effort": self.effort}


@dataclass(frozen=True)
class Note:
    """Something the coach told after a session besides targets (a left/right gap)."""

    date: dt.date
    exercise: str
    text: str


@dataclass(frozen=True)
class Said:
    """Chat text the runner sent, and what the bot read it as."""

    date: dt.date
    text: str
    read_as: str


@dataclass
class Run:
    """What a simulation produced."""

    name: str
    description: str = ""
    unit: str = "kg"
    rows: list[Row] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    said: list[Said] = field(default_factory=list)


def session_rows(view: SessionView, planned: Sequence[Planned], why: dict[str, str],
                 race: dt.date | None, effort: str | None,
                 last: dict[str, Target] | None = None) -> list[Row]:
    """The session's rows: each exercise as the day shapes it, with the reason for it.
    `last`: each exercise's usual target the session before (updated here), so a week's
    cut of a target that just changed says both why it changed and what the week does."""
    day, minutes = view.session.session_date, view.minutes
    last = {} if last is None else last
    rows = []
    for item, plan in zip(view.items, planned, strict=True):
        changed = last.get(item.exercise.id, item.target) != item.target
        last[item.exercise.id] = item.target
        target = plan.target
        shown = target or item.target
        name = plan.swap.name if plan.swap is not None else variant(
            item.exercise.id, shown.variant).name
        rows.append(Row(day, item.exercise.id, target.sets if target else 0,
                        target.reps if target else 0,
                        round(target.load_kg, 3) if target else 0.0, name,
                        _reason(item, plan, view.today, why, changed), race, minutes, effort,
                        target.variant if target else "", plan.swap is not None,
                        item.target))
    return rows


def _reason(item: ExerciseView, plan: Planned, today: Today, why: dict[str, str],
            changed: bool = False) -> str:
    if plan.swap is not None:
        return f"swapped for {plan.swap.name} {plan.swap.dose}: pain told twice for this area"
    if plan.target is None:
        return LEFT_OUT.get(plan.skipped or "", plan.skipped or "left out today")
    if plan.target != item.target:
        if today.light:
            return LEFT_OUT["race week"]
        if plan.why:  # a lighter, in-season or pre-race week (coach/period.py)
            told = item.why or why.get(item.exercise.id, "")
            return f"{told}; {plan.why}" if changed and told else plan.why
        return RESHAPED.get(today.level, "lighter today") if today.level else "lighter today"
    return item.why or why.get(item.exercise.id, FIRST_REASON)


def learn(done: Finished, run: Run, why: dict[str, str]) -> None:
    """Remember each decision's reason for the next session; keep the notes told."""
    before = {item.exercise.id: item.target for item in done.view.items}
    unit, day = done.view.profile.unit, done.view.session.session_date
    for exercise, decision in done.decisions:
        old, new = before[exercise.id], decision.target
        headline = change_text(exercise.id, exercise.name, old.key(), new.key(), unit)
        why[exercise.id] = reason_line(headline, decision.why)
        if decision.note:
            run.notes.append(Note(day, exercise.id, decision.note))


def learn_effort(done: Finished, changes: Sequence[Retarget], why: dict[str, str]) -> None:
    """The reasons of the targets the runner's effort answer moved after the session."""
    before = {item.exercise.id: item.target for item in done.view.items}
    unit = done.view.profile.unit
    for change in changes:
        exercise, decision = change.exercise, change.decision
        headline = change_text(exercise.id, exercise.name, before[exercise.id].key(),
                               decision.target.key(), unit)
        why[exercise.id] = reason_line(headline, decision.why)

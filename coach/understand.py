"""Understanding a rep report in the context of the session: store, ask, or explain.

`understand` reads a whole message against what the session expects (pending exercises,
targets, last loads, the runner's unit) and returns a `Reading`: lines to store now, questions
to ask with buttons (nothing of those is stored until answered), problems to explain, notes
for the coach (pain, skip reasons), and whether to finish or to stop asking for sets.
Never a silent misreading: when two readings are plausible, or the one reading is not, it asks.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace

from coach.exercises import EXERCISE_IDS, by_id
from coach.phrasing import EACH_HAND, strip_symbols
from coach.plausible import PLAUSIBLE_REPS, alternatives, label
from coach.progression import Target
from coach.readline import Line, Note, read_line
from coach.reports import LineProblem, ReportLine
from coach.sets import (
    MAX_INPUT_CHARS,
    TOO_MUCH,
    NoReps,
    ReportKind,
    ReportNotUnderstood,
    SetsReport,
)
from coach.several import split_exercises, split_squat
from coach.talk import as_done, corrected_inside, except_planned, planned_rest, same_as_last
from coach.typed import parse_typed, separators
from coach.units import show_load
from i18n import N_, _, pgettext

_EVERY = frozenset({"all", "everything", "everythin", "evrything", "lot", "whole", "rest"})
_FINISH = frozenset({"finish", "finished", "end", "that's", "thats", "stop", "stopping"})
_DONE = frozenset({"done", "complete", "completed", "ok", "okay", "k", "yes", "yep", "it",
                   "did", "as", "planned", "over", "dun"}) | _FINISH
_CHAT = frozenset(
    {"the", "them", "of", "to", "plan", "went", "good", "exercises", "exercise", "sets",
     "session", "workout", "great", "fine", "sorted", "smashed", "crushed", "nailed", "i",
     "today", "just", "like", "said", "per", "was", "is", "everything's", "perfect", "well",
     "nice", "according", "for", "and", "felt", "got", "through", "tonight", "3x", "prescribed",
     "written", "reps", "strong", "easy", "all's", "alright", "right"}
)
_DIGITS = ("1", "2", "3", "4", "5")
MAX_DOUBTS = 5  # asked in one message; lines in doubt beyond these are sent back
ONE_AT_A_TIME = N_("A lot to check at once — send this line again once you've answered the "
                   "rest.")


@dataclass(frozen=True)
class Context:
    """What the session expects: pending exercises in order, targets, loads, the unit."""

    pending: tuple[str, ...] = EXERCISE_IDS
    targets: Mapping[str, Target] = field(default_factory=dict)
    last_loads: Mapping[str, float] = field(default_factory=dict)
    unit: str = "kg"
    logged: int = 0
    kit: tuple[float, ...] = ()  # the loads the runner owns (fixed weights), in kg
    last: Mapping[str, SetsReport] = field(default_factory=dict)  # last session's, as stored

    def target(self, exercise_id: str) -> Target:
        return self.targets.get(exercise_id, Target())


@dataclass(frozen=True)
class Choice:
    """One button of a question: the lines it stores, and whether it finishes the session."""

    label: str
    lines: tuple[ReportLine, ...] = ()
    finish: bool = False


@dataclass(frozen=True)
class Question:
    """A reading the bot asks about instead of storing; an "Edit" button is always added.

    The choices come likeliest first; `literal` is the index of the one that stores exactly
    what was typed (first or second; None when that is not storable, or not a reading)."""

    raw: str
    text: str
    choices: tuple[Choice, ...]
    literal: int | None = None


@dataclass(frozen=True)
class Reading:
    """Everything understood from one message."""

    lines: tuple[ReportLine, ...] = ()
    problems: tuple[LineProblem, ...] = ()
    questions: tuple[Question, ...] = ()
    notes: tuple[Note, ...] = ()
    finish: bool = False
    stop: bool = False  # pain: stop asking for sets


def understand(text: str, ctx: Context) -> Reading:
    """Read a whole message against the session; see the module docstring."""
    if len(text) > MAX_INPUT_CHARS:
        return Reading(problems=(LineProblem(text[:60], _(TOO_MUCH)),))
    raws = [raw for raw in text.splitlines() if raw.strip()]
    if not raws:
        return Reading(problems=(LineProblem("", _("That was empty — send your reps, like "
                                               "“goblet 3x8”.")),))
    if len(raws) == 1 and (whole := _whole_message(raws[0], ctx)) is not None:
        return whole
    if len(raws) == 1 and (talk := _session_talk(raws[0], ctx)) is not None:
        return talk
    raws = [corrected_inside(raw) or raw for raw in raws]
    lines = [read_line(piece) for raw in raws for piece in split_exercises(raw)]
    named = {line.exercise_id for line in lines if line.exercise_id}
    free = iter([e for e in ctx.pending if e not in named])
    out: list[ReportLine | Question | LineProblem] = []
    for line in lines:
        out += _outcomes(line, free, ctx)
    questions = [o for o in out if isinstance(o, Question)]
    later = [LineProblem(q.raw, _(ONE_AT_A_TIME)) for q in questions[MAX_DOUBTS:]]
    return Reading(
        lines=tuple(o for o in out if isinstance(o, ReportLine)),
        problems=tuple(o for o in out if isinstance(o, LineProblem)) + tuple(later),
        questions=tuple(questions[:MAX_DOUBTS]),
        notes=tuple(note for line in lines for note in line.notes),
        stop=any(line.pain for line in lines))


def _whole_message(raw: str, ctx: Context) -> Reading | None:
    """"all done", "did it all" (everything as planned); "done", "👍", "finished" (ask)."""
    s = strip_symbols(raw)
    if any(c.isdigit() for c in s):
        return None
    words = set(re.findall(r"[a-z']+", s))
    if not words or not words <= _EVERY | _DONE | _CHAT:
        return None
    every = tuple(ReportLine(e, SetsReport(ReportKind.AS_PLANNED), raw) for e in ctx.pending)
    if words & _EVERY:
        return Reading(lines=every, finish=not ctx.pending)
    if not words <= _DONE:
        return None
    if not ctx.pending:
        return Reading(finish=True)
    if ctx.logged == 0:
        yes = Choice(_("Yes, all as planned"), every)
        return Reading(questions=(Question(raw, _("Did it all go to plan?"), (yes,)),))
    if words & _FINISH:
        return Reading(finish=True)
    name = by_id(ctx.pending[0]).name
    choices = (Choice(_("{name} as planned").format(name=name), every[:1]),
               Choice(_("All the rest as planned"), every), Choice(_("Finish now"), finish=True))
    return Reading(questions=(Question(raw, _("Was that the {name} as planned, or everything "
                                              "that's left?").format(name=name.lower()),
                                       choices),))


def _session_talk(raw: str, ctx: Context) -> Reading | None:
    """"all as planned except step ups 7 7 6" (the plan for the rest, the exception as
    typed; a doubt in the exception stores nothing yet), "same as last time" (asked)."""
    if same_as_last(raw):
        return _same_as_last(raw, ctx)
    rest = except_planned(raw)
    if rest is None:
        return None
    named = understand(rest, ctx)
    if named.problems or named.questions or not named.lines:
        return Reading(problems=(LineProblem(raw, _(
            "I got “as planned” but not the exception — send it like “all as planned except "
            "step ups 7 7 6”.")),))
    lines = named.lines + planned_rest(ctx.pending, named.lines, raw)
    return replace(named, lines=lines, finish=False)


def _same_as_last(raw: str, ctx: Context) -> Reading:
    """Last session's numbers for what is pending, asked before anything is stored."""
    lines = tuple(ReportLine(e, as_done(ctx.last[e]), raw) for e in ctx.pending
                  if e in ctx.last and ctx.last[e].kind is not ReportKind.SKIPPED)
    if not lines:
        return Reading(problems=(LineProblem(raw, _("I have no earlier session to copy — send "
                                                    "your reps, like “goblet 3x8”.")),))
    yes = Choice(_("Yes, same as last time"), lines)
    shown = "\n".join(label(line.exercise_id, line.sets, ctx.unit).rstrip("?")
                      for line in lines)
    return Reading(questions=(Question(raw, _("Same as last time?\n{sets}").format(sets=shown),
                                       (yes,)),))


def _outcomes(line: Line, free: Iterator[str],
              ctx: Context) -> list[ReportLine | Question | LineProblem]:
    if line.every:
        return [_resolve(line, e, ctx) for e in free]
    if line.discomfort and line.exercise_id is None and not line.body and not line.skipped:
        return []
    if line.exercise_id is None and line.guess is not None:
        return [_did_you_mean(line, line.guess, ctx)]
    if line.unknown:
        return [LineProblem(line.raw, _unknown_reason(line))]
    exercise_id = split_squat(line.exercise_id, line.raw,
                              ctx.target("goblet_squat").variant) or next(free, None)
    if exercise_id is None:
        return [LineProblem(line.raw, _("I ran out of exercises to put that line on — start "
                                        "it with the exercise, like “goblet 3x8”."))]
    if line.skipped:
        return [ReportLine(exercise_id, SetsReport(ReportKind.SKIPPED), line.raw)]
    return [_resolve(line, exercise_id, ctx)]


def _unknown_reason(line: Line) -> str:
    if line.exercise_id is None:
        return _("I didn't recognise the exercise “{typed}” — try sldl, goblet, lunge, calf or "
                 "step up (or 1-5).").format(typed=line.unknown)
    return _("I couldn't read “{typed}” in that — try something like “3x8 @ 12kg” or "
             "“8 8 7”.").format(typed=line.unknown)


def _did_you_mean(line: Line, guess: str, ctx: Context) -> Question | LineProblem:
    found = _resolve(line, guess, ctx)
    name = by_id(guess).name
    if isinstance(found, LineProblem):
        return LineProblem(line.raw, _("Did you mean {name}? Write it like “{lower} 3x8”.")
                           .format(name=name, lower=name.lower()))
    mean = _("Did you mean {name}?").format(name=name)
    if isinstance(found, Question):  # not what was typed either way: no literal reading
        return Question(line.raw, mean, found.choices)
    choice = Choice(label(guess, found.sets, ctx.unit), (found,))
    return Question(line.raw, mean, (choice,))


def _resolve(line: Line, exercise_id: str,
             ctx: Context) -> ReportLine | Question | LineProblem:
    """Read the numbers by the exercise's kind and check them against the session."""
    body = separators(re.sub(r" [,;]|[,;] ", " ", line.body), by_id(exercise_id).unilateral)
    if not body:
        name = by_id(exercise_id).name.lower()
        return LineProblem(line.raw, _("What did you do for the {name}? Add your reps, like "
                                       "“{name} 3x8”.").format(name=name))
    try:
        report, typed = parse_typed(body, ctx.unit)
    except NoReps as refusal:
        return LineProblem(line.raw, _reps_wanted(exercise_id, refusal.load_kg, ctx.unit))
    except ReportNotUnderstood as refusal:
        return LineProblem(line.raw, refusal.reason)
    if line.exercise_id is None and (index := _index_reading(body, exercise_id, report, ctx)):
        return index
    options = alternatives(exercise_id, report, typed, ctx.target(exercise_id),
                           ctx.last_loads.get(exercise_id), ctx.unit, ctx.kit)
    if options is None:
        return ReportLine(exercise_id, report, line.raw)
    name = by_id(exercise_id).name.lower()
    if not options:
        return LineProblem(line.raw, _("That weight looks off for the {name} — what did you "
                                       "lift? Like “goblet 3x8 @ 16kg”.").format(name=name))
    choices = tuple(Choice(label(exercise_id, o, ctx.unit),
                           (ReportLine(exercise_id, o, line.raw),)) for o in options)
    literal = options.index(report) if report in options else None
    why = (_("Just checking “{line}” — both hands counted, or one weight?")
           if EACH_HAND in line.body else _why(exercise_id, report))
    text = why.format(line=line.raw.strip()[:40], reps=_most(report))
    return Question(line.raw, text, choices, literal)


def _most(report: SetsReport) -> int:
    return max((*report.reps, *(report.left or ()), *(report.right or ())), default=0)


def _why(exercise_id: str, report: SetsReport) -> str:
    """The question, by what makes it a doubt: "Just checking “…” — per leg, or both legs
    counted?" for many reps ({line} and {reps} formatted in after)."""
    if _most(report) <= PLAUSIBLE_REPS:
        return _("Just checking “{line}”:")
    return _("Just checking “{line}” — per leg, or both legs counted?") if by_id(
        exercise_id).unilateral else _("Just checking “{line}” — {reps} reps in a set?")


def _reps_wanted(exercise_id: str, load_kg: float, unit: str) -> str:
    """A load with no reps: never "as planned" (reps nobody typed); ask with an example."""
    name = by_id(exercise_id).name.lower()
    load = pgettext("typed load", "bw") if load_kg == 0 else show_load(load_kg, unit).replace(
        " ", "")
    return _("How many reps at {load}? Send them with it, like “{name} 8 8 8 @ {typed}”.").format(
        load=show_load(load_kg, unit), name=name, typed=load)


def _index_reading(body: str, exercise_id: str, report: SetsReport,
                   ctx: Context) -> Question | None:
    """"2 8 8 8": exercise 2 with 8 8 8, or four sets of the next exercise? Ask."""
    tokens = body.split()
    if len(tokens) < 3 or not all(t.isdigit() for t in tokens) or tokens[0] not in _DIGITS:
        return None
    other = EXERCISE_IDS[int(tokens[0]) - 1]
    rest = SetsReport(ReportKind.SETS, tuple(int(t) for t in tokens[1:]))
    if len(rest.reps) != ctx.target(other).sets or len(report.reps) == \
            ctx.target(exercise_id).sets:
        return None
    choices = (Choice(label(other, rest, ctx.unit), (ReportLine(other, rest, body),)),
               Choice(label(exercise_id, report, ctx.unit),
                      (ReportLine(exercise_id, report, body),)))
    return Question(body, _("Just checking “{line}”:").format(line=body[:40]), choices,
                    literal=1)

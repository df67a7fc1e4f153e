"""Reading the rep reports runners type in chat: "3x8 @ 12kg", "8/7 8/7 8/6", "skip".

One exercise's answer is a `SetsReport` (`parse_sets`); a whole message, one line per
exercise, is a `ParsedReport` (`parse_report`). Lines may start with a label (an exercise
name, alias or number 1-5 written "2:", "2.", "2)", "#2" or "2 -", since a bare "2 8 8 8"
is four sets); unlabelled lines fill the pending exercises in session order, and a labelled
line is accepted even for an exercise that is no longer pending (a correction). A line
labelled "all" or "everything" ("all done", "all 3x8 @ bw") covers every pending exercise
that no other line of the message names or takes.
Nothing here raises on user text except `ReportNotUnderstood` from `parse_sets`;
`parse_report` turns every bad line into a `LineProblem` and keeps the good ones.
When one message logs the same exercise twice, the last readable line wins and each earlier
readable one comes back as a `LineProblem` saying it was replaced.
"""


import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from coach.exercises import CATALOGUE, by_id
from coach.sets import (
    KG_PER_LB,
    MAX_INPUT_CHARS,
    MAX_LOAD_KG,
    MAX_REPS,
    MAX_SETS,
    SEPARATORS,
    TOO_MUCH,
    ReportKind,
    ReportNotUnderstood,
    SetsReport,
    format_sets,
    parse_sets,
    report_vocabulary,
)
from i18n import _

__all__ = [
    "KG_PER_LB", "MAX_INPUT_CHARS", "MAX_LOAD_KG", "MAX_REPS", "MAX_SETS", "LineProblem",
    "ParsedReport", "ReportKind", "ReportLine", "ReportNotUnderstood", "SetsReport",
    "example_report", "exercise_names", "format_sets", "match_exercise", "parse_report",
    "parse_sets",
]

_NUMBER_LABEL = re.compile(r"^#?([1-5])[:.)\-]?$")
_EVERY_LABELS = frozenset({"all", "everything", "all exercises", "the rest"})


@dataclass(frozen=True)
class ReportLine:
    """One understood line of a message: which exercise, and what was done."""

    exercise_id: str
    sets: SetsReport
    raw: str


@dataclass(frozen=True)
class LineProblem:
    """One line of a message that could not be logged, and why."""

    raw: str
    reason: str


@dataclass(frozen=True)
class ParsedReport:
    """Everything read from one message: logged lines and problem lines, in message order."""

    lines: tuple[ReportLine, ...]
    problems: tuple[LineProblem, ...]


def example_report() -> str:
    """Return a short multi-line example reply the bot can show."""
    return "goblet 3x8 @ 12kg\nlunge 8/7 8/7 8/6\ncalf skip"


# --- one exercise ------------------------------------------------------------------------


# --- a whole message ---------------------------------------------------------------------


def match_exercise(label: str) -> str | None:
    """Return the exercise id for a name, alias or number 1-5; None if unknown."""
    key = _label_key(label)
    if key.isdigit():
        index = int(key) - 1 if len(key) == 1 else -1
        return CATALOGUE[index].id if 0 <= index < len(CATALOGUE) else None
    candidates = (key, key[:-1]) if key.endswith("s") else (key,)
    names = _name_index()
    return next((names[c] for c in candidates if c in names), None)


def exercise_names() -> dict[str, str]:
    """Every folded name and alias of the catalogue to its exercise id."""
    return _name_index()


@cache
def _name_index() -> dict[str, str]:
    """Folded id, name and alias of every exercise to its id (the first exercise wins)."""
    index: dict[str, str] = {}
    for exercise in CATALOGUE:
        for name in (exercise.id, exercise.english, *exercise.aliases):
            if key := _label_key(name):
                index.setdefault(key, exercise.id)
    return index


def _label_key(label: str) -> str:
    """Fold a label for comparison: case, hyphens, underscores, spaces, trailing :-. and #."""
    key = unicodedata.normalize("NFKC", label[:100]).lower().strip().rstrip(":-.)–— ")
    return " ".join(re.sub(r"[-_\s]+", " ", key).split()).lstrip("#")


@dataclass(frozen=True)
class _Entry:
    """One non-blank line on its way through parse_report."""

    raw: str
    exercise_id: str | None
    sets: SetsReport | None
    reason: str
    labelled: bool
    every: bool = False  # "all 3x8": for every pending exercise left


def parse_report(text: str, pending: Sequence[str]) -> ParsedReport:
    """Read a whole message, one exercise per line; never raises."""
    if len(text) > MAX_INPUT_CHARS:
        return ParsedReport((), (LineProblem(text[:80] + "…", _(TOO_MUCH)),))
    entries = [_read_line(raw) for raw in text.splitlines() if raw.strip()]
    claimed = {e.exercise_id for e in entries if e.labelled}
    free = iter(dict.fromkeys(p for p in pending if p not in claimed))
    entries = [assigned for e in entries for assigned in _place(e, free)]
    winner = {e.exercise_id: i for i, e in enumerate(entries) if e.sets is not None}
    lines: list[ReportLine] = []
    problems: list[LineProblem] = []
    for i, entry in enumerate(entries):
        if entry.sets is None or entry.exercise_id is None:
            problems.append(LineProblem(entry.raw, entry.reason))
        elif winner[entry.exercise_id] != i:
            name = _name(entry.exercise_id)
            reason = _("You logged the {name} twice — I kept the later line.").format(name=name)
            problems.append(LineProblem(entry.raw, reason))
        else:
            lines.append(ReportLine(entry.exercise_id, entry.sets, entry.raw))
    return ParsedReport(tuple(lines), tuple(problems))


def _place(entry: _Entry, free: Iterator[str]) -> list[_Entry]:
    """A labelled line as it is; an unlabelled one on the next free exercise; "all" on all."""
    if entry.labelled:
        return [entry]
    if entry.every and entry.sets is not None:
        return [_assign(entry, exercise_id) for exercise_id in free] or [
            _Entry(entry.raw, None, None, _("Everything is logged already — nothing left for "
                                            "that line."), labelled=False)]
    return [_assign(entry, next(free, None))]


def _assign(entry: _Entry, exercise_id: str | None) -> _Entry:
    """Give an unlabelled line the next pending exercise, or explain there is none."""
    if exercise_id is not None or entry.sets is None:
        return _Entry(entry.raw, exercise_id, entry.sets, entry.reason, labelled=False)
    reason = _(
        "I ran out of exercises to put that line on — start it with the exercise, "
        "like “goblet 3x8”."
    )
    return _Entry(entry.raw, None, None, reason, labelled=False)


def _read_line(raw: str) -> _Entry:
    """Split off a label if there is one and parse the rest of the line."""
    words = re.sub(r":(?=\S)", ": ", raw.strip()[:MAX_INPUT_CHARS]).split()
    for k in (2, 1):
        if len(words) > k and _label_key(" ".join(words[:k])) in _EVERY_LABELS:
            sets, reason = _try_parse(" ".join(words[k:]))
            return _Entry(raw, None, sets, reason, labelled=False, every=True)
    exercise_id, rest = _take_label(words)
    if exercise_id is not None and not rest:
        name = _name(exercise_id)
        reason = _("What did you do for the {name}? Add your reps, like “{name} 3x8”.").format(
            name=name)
        return _Entry(raw, exercise_id, None, reason, labelled=True)
    sets, reason = _try_parse(" ".join(rest))
    if sets is None and exercise_id is None and (name := _unknown_name(words)):
        reason = _(
            "I didn't recognise the exercise “{typed}” — try sldl, goblet, lunge, calf "
            "or step up (or 1-5)."
        ).format(typed=name)
    return _Entry(raw, exercise_id, sets, reason, labelled=exercise_id is not None)


def _name(exercise_id: str) -> str:
    """Return how the coach names an exercise mid-sentence; the id if it's not catalogued."""
    try:
        return by_id(exercise_id).name.lower()
    except KeyError:
        return exercise_id


def _try_parse(text: str) -> tuple[SetsReport | None, str]:
    """Parse one exercise's answer, turning a refusal into its reason."""
    try:
        return parse_sets(text), ""
    except ReportNotUnderstood as refusal:
        return None, refusal.reason


def _take_label(words: list[str]) -> tuple[str | None, list[str]]:
    """Return the exercise a line starts with (name, alias or "2:") and the words after it."""
    if len(words) >= 2 and _NUMBER_LABEL.match(words[0]):
        if words[0][0] == "#" or not words[0].isdigit():
            return match_exercise(words[0]), words[1:]
        if len(words) >= 3 and words[1] in SEPARATORS:
            return match_exercise(words[0]), words[2:]
    for k in range(min(4, len(words)), 0, -1):
        label = " ".join(words[:k])
        if words[k - 1] in SEPARATORS or not any(c.isalpha() for c in label):
            continue
        if (exercise_id := match_exercise(label)) is not None:
            rest = words[k:]
            return exercise_id, rest[1:] if len(rest) > 1 and rest[0] in SEPARATORS else rest
    return None, words


def _unknown_name(words: list[str]) -> str:
    """Return the leading words that look like an exercise name we don't know, or ""."""
    vocabulary = report_vocabulary()
    name: list[str] = []
    for word in words:
        bare = word.lower().strip(":-.")
        if not bare or bare in vocabulary or not all(c.isalpha() or c in "-'" for c in bare):
            break
        name.append(word.strip(":-."))
    return " ".join(name)

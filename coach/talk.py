"""Whole-session talk and corrections, read before the line-by-line reader.

* "all as planned except step ups 7 7 6": the named lines as typed, the plan for the rest;
* "same as last time": last session's numbers, offered as a question (nothing stored yet);
* "goblet 8 8 8, actually 8 8 7": the later numbers of one exercise win;
* "actually …", "oops …", "I meant …", "wait, last set of lunges was 6", "correction: …":
  a message correcting what was stored (`read_correction`; services/corrections.py stores it).
Pure: no storage, no clock.
"""

import re
from dataclasses import dataclass

from coach.dictation import VALUES
from coach.readline import read_line
from coach.reports import ReportKind, ReportLine, SetsReport
from coach.russian import english

_PLANNED = (r"(?:all|everything|every ?thing|the rest|rest)(?: else)?(?: went| was| were| done"
            r"| did| is)?(?: exactly)? (?:as planned|to plan|as written|as prescribed|per plan)")
_EXCEPT = re.compile(rf"^\s*{_PLANNED}\s*[,:;.\-–—]?\s*(?:except(?: for)?|apart from|but|other "
                     rf"than|besides|save for)\s*[,:]?\s*(?P<rest>.+)$", re.IGNORECASE)
_EXCEPT_FIRST = re.compile(rf"^\s*(?P<rest>.+?)\s*[,;.]?\s*(?:and |but )?{_PLANNED}\s*"
                           r"(?:otherwise|for the rest|apart from that|besides that)?[.!]?\s*$",
                           re.IGNORECASE)
_SAME = re.compile(r"^\s*(?:(?:did|done|it was|exactly)\s+)?(?:the\s+)?same\s+(?:as|like)\s+"
                   r"(?:last|the last|previous|the previous)\s*(?:time|session|week|one|"
                   r"workout)?\s*[.!👍💪]*\s*$", re.IGNORECASE)
_FIX = (r"actually|oops|oop|whoops|sorry|i meant|meant|no wait|wait|correction|scratch that"
        r"|typo|my bad|i mean")
_LEAD = re.compile(rf"^\s*(?:{_FIX})\b\s*[,:;.!\-–—]*\s*(?:(?:{_FIX})\b\s*[,:;.!\-–—]*\s*)*",
                   re.IGNORECASE)
_INSIDE = re.compile(rf"^(?P<first>.*?[0-9a-z].*?)\s*[,;.]?\s*(?:—|–|-)?\s*\b(?:{_FIX})\b"
                     r"\s*[,:;.!\-–—]*\s*(?P<second>.*[0-9].*)$", re.IGNORECASE)
_LAST_SET = re.compile(r"^(?:the\s+)?last\s+set(?:\s+(?:of|on|for)\s+(?:the\s+)?(?P<name>.+?))?"
                       r"\s+(?:was|were|=|:|should be|should have been|is)\s+"
                       r"(?P<reps>[0-9]{1,2}|[a-z]+)(?:\s*reps?)?\s*[.!]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Correction:
    """A message correcting the stored line of an exercise (None: the one logged last).

    `last_set`: only the last set changes, to these reps; otherwise `body` is read as the
    exercise's whole new report."""

    exercise_id: str | None
    body: str
    last_set: int | None = None


def except_planned(raw: str) -> str | None:
    """The exception of "all as planned except …" (None: not that phrase)."""
    raw = english(raw)  # «всё по плану, кроме зашагиваний 7 7 6» too
    found = _EXCEPT.match(raw) or _EXCEPT_FIRST.match(raw)
    if found is None or not any(c.isdigit() or c.isalpha() for c in found["rest"]):
        return None
    rest = found["rest"].strip(" ,.;")
    return rest if read_line(rest).exercise_id is not None or "skip" in rest.lower() else None


def same_as_last(raw: str) -> bool:
    """"same as last time", "did the same as last session"."""
    return _SAME.match(english(raw)) is not None  # «как в прошлый раз» too


def planned_rest(pending: tuple[str, ...], lines: tuple[ReportLine, ...],
                 raw: str) -> tuple[ReportLine, ...]:
    """The pending exercises the lines leave out, as planned."""
    named = {line.exercise_id for line in lines}
    return tuple(ReportLine(e, SetsReport(ReportKind.AS_PLANNED), raw)
                 for e in pending if e not in named)


def corrected_inside(raw: str) -> str | None:
    """"goblet 8 8 8, actually 8 8 7" → "goblet 8 8 7" (None: no correction inside).

    Only when the first part names an exercise and numbers; a second part naming another
    exercise corrects the name too ("goblet 8 8 8, I meant lunges 8 8 8")."""
    found = _INSIDE.match(english(raw))  # «гоблет 8 8 8, точнее 8 8 7» too
    if found is None:
        return None
    first, second = read_line(found["first"]), read_line(found["second"])
    if first.exercise_id is None or not any(c.isdigit() for c in found["first"]):
        return None
    if second.exercise_id is not None:
        return found["second"]
    return f"{_name_in(found['first'], first.exercise_id)} {found['second']}"


def read_correction(raw: str) -> Correction | None:
    """A message that corrects what was stored ("actually 8 8 7", "wait, last set of lunges
    was 6"); None when it is not one."""
    raw = english(raw)  # «ой, гоблет 8 8 7», «исправление: в последнем подходе выпадов 6»
    lead = _LEAD.match(raw)
    if lead is None or not lead.group(0).strip():
        return None
    body = raw[lead.end():].strip(" .!")
    last = _LAST_SET.match(body)
    if last is not None:
        reps = _reps(last["reps"])
        name = last["name"]
        exercise_id = None if name is None else read_line(name).exercise_id
        if reps is None or (name is not None and exercise_id is None):
            return None
        return Correction(exercise_id, body, reps)
    if not any(c.isdigit() for c in body) and not _has_number_word(body):
        return None
    return Correction(read_line(body).exercise_id, body)


def as_done(report: SetsReport) -> SetsReport:
    """A stored "as planned" with its numbers spelled out is those numbers: copied to another
    day it must stay them, not become that day's plan."""
    if report.kind is ReportKind.AS_PLANNED and report.reps:
        return SetsReport(ReportKind.SETS, report.reps, report.left, report.right,
                          report.load_kg)
    return report


def last_set_to(report: SetsReport, reps: int) -> SetsReport | None:
    """The report with its last set's reps changed (both sides of a per-leg report)."""
    report = as_done(report)
    if report.kind is not ReportKind.SETS or not report.reps:
        return None
    left = None if report.left is None else (*report.left[:-1], reps)
    right = None if report.right is None else (*report.right[:-1], reps)
    return SetsReport(ReportKind.SETS, (*report.reps[:-1], reps), left, right, report.load_kg)


def _reps(word: str) -> int | None:
    if word.isdigit():
        return int(word) if 0 < int(word) <= 50 else None
    value = VALUES.get(word.lower())
    return value if value is not None and value > 0 else None


def _has_number_word(text: str) -> bool:
    return any(w in VALUES for w in re.findall(r"[a-z]+", text.lower()))


def _name_in(text: str, exercise_id: str) -> str:
    """The words naming the exercise in `text` (everything before the first number)."""
    head = re.split(r"[0-9]", text, maxsplit=1)[0].strip(" ,:;")
    return head if read_line(head).exercise_id == exercise_id else exercise_id.replace("_", " ")

"""The numbers of one line read by `parse_sets`, with how they were typed (for doubts)."""

import re

from coach.phrasing import EACH_HAND, UNITS, has_unit
from coach.plausible import Typed
from coach.sets import SetsReport, parse_sets
from coach.units import to_kg

_LOAD = re.compile(rf"@ ?[0-9.,]+ ?(?:{UNITS})?|[0-9.,]+ ?(?:{UNITS})\b|\bbw\b")
_BARE_LAST = re.compile(rf"(?:^|[ ,])([0-9]{{1,2}}) ?(?:{UNITS})$")


def parse_typed(body: str, unit: str) -> tuple[SetsReport, Typed]:
    """parse_sets, with loads read in the runner's unit, and how the numbers were typed."""
    each_hand = EACH_HAND in body
    body = " ".join(body.replace(EACH_HAND, " ").split())
    unit_given = has_unit(body)
    if unit == "lb":
        body = re.sub(r"(?:@ ?)?([0-9.,]+) ?(?:lbs?|pounds?)\b", r"@ \1", body)
    report = parse_sets(body)
    if unit == "lb" and report.load_kg and not has_unit(body):
        report = SetsReport(report.kind, report.reps, report.left, report.right,
                            to_kg(report.load_kg, "lb"))
    reps_part = _LOAD.sub(" ", body)
    numbers = re.findall(r"[0-9]+", reps_part)
    by = re.fullmatch(r"\s*([0-9]+) ?x ?([0-9]+)\s*", reps_part)
    bare = _BARE_LAST.search(body) if "@" not in body and len(numbers) >= 1 else None
    return report, Typed(
        lone=len(report.reps) == 1 and "x" not in reps_part,
        sets_by_reps=(int(by[1]), int(by[2])) if by else None,
        bare_last=int(bare[1]) if bare else None,
        unit_given=unit_given or "bw" in body,
        plain=report.left is None and len(numbers) == len(report.reps) and "x" not in body,
        each_hand=each_hand)


def separators(body: str, unilateral: bool) -> str:
    """"+", "/" and "-" between numbers: per leg ("8-7") for one-leg lifts, else sets."""
    def one(token: str) -> str:
        parts = re.split(r"[+/\-]", token)
        if len(parts) == 2 and all(p.isdigit() for p in parts) and unilateral:
            return "/".join(parts)
        if len(parts) >= 2 and all(p.isdigit() for p in parts):
            return " ".join(parts)
        return token
    return " ".join(one(t) for t in body.split())

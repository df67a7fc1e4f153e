"""One exercise's answer, as runners type it: "3x8 @ 12kg", "8/7 8/7 8/6", "bw", "skip".

`parse_sets` reads it into a `SetsReport` or raises `ReportNotUnderstood` with a reason the
bot can show; `format_sets` writes the canonical form back (they round-trip).
"""

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from i18n import N_, _

MAX_INPUT_CHARS = 4000
MAX_SETS = 10
MAX_REPS = 50
MAX_LOAD_KG = 250.0
KG_PER_LB = 0.45359237

_AS_PLANNED_WORDS = frozenset(
    {"done", "ok", "okay", "as planned", "all done", "done as planned", "did it", "completed",
     "complete", "finished", "✅", "👍", "✔", "☑"}
)
_SKIP_WORDS = frozenset({"skip", "skipped", "skipping", "-", "–", "—", "no", "❌"})
_LEFT_WORDS = frozenset({"l", "left"})
_RIGHT_WORDS = frozenset({"r", "right"})
SEPARATORS = frozenset({"-", ":", "–", "—"})
_EMOJI_MODIFIERS = dict.fromkeys([0xFE0F, *range(0x1F3FB, 0x1F400)])

_NUM = r"[0-9]{1,7}(?:[.,][0-9]{1,3})?"
_UNIT = r"kgs?|kilos?|lbs?|pounds?"
_BW = r"bw|bodyweight|body weight|body-weight"
_LOAD_BW = re.compile(rf"(?:^| )(?:@ )?(?:{_BW})$")
_LOAD_AT = re.compile(rf"(?:^| )@ (?P<num>{_NUM})(?: ?(?P<unit>{_UNIT}))?$")
_LOAD_BARE = re.compile(rf"(?:^| )(?P<num>{_NUM}) ?(?P<unit>{_UNIT})$")
_LOAD_FIRST = re.compile(
    rf"^(?:(?P<bw>(?:@ )?(?:{_BW}))"
    rf"|@ (?P<at>{_NUM})(?: ?(?P<at_unit>{_UNIT}))?"
    rf"|(?P<num>{_NUM}) ?(?P<unit>{_UNIT}))(?: |$)"
)
_SETS_OF_REPS = re.compile(r"\b([0-9]{1,9}) ?sets? (?:of )?([0-9]{1,9})\b")
_SETS_X_REPS = re.compile(r"^([0-9]{1,9}) ?x ?([0-9]{1,9})(?: ?/ ?([0-9]{1,9}))?$")
_Reps = tuple[tuple[int, ...], tuple[int, ...] | None, tuple[int, ...] | None]
TOO_MUCH = N_("That's a lot of text for me — one short line per exercise, please.")
MORE_THAN_ONE = N_("I found more than one weight — give me just one, please.")
_UNREADABLE = N_("I couldn't read that as reps — try something like “3x8 @ 12kg” or “8 8 7”.")


class ReportKind(Enum):
    """What a reply says about one exercise."""

    SETS = "sets"
    AS_PLANNED = "as_planned"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class SetsReport:
    """One exercise's answer: reps per set, optional per-leg reps, optional load."""

    kind: ReportKind
    reps: tuple[int, ...] = ()
    left: tuple[int, ...] | None = None
    right: tuple[int, ...] | None = None
    load_kg: float | None = None


class ReportNotUnderstood(ValueError):
    """The text is not a rep report; `reason` says why, in the coach's voice."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(reason)
        self.text = text
        self.reason = reason


class NoReps(ReportNotUnderstood):
    """A load and no reps ("12kg"): the reps are asked for, never assumed as planned."""

    def __init__(self, text: str, load_kg: float) -> None:
        super().__init__(text, _("That has a weight but no reps — send both, like "
                                 "“8 8 8 @ 12kg”."))
        self.load_kg = load_kg


def parse_sets(text: str) -> SetsReport:
    """Parse one exercise's answer; raise ReportNotUnderstood with a reason otherwise."""
    if len(text) > MAX_INPUT_CHARS:
        raise ReportNotUnderstood(text, _(TOO_MUCH))
    s = _normalise(text)
    if not s:
        raise ReportNotUnderstood(text, _("That was empty — send your reps, like “3x8”, or "
                                          "“skip”."))
    body, load = _split_load(text, s)
    if body in _SKIP_WORDS:
        if load is not None:
            reason = _("A skipped exercise can't have a weight — which one was it?")
            raise ReportNotUnderstood(text, reason)
        return SetsReport(ReportKind.SKIPPED)
    if not body and load is not None:
        raise NoReps(text, load)
    if not body or body in _AS_PLANNED_WORDS:
        return SetsReport(ReportKind.AS_PLANNED, load_kg=load)
    reps, left, right = _parse_reps(text, body)
    return SetsReport(ReportKind.SETS, reps, left, right, load)


def format_sets(report: SetsReport) -> str:
    """Return the canonical compact text of a report, which parse_sets reads back."""
    if report.kind is ReportKind.SKIPPED:
        return "skipped"
    if report.kind is ReportKind.AS_PLANNED:
        body = "as planned"
    elif report.left is not None and report.right is not None:
        body = f"L {_join(report.left)} R {_join(report.right)}"
    elif len(report.reps) > 1 and len(set(report.reps)) == 1:
        body = f"{len(report.reps)}x{report.reps[0]}"
    else:
        body = _join(report.reps)
    if report.load_kg is None:
        return body
    if report.load_kg == 0:
        return f"{body} @ bw"
    return f"{body} @ {_format_kg(report.load_kg)} kg"


def _join(numbers: tuple[int, ...]) -> str:
    """Join numbers with single spaces."""
    return " ".join(str(n) for n in numbers)


def _format_kg(kg: float) -> str:
    """Write a load with at most two decimals and no trailing zeros."""
    return f"{kg:.2f}".rstrip("0").rstrip(".")


def _normalise(text: str) -> str:
    """Fold case, width, emoji variants and spacing so the grammar stays small."""
    s = unicodedata.normalize("NFKC", text).lower().translate(_EMOJI_MODIFIERS)
    s = s.replace("×", "x").replace("*", "x").replace("@", " @ ")
    s = re.sub(r"\bwith\b", " @ ", s)  # "3x8 with 12kg"
    s = _SETS_OF_REPS.sub(r"\1x\2", s)  # "3 sets of 8"
    s = re.sub(r"\breps?\b", " ", s)  # "8 8 8 reps"
    return " ".join(s.split()).strip(" .!")


def _split_load(text: str, s: str) -> tuple[str, float | None]:
    """Split the load off the normalised text: "3x8 @ 12kg", "bw 8 8 8", "12kg 3x8"."""
    first = _LOAD_FIRST.match(s)
    if first is None:
        return _split_last_load(text, s)
    body, load = _split_last_load(text, s[first.end():].strip())
    if load is not None or "@" in body:
        raise ReportNotUnderstood(text, _(MORE_THAN_ONE))
    if first["bw"]:
        return body, 0.0
    if first["at"]:
        return body, _load_kg(text, first["at"], first["at_unit"] or "kg")
    return body, _load_kg(text, first["num"], first["unit"])


def _split_last_load(text: str, s: str) -> tuple[str, float | None]:
    """Split a trailing load ("@ 12kg", "12.5 kg", "bw") off the normalised text."""
    if match := _LOAD_BW.search(s):
        return s[: match.start()].strip(), 0.0
    match = _LOAD_AT.search(s) or _LOAD_BARE.search(s)
    if match is None:
        if "@" in s:
            raise ReportNotUnderstood(text, _("I couldn't read the weight after @ — try "
                                              "“@ 12kg”."))
        return s, None
    body = s[: match.start()].strip()
    if "@" in body:
        raise ReportNotUnderstood(text, _(MORE_THAN_ONE))
    return body, _load_kg(text, match["num"], match["unit"] or "kg")


def _load_kg(text: str, number: str, unit: str) -> float:
    """Convert a typed load to kg (pounds to the gram, so they show back as typed) and check
    it's plausible."""
    value = float(number.replace(",", "."))
    in_pounds = unit.startswith(("lb", "pound"))
    kg = round(value * KG_PER_LB, 3) if in_pounds else round(value, 2)
    if kg > MAX_LOAD_KG:
        plausible = not in_pounds and value / 10 <= MAX_LOAD_KG
        said = f"{number} {unit}"  # as typed
        reason = (_("{load} looks like a typo — did you mean {guess} kg?") if plausible
                  else _("{load} looks like a typo."))
        raise ReportNotUnderstood(text, reason.format(load=said, guess=_format_kg(value / 10)))
    return kg


def _parse_reps(text: str, body: str) -> _Reps:
    """Read the reps part: "3x8", "8 8 7", "8/7 8/6" or "L 8 8 R 7 7"."""
    if match := _SETS_X_REPS.match(body):
        sets = _check_sets(text, _to_int(match[1]))
        left = (_to_int(match[2]),) * sets
        if match[3] is None:
            return _check_reps(text, left), None, None
        return _per_leg(text, left, (_to_int(match[3]),) * sets)
    body = re.sub(r" ?/ ?", "/", body)
    body = re.sub(r"(?<=[0-9]) ?- ?(?=[0-9])", " ", body)  # "8-8-7"
    body = re.sub(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])", " ", body)
    tokens = [t for t in re.split(r"[ ,;:]+", body) if t]
    if tokens and tokens[0] in _LEFT_WORDS | _RIGHT_WORDS:
        return _legs_from_lists(text, tokens)
    if tokens and all(re.fullmatch(r"[0-9]+/[0-9]+", t) for t in tokens):
        pairs = [t.split("/") for t in tokens]
        left = tuple(_to_int(a) for a, _b in pairs)
        return _per_leg(text, left, tuple(_to_int(b) for _a, b in pairs))
    if tokens and all(t.isascii() and t.isdigit() for t in tokens):
        return _check_reps(text, tuple(_to_int(t) for t in tokens)), None, None
    raise ReportNotUnderstood(text, _(_UNREADABLE))


def _legs_from_lists(text: str, tokens: list[str]) -> _Reps:
    """Read "L 8 8 8 R 7 7 6" (either side first) into per-leg reps."""
    first_is_left = tokens[0] in _LEFT_WORDS
    other = _RIGHT_WORDS if first_is_left else _LEFT_WORDS
    split = next((i for i, t in enumerate(tokens) if t in other), None)
    if split is None:
        raise ReportNotUnderstood(text, _("I need both legs, like “L 8 8 8 R 7 7 6”."))
    first, second = _numbers(text, tokens[1:split]), _numbers(text, tokens[split + 1 :])
    if len(first) != len(second):
        reason = _("Left and right have a different number of sets ({left} vs {right}) — give "
                   "one number per set for each leg.").format(left=len(first), right=len(second))
        raise ReportNotUnderstood(text, reason)
    left, right = (first, second) if first_is_left else (second, first)
    return _per_leg(text, left, right)


def _numbers(text: str, tokens: list[str]) -> tuple[int, ...]:
    """Read a list of rep counts, refusing anything that isn't a number."""
    if not tokens or not all(t.isascii() and t.isdigit() for t in tokens):
        raise ReportNotUnderstood(text, _("I need numbers for each leg, like “L 8 8 8 R 7 7 6”."))
    return tuple(_to_int(t) for t in tokens)


def _per_leg(text: str, left: tuple[int, ...], right: tuple[int, ...]) -> _Reps:
    """Check both legs and keep the weaker leg of each set as the set's reps."""
    _check_reps(text, left)
    _check_reps(text, right)
    return tuple(map(min, left, right)), left, right


def _to_int(digits: str) -> int:
    """Read ASCII digits; anything absurdly long becomes an implausibly big number."""
    return int(digits) if len(digits) <= 9 else 10**9


def _check_sets(text: str, sets: int) -> int:
    """Refuse a set count outside 1-10."""
    if sets < 1:
        raise ReportNotUnderstood(text, _("Zero sets? If you skipped it, just reply “skip”."))
    if sets > MAX_SETS:
        reason = _("{sets} sets is more than I'd ever plan — I can log up to {most}.").format(
            sets=sets, most=MAX_SETS)
        raise ReportNotUnderstood(text, reason)
    return sets


def _check_reps(text: str, reps: tuple[int, ...]) -> tuple[int, ...]:
    """Refuse reps outside 1-50 per set and set counts outside 1-10."""
    _check_sets(text, len(reps))
    for count in reps:
        if count < 1:
            reason = _("A set of 0 reps isn't a set — leave it out, or reply “skip”.")
            raise ReportNotUnderstood(text, reason)
        if count > MAX_REPS:
            raise ReportNotUnderstood(text, _("{count} reps in one set looks like a typo.").format(
                count=count))
    return reps



def report_vocabulary() -> frozenset[str]:
    """Words that belong to answers themselves, never to an exercise name."""
    words = {w for phrase in _AS_PLANNED_WORDS | _SKIP_WORDS for w in phrase.split()}
    return frozenset(words | _LEFT_WORDS | _RIGHT_WORDS | {"bw", "bodyweight", "body", "x"})

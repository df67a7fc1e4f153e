"""Discomfort told in a report, graded: mild (carry on lighter) or sharp (stop and rate it).

Rules (the pain-monitoring model of coach/pain.py, Silbernagel et al. 2007):
* mild — tight, stiff, a niggle, a bit sore, achy, crampy, heavy legs …: carry on, that
  exercise lighter today; the words are noted for the coach;
* sharp — sharp, twinged, pulled, flaring, hurts, pain, tweaked, popped …, or a mild word
  made strong ("really sore", "getting worse"): stop that exercise today and ask where (if
  not said) and how bad, 0-10; coach/pain.py's rules decide from the score;
* a body area told with a word the coach does not know as such ("knee feels funny", "calf
  a bit dodgy") is mild: noted, never a reason to refuse the line;
* a mild word about the shin or foot with a bone-stress sign ("sore when I walk") is sharp;
* negated discomfort ("no pain", "didn't hurt", "pain-free") is none.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from coach.pain import BONE_AREAS, Area, area_of, bone_signs
from coach.phrasing import BODY_PARTS, strip_symbols
from coach.reports import match_exercise
from coach.russian import english


class Grade(StrEnum):
    MILD = "niggle"  # the kinds of the notes they leave
    SHARP = "pain"


@dataclass(frozen=True)
class Discomfort:
    """What a text says hurts: how much, where (None: not said) and the word that said it."""

    grade: Grade
    area: Area | None
    cue: str


SHARP_WORDS = (
    r"sharp|sharper|stabb\w*|shooting|twinge[sd]?|twing\w*|pull(?:ed|ing)?|"
    r"flar(?:e|es|ed|ing)|flare-?ups?|hurts?|hurting|hurted|hurtin|pains?|painful+|"
    r"tweak(?:ed|s|y)?|popp?ed|pops?|snapp?ed|tore|torn|tear|strain(?:ed)?|sprain(?:ed)?|"
    r"rolled|swollen|swelling|injur(?:ed|y)|ouch|ow+|agony|agonising|agonizing|excruciating|"
    r"killing|screaming|throbb\w*|numb|tingl\w*|buckled|gave (?:way|out)|locked|"
    r"(?:acting|playing|flaring) up|can'?t (?:walk|bend|put weight)|worse|worsening|"
    r"limp\w*|zinged?|zinging|jarred|stung|stinging"
)
MILD_WORDS = (
    r"tight\w*|stiff\w*|niggl\w*|sore(?:ness)?|achy|achey|aches?|aching|ached|cramp\w*|"
    r"tender|doms|burn(?:ing|s|t)?|wobbl\w*|shaky|unstable|weak|grumbl\w*|grumpy|"
    r"complaining|protesting|cranky|funny|weird|odd|strange|dodgy|iffy|wonky|"
    r"(?:feels?|felt|feeling|bit|little) off|"
    r"not (?:right|great|happy|ok|okay|good|100%?)|talking to me|bruised|clicky|clicking|crunchy|"
    r"creaky|knotted|knotty|twitchy"
)
_STRONG = re.compile(rf"\b(?:very|really|super|so|badly|properly|seriously|extremely|too|"
                     rf"bloody|pretty bad(?:ly)?)\s+(?:\w+\s+)?(?:{MILD_WORDS})\b")
_SHARP = re.compile(rf"\b(?:{SHARP_WORDS})(?!\w)")
_MILD = re.compile(rf"\b(?:{MILD_WORDS})(?!\w)")
_NEGATED = re.compile(
    rf"\b(?:no|not|never|without|zero|nothing|didn'?t|doesn'?t|don'?t|isn'?t|wasn'?t|"
    rf"aren'?t|weren'?t|nor)\s+(?:\w+\s+){{0,2}}?(?:{SHARP_WORDS}|{MILD_WORDS})(?!\w)"
    r"|\b(?:pain|niggle|injury|hurt)[- ]?free\b|\bpainless\b")
# Sharp only about a body area: "form got worse", "locked in" are no injury.
_AREA_ONLY = re.compile(r"worse|worsening|locked|rolled|buckled|gave (?:way|out)|limp\w*|"
                        r"tear|tore|torn|pops?|popp?ed|snapp?ed|numb|killing|screaming")
_FINE = re.compile(r"\b(?:ok|okay|fine|good|great|grand|happy|better|solid|perfect|sweet|"
                   r"no (?:issues?|problems?|bother)|all good|100%|healed|recovered|"
                   r"straight|flat|neutral|tall|upright)(?!\w)")  # "back straight": form
MAX_WORDS = 100  # a discomfort note keeps the runner's words up to this many characters
# numbers as typed, the Cyrillic times sign and kilos included ("3\u04458 12\u043a\u0433")
_NUMBERS = re.compile(r"^[0-9.,;:/x\u0445×+\-@]*(?:kgs?|kilos?|kilograms?|lbs?|pounds?|"
                      r"\u043a\u0433|\u043a\u0438\u043b\u043e)?$")
_PIECES = re.compile(r"[;]|(?<![0-9]),|,(?![0-9])|\bbut\b|\bbecause\b", re.IGNORECASE)
_LEAD = re.compile(r"^(?P<name>[^-:–]{1,30}?)\s*[-:–]\s+(?P<rest>.+)$")
_JOINS = re.compile(r"^(?:and|then|plus|but|with|&|-|:|\u0438|\u0430|\u043d\u043e)\s+",
                    re.IGNORECASE)  # and "and", "but" in Russian
_PARTS = BODY_PARTS - {"leg", "legs"}  # "single leg" names an exercise, not a body part
_FOAM = re.compile(r"\bfoam[- ]?roll\w*(?: \w+)?|\bmassage gun\w*")
# How the legs are in general, said of the legs ("heavy" alone is the weight).
_LEGGY = re.compile(r"\b(?:heavy|dead|jelly|wrecked|cooked|toast|tired|fatigued|achy|sore) "
                    r"legs\b|\blegs (?:\w+ ){0,3}?(?:heavy|dead|like jelly|jelly|wrecked|"
                    r"cooked|toast|tired|fatigued)\b(?! ?lift)")
# Where "back" is a body part and not a direction ("step back", "back to 3x8").
_BACK = re.compile(r"^back\b|\b(?:my|lower|low|upper|the small of my)\s+back\b|\bback\s+(?:is|was|"
                   r"feels?|felt|went|has|got|a bit|bit|spasm\w*)\b")


def _words(text: str) -> str:
    return english(" ".join(text.lower().replace("’", "'").split()))


def grade(text: str) -> Discomfort | None:
    """The discomfort a text tells, or None (nothing, or only negated)."""
    words = _NEGATED.sub(" ", _FOAM.sub(" ", _words(text)))
    area = _area(words)
    for sharp in (*_SHARP.finditer(words), *_STRONG.finditer(words)):
        if area is not None or not _AREA_ONLY.fullmatch(sharp.group(0)):
            return Discomfort(Grade.SHARP, area, sharp.group(0))
    part = area is not None or bool(set(re.findall(r"[a-z]+", words)) & _PARTS)
    for found in (*_MILD.finditer(words), *_LEGGY.finditer(words)):
        cue = found.group(0)
        if part or not _vague(cue):
            bone = area is not None and area.id in BONE_AREAS and bone_signs(words)
            return Discomfort(Grade.SHARP if bone else Grade.MILD, area, cue)
    return None


def all_clear(text: str) -> bool:
    """Only negated discomfort or an area said to be fine: "no pain", "didn't hurt",
    "niggle-free", "knee ok", "back felt fine"."""
    words = _words(text)
    if re.search(r"[0-9]", words) or grade(words) is not None:
        return False
    return _NEGATED.search(words) is not None or (
        told_area(words) is not None and _FINE.search(words) is not None)


def unsure(text: str) -> Discomfort | None:
    """A body area told with words that say nothing the coach knows ("knee crackling",
    "glute on fire"): mild, noted, never a reason to refuse (the caller makes sure the
    words name no exercise)."""
    words = _words(text)
    area = told_area(words)
    if area is None or re.search(r"[0-9]", words) or all_clear(words):
        return None
    return Discomfort(Grade.MILD, area, "")


def _vague(cue: str) -> bool:
    """Words that mean discomfort only with a body area named ("funny", "off", "weak")."""
    return re.fullmatch(r"funny|weird|odd|strange|dodgy|iffy|wonky|.* off|not .*|weak|"
                        r"complaining|protesting|grumbl\w*|grumpy|cranky|talking to me|"
                        r"burn\w*|wobbl\w*|shaky|unstable|twitchy|clicky|clicking|crunchy|"
                        r"creaky", cue) is not None


def _area(words: str) -> Area | None:
    area = area_of(words)
    if area is not None and area.id == "back" and not _BACK.search(words):
        return area_of(re.sub(r"\bback\b", " ", words))
    return area


def told_area(text: str) -> Area | None:
    """The body area a text names as one ("calf raise" is an exercise, "step back" a
    direction), or None."""
    return _area(re.sub(r"\bcalf raises?\b|\bcalves? raises?\b", " ", _words(text)))


Told = Callable[[str], Discomfort | None]  # what a segment tells (coach.readline's reading)


def apart(segment: str, told: Told) -> list[str]:
    """"3x8 @ 12kg shins flaring up": the numbers, then the discomfort told after them
    ("3x8 no pain": only the numbers)."""
    tokens = segment.split()
    last = max((i for i, t in enumerate(tokens) if _NUMBERS.match(t.strip(".,")) and (
        any(c.isdigit() for c in t) or t in ("bw", "@"))), default=-1)
    rest = " ".join(tokens[last + 1:])
    if last < 0 or not rest:
        return [segment]
    if all_clear(rest):
        return [" ".join(tokens[:last + 1])]
    return [segment] if told(rest) is None else [" ".join(tokens[:last + 1]), rest]


def verbatim(raw: str, told: Told) -> str:
    """The runner's own words about the discomfort, as typed (the note the coach keeps):
    the pieces of the line that tell it, without the numbers before them or an exercise's
    name leading them ("calf - sore achilles"), cut at a word within MAX_WORDS."""
    kept = []
    for whole in _PIECES.split(raw):
        piece = apart(" ".join(whole.split()), told)[-1]
        if told(strip_symbols(piece)) is None:
            continue
        lead = _LEAD.match(piece.strip())
        if lead and match_exercise(strip_symbols(lead["name"])) is not None:
            piece = lead["rest"]
        kept.append(_JOINS.sub("", piece.strip(" .!?-:")))
    text = ", ".join(kept)
    return text if len(text) <= MAX_WORDS else text[:MAX_WORDS].rsplit(" ", 1)[0]

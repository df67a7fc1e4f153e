"""One line of a report: which exercise it names (typos forgiven), and what it says.

`read_line` finds the exercise anywhere on the line, notices discomfort (graded by
`coach.discomfort`, kept in the runner's words) and skipping, and leaves
the numbers for `coach.understand`, which knows the session and reads them by exercise kind.
"""

import re
from dataclasses import dataclass, replace
from functools import cache

from coach.discomfort import (
    MAX_WORDS,
    Discomfort,
    Grade,
    all_clear,
    apart,
    grade,
    unsure,
    verbatim,
)
from coach.fuzzy import closest
from coach.phrasing import (
    BODY_PARTS,
    EACH_HAND,
    FILLER,
    PAIN_WORDS,
    SKIP_WORDS,
    drop_filler,
    tidy,
    words_of,
)
from coach.reports import exercise_names, match_exercise
from coach.russian import has_cyrillic
from coach.sets import SEPARATORS, report_vocabulary

_NUMBER_LABEL = re.compile(r"^#?([1-5])[:.)\-]$|^#([1-5])$")
_EVERY = frozenset({"all", "everything", "rest"})
GRAMMAR = frozenset(
    {"x", "l", "r", "left", "right", "bw", "@", "kg", "kgs", "kilo", "kilos", "kilogram",
     "kilograms", "lb", "lbs", "pound", "pounds", "as", "planned", "done", EACH_HAND}
) | report_vocabulary()
_NUMBERISH = re.compile(r"^[0-9.,;:/x+\-@]*(?:kgs?|kilos?|kilograms?|lbs?|pounds?)?$")
_AS_PLANNED = frozenset({"done", "else", "as", "planned", "ok", "okay", "completed", "complete",
                         "finished", "good", "fine"})
_REASON_DROP = frozenset({"the", "my", "a", "an", "i", "i'm", "im", "it", "its", "today",
                          "just", "bit", "so", "on", "to", "did", "do", "little"})
MAX_NOTE = 80
_SEGMENTS = re.compile(r"[;]|(?<![0-9]),|,(?![0-9])|\bbut\b|\bbecause\b|\bas\b(?= my)")
_DIGITS = ("1", "2", "3", "4", "5")
_ALIASES = frozenset({"calf", "calves"})


@dataclass(frozen=True)
class Note:
    """Something to keep for the coach: pain, or why an exercise was skipped."""

    exercise_id: str | None
    kind: str  # "pain" (sharp: stop and rate it), "niggle" (mild: carry on lighter), "skip"
    text: str  # a discomfort note: the runner's own words
    area: str | None = None  # the body area a discomfort note names (coach.pain's ids)


@dataclass(frozen=True)
class Line:
    """A line before its numbers are read: the exercise it names, and the rest."""

    raw: str
    exercise_id: str | None
    body: str
    guess: str | None = None  # a name it only resembles: ask "did you mean"
    every: bool = False  # "all 3x8 @ bw"
    skipped: bool = False
    notes: tuple[Note, ...] = ()
    pain: bool = False
    unknown: str = ""  # a word that is no exercise and no part of a report

    @property
    def discomfort(self) -> bool:
        """A note of pain or a niggle (coach.discomfort) rides on this line."""
        return any(note.kind != "skip" for note in self.notes)


def read_line(raw: str) -> Line:
    """Split one line into exercise, notes and the part with the numbers."""
    s = tidy(raw)
    split = [seg.strip() for seg in _SEGMENTS.split(s)]
    segments = [part for seg in split if not all_clear(seg) for part in apart(seg, _told)]
    if split and not segments:  # "no pain", «ахилл не болит»: nothing to log, no skip
        return Line(raw, None, "")
    pained = [seg for seg in segments if _told(seg) is not None]
    if pained:
        return _pain_line(raw, " , ".join(segments), segments, pained)
    return _plain_line(raw, s if segments == split or not segments else " , ".join(segments))


def in_own_words(notes: tuple[Note, ...], raw: str) -> tuple[Note, ...]:
    """Notes read from a line rewritten from Russian, with the runner's own words kept."""
    said = " ".join(raw.split())[:MAX_NOTE]
    return tuple(replace(n, text=said) for n in notes) if has_cyrillic(raw) else notes


def _told(segment: str) -> Discomfort | None:
    """The discomfort a segment tells: graded, or an area with a word the reader does not
    know, naming no exercise ("knee crackling"; not "calf skip", not "heel drops slow")."""
    found = grade(segment)
    if found is not None or unsure(segment) is None:
        return found
    words = words_of(segment)
    exercise_id, rest, _ = find_exercise(words)
    if exercise_id is not None and (not set(words) - set(rest) <= BODY_PARTS
                                    or set(words) & SKIP_WORDS - {"no", "not"}):
        return None  # an exercise named, or skipped with a reason: the plain line's
    return unsure(segment) if any(not _known(w) for w in words) else None


def _plain_line(raw: str, s: str) -> Line:
    exercise_id, rest, guess = find_exercise(s.split())
    if exercise_id is None and rest[:1] == ["the"] and words_of(" ".join(rest[1:2])) == ["rest"]:
        rest = rest[1:]  # "the rest as planned"
    words = words_of(" ".join(rest))
    if exercise_id is None and words and words[0] in _EVERY and (
            _has_numbers(rest) or set(words[1:]) <= _AS_PLANNED):
        body = drop_filler(" ".join(t for t in rest[1:] if t != "else")) or "done"
        return Line(raw, None, body, every=True)
    if exercise_id is None and not _has_numbers(rest) and set(words) & SKIP_WORDS and (
            set(words) & _EVERY):  # "all skip", "skip the rest": every exercise left
        return Line(raw, None, "skip", every=True)
    if not _has_numbers(rest) and set(words) & SKIP_WORDS:
        reason = _reason(words)
        if reason and has_cyrillic(raw):  # the runner's own words, not their rewrite
            reason = " ".join(raw.split())[:MAX_NOTE]
        notes = (Note(exercise_id, "skip", reason),) if reason else ()
        return Line(raw, exercise_id, "", guess, skipped=True, notes=notes)
    body = drop_filler(" ".join(rest))
    if _has_numbers(rest):  # "✅ sldl 8 8 8": the check mark only says it's done
        body = " ".join(t for t in body.split() if t not in ("done", "-"))
    elif body.split() and set(body.split()) == {"done"}:  # "calves done 👍"
        body = "done"
    unknown = next((w for w in words_of(body) if not _known(w)), "")
    return Line(raw, exercise_id, body, guess, unknown=unknown)


def _pain_line(raw: str, s: str, segments: list[str], pained: list[str]) -> Line:
    """Discomfort anywhere (coach.discomfort): keep the runner's words in a note, graded
    (sharp: pain, mild: niggle); the numbers of the other segments still count."""
    told = [found for seg in pained if (found := _told(seg)) is not None]
    sharp = next((d for d in told if d.grade is Grade.SHARP), None)
    worst = sharp or told[0]
    areas = [d.area for d in told if d.area is not None]
    area = next((d.area for d in told if d.area is not None and d.grade is worst.grade),
                areas[0] if areas else None)
    text = verbatim(raw, _told) or " ".join(pained)[:MAX_WORDS]
    others = " , ".join(seg for seg in segments if seg not in pained)
    exercise_id, _, guess = find_exercise(s.split())

    def note(named: str | None) -> Note:
        return Note(named, worst.grade.value, text, None if area is None else area.id)
    if _has_numbers(others.split()):
        line = _plain_line(raw, others)
        named = line.exercise_id or exercise_id
        return Line(raw, named, line.body, line.guess, notes=(note(named),),
                    pain=sharp is not None, unknown=line.unknown)
    skipped = exercise_id is not None and (
        bool(set(words_of(s)) & SKIP_WORDS) or _leads(s, exercise_id))
    return Line(raw, exercise_id if skipped else None, "", guess, skipped=skipped,
                notes=(note(exercise_id),), pain=sharp is not None)


def _leads(s: str, exercise_id: str) -> bool:
    """The line starts with the exercise and a separator: "calf - sore achilles"."""
    words = s.split()
    for k in range(1, min(4, len(words)) + 1):
        if match_exercise(" ".join(words[:k]).rstrip(":-,")) == exercise_id:
            rest = words[k:]
            return words[k - 1][-1] in ":-," or bool(rest and rest[0] in SEPARATORS)
    return False


def find_exercise(tokens: list[str]) -> tuple[str | None, list[str], str | None]:
    """The exercise a line names (by number label, name, alias or a near typo), the tokens
    left, and an exercise the line only resembles (to ask about)."""
    if len(tokens) >= 2 and (match := _NUMBER_LABEL.match(tokens[0])):
        return match_exercise(match[1] or match[2]), tokens[1:], None
    if len(tokens) >= 3 and tokens[0] in _DIGITS and tokens[1] in SEPARATORS:
        return match_exercise(tokens[0]), tokens[2:], None
    found = _exact(tokens)
    if found is not None:
        exercise_id, start, size = found
        start, size = _widen(tokens, exercise_id, start, size)
        rest = tokens[:start] + tokens[start + size:]
        near = _near(rest)
        if near is not None and near[0] == exercise_id:
            rest = rest[:near[1]] + rest[near[1] + near[2]:]
        return exercise_id, _drop_separator(rest, start), None
    near = _near(tokens)
    if near is None:
        return None, tokens, None
    exercise_id, start, size = near[:3]
    rest = tokens[:start] + tokens[start + size:]
    return (exercise_id, _drop_separator(rest, start), None) if near[3] else (
        None, rest, exercise_id)


def _drop_separator(rest: list[str], at: int) -> list[str]:
    """Drop a "-" or ":" that separated the name from the numbers ("calf -" is a skip)."""
    if at < len(rest) - 1 and rest[at] in SEPARATORS:
        return rest[:at] + rest[at + 1:]
    return rest


def _exact(tokens: list[str]) -> tuple[str, int, int] | None:
    for size in range(min(4, len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            window = [t.strip(":-.,") for t in tokens[start:start + size]]
            if not all(w and any(c.isalpha() for c in w) for w in window):
                continue
            if window[-1] in SEPARATORS or (size == 1 and window[0] in BODY_PARTS - _ALIASES):
                continue
            if (exercise_id := match_exercise(" ".join(window))) is not None:
                return exercise_id, start, size
    return None


def _widen(tokens: list[str], exercise_id: str, start: int, size: int) -> tuple[int, int]:
    """Take in a misspelt neighbour of an exact name: "calf raisse", "revers lunge"."""
    names = exercise_names()
    for new_start, new_size in ((start, size + 1), (start - 1, size + 1), (start - 2, size + 2)):
        window = [t.strip(":-.,") for t in tokens[max(new_start, 0):new_start + new_size]]
        if new_start < 0 or len(window) < new_size or not all(w.isalpha() for w in window):
            continue
        keys = _keys_of_size(new_size)
        key = " ".join(window)
        hit = _closest(key, keys)
        if hit is not None and names[hit[0]] == exercise_id:
            return new_start, new_size
    return start, size


def _near(tokens: list[str]) -> tuple[str, int, int, bool] | None:
    """A window of unknown words close to one exercise name: id, start, size, sure."""
    names = exercise_names()
    for size in range(min(3, len(tokens)), 0, -1):
        keys = _keys_of_size(size)
        for start in range(len(tokens) - size + 1):
            window = [t.strip(":-.,") for t in tokens[start:start + size]]
            if not all(w.isalpha() for w in window) or all(_known(w) for w in window):
                continue
            key = " ".join(window)
            hit = _closest(key, keys)
            if hit is not None:
                sure = hit[1] == 1 and len(key) >= 5
                return names[hit[0]], start, size, sure
    return None


@cache
def _keys_of_size(words: int) -> list[str]:
    """Exercise names and aliases of this many words."""
    return [n for n in exercise_names() if n.count(" ") == words - 1]


def _closest(key: str, keys: list[str]) -> tuple[str, int] | None:
    """The nearest name to the key, as written or without a plural s."""
    hits = [h for h in (closest(key, keys), closest(key.rstrip("s"), keys)) if h is not None]
    return min(hits, key=lambda h: h[1]) if hits else None


def _known(word: str) -> bool:
    """A word of a report that is not an exercise name: grammar, filler, pain, skipping."""
    return (word in GRAMMAR or word in FILLER or word in PAIN_WORDS or word in BODY_PARTS
            or word in SKIP_WORDS or _NUMBERISH.match(word) is not None)


def _has_numbers(tokens: list[str]) -> bool:
    return any(c.isdigit() for t in tokens for c in t) or any(
        t.strip(".,") == "bw" for t in tokens)


def _reason(words: list[str]) -> str:
    """The words that say why, without the first skip word and the ones that only colour."""
    first_skip = next((i for i, w in enumerate(words) if w in SKIP_WORDS), -1)
    kept = [w for i, w in enumerate(words) if i != first_skip and w not in _REASON_DROP
            and not w.isdigit() and match_exercise(w) is None]
    return " ".join(kept)

"""Several exercises on one line: "goblet 3x8 @ 16, lunges 8 8 7 and calf skip".

`split_exercises` cuts a line at a comma, semicolon, full stop, "and", "then", "&" or the
space after a number, but only where a new exercise name starts and both sides say
something (numbers, "bw", done or skip words). "8, 8, 7" stays one exercise's sets, "calf
skip, achilles sore" one line with its note, and "sldl and goblet 3x8" one line (which of
them got the 3x8 is not said).
"""

import re

from coach.phrasing import SKIP_WORDS, tidy, words_of
from coach.readline import find_exercise

_LABEL_BEFORE = r"(?<!^\d)(?<!, \d)(?<!,\d)(?<!; \d)(?<!;\d)"  # "1. 8 8 8, 2. 3x8"
# "and", "then" in Russian, and a Russian line's "kg"
_RU_AND = "\u0438|\u043f\u043e\u0442\u043e\u043c|\u0437\u0430\u0442\u0435\u043c"
_RU_KG = "(?<=\u043a\u0433)"
_JOINT = re.compile(rf"(\s*[;,]\s*|\s+(?:and(?! an? half| half)|then|&|\+|plus|{_RU_AND})\s+"
                    rf"|(?<=\S)\.\s+(?=[^\W\d])|(?<=\S){_LABEL_BEFORE}\.\s+"
                    rf"|(?:(?<=[0-9])|(?<=kg)|(?<=kgs)|(?<=lb)|(?<=lbs)|{_RU_KG})\s+"
                    r"(?=[a-z\u0430-\u044f]))", re.I)
_SAYS = (SKIP_WORDS - {"no", "not", "none", "without", "drop", "leaving", "left out"}) | {
    "done", "bw", "planned", "skip", "ok", "okay", "completed", "finished"}  # "calf not great"

_EVERY = frozenset({"all", "everything", "rest", "everythin"})


def split_exercises(raw: str) -> list[str]:
    """The line's parts, one per exercise it names (the line itself when it names one)."""
    parts = _JOINT.split(raw)
    if len(parts) < 3:
        return [raw]
    pieces, joints = parts[0::2], parts[1::2]
    names = [_names(piece) for piece in pieces]
    says = [_says(piece) for piece in pieces]
    groups: list[list[int]] = [[0]]
    for i in range(1, len(pieces)):
        group = groups[-1]
        if names[i] is not None and _named(group, names) not in (None, names[i]) and any(
                says[k] for k in group) and any(says[k] for k in _run(i, names)):
            groups.append([i])
        else:
            group.append(i)
    if len(groups) == 1:
        return [raw]
    return ["".join(pieces[k] if k == group[0] else joints[k - 1] + pieces[k]
                    for k in group).strip() for group in groups]


def _run(start: int, names: list[str | None]) -> list[int]:
    """The piece at start and the unnamed ones after it: one exercise's words."""
    end = next((k for k in range(start + 1, len(names)) if names[k] is not None), len(names))
    return list(range(start, end))


def _named(group: list[int], names: list[str | None]) -> str | None:
    return next((names[k] for k in group if names[k] is not None), None)


def _names(piece: str) -> str | None:
    """The exercise a piece names (a sure typo too, not a mere likeness), "every" for "all"
    or "the rest", else None."""
    tokens = tidy(piece).split()
    if tokens and tokens[0] in _EVERY | {"the"} and set(words_of(" ".join(tokens[:2]))) & _EVERY:
        return "every"
    return find_exercise(tokens)[0]


def _says(piece: str) -> bool:
    """Whether a piece holds a report: a number, body weight, done or skip words."""
    s = tidy(piece)
    return any(c.isdigit() for c in s) or bool(set(words_of(s)) & _SAYS)


def split_squat(exercise_id: str | None, raw: str, goblet_variant: str) -> str | None:
    """A "split squat" is the goblet squat's rung when the runner is on it, else a lunge."""
    if exercise_id == "reverse_lunge" and goblet_variant == "rfe_split" and (
            "split squat" in raw.lower().replace("-", " ")):
        return "goblet_squat"
    return exercise_id

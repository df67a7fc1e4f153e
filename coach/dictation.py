"""Numbers as a phone's voice input writes them: "three sets of seven at ten kilos".

`spoken_numbers` turns number words (zero to ninety-nine, "a dozen", "twelve and a half",
"twelve point five") into digits, and "three eights", "three by eight" or "three times
eight" into "3x8", so the rest of the reader only ever sees digits. Words that are numbers
only by accident stay: "one leg", "one more thing", "two 6kg dumbbells" (the pair is read
elsewhere).
"""

import re

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
         "seventeen", "eighteen", "nineteen")
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
VALUES: dict[str, int] = {word: n for n, word in enumerate(_ONES)} | _TENS
_WORD = "|".join(sorted(VALUES, key=len, reverse=True))
_COMPOUND = re.compile(rf"\b({'|'.join(_TENS)})[ -]({'|'.join(_ONES[1:10])})\b")
_DOZEN = re.compile(r"\b(?:(half) )?(?:an? )?dozen\b")
_LOAD_AHEAD = r"(?= ?(?:[0-9]|(?:" + _WORD + r")\b)[^ ]* ?(?:kgs?|kilos?|lbs?|pounds?)\b)"
_ALONE = re.compile(
    rf"\b({_WORD})\b(?! (?:leg|legs|side|sides|foot|feet|arm|at a time)\b)"
)
_ONE_AFTER = re.compile(rf"[ ,]*(?:sets?|reps?|x|by|times|and a half|{_WORD}|[0-9])\b")
_ONE_BEFORE = re.compile(rf"\b(?:{_WORD}|[0-9]+|x|of|by|times)[ ,]*$")
_PLURAL = {"fives": 5, "sixes": 6, "sevens": 7, "eights": 8, "nines": 9, "tens": 10,
           "elevens": 11, "twelves": 12}
_SETS_OF_PLURAL = re.compile(rf"\b([1-9]) ({'|'.join(_PLURAL)})\b")  # "three eights"
_POINT = re.compile(r"\b([0-9]{1,3}) point ([0-9])\b")  # "twelve point five"
_HALF = re.compile(r"\b([0-9]{1,3}) and (?:a )?half\b|\b([0-9]{1,3}) ?(?:½|1/2)")
_BY = re.compile(r"\b([0-9]{1,2}) (?:by|times|lots of|rounds of) ([0-9]{1,2})\b")


def spoken_numbers(s: str) -> str:
    """Digits for the number words of a lower-cased line; see the module docstring."""
    s = _COMPOUND.sub(lambda m: str(_TENS[m[1]] + _ONES.index(m[2])), s)
    s = _DOZEN.sub(lambda m: "6" if m[1] else "12", s)
    s = _ALONE.sub(_digit, s)
    s = _HALF.sub(lambda m: f"{m[1] or m[2]}.5", s)
    s = _POINT.sub(r"\1.\2", s)
    s = _SETS_OF_PLURAL.sub(lambda m: f"{m[1]}x{_PLURAL[m[2]]}", s)
    return _BY.sub(r"\1x\2", s)


def _digit(match: re.Match[str]) -> str:
    """One number word as digits ("two" before a load is a pair, kept for the pair rule;
    "one" only among numbers or before sets, reps or "x": "one more thing" stays talk)."""
    word, before, after = match[1], match.string[:match.start()], match.string[match.end():]
    if word == "two" and re.match(_LOAD_AHEAD, after):
        return word
    if word == "one" and not (_ONE_AFTER.match(after) or _ONE_BEFORE.search(before)):
        return word
    return str(VALUES[word])

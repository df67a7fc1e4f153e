"""Tidying one line of a rep report before the grammar reads it.

Runners write on a phone: emoji, check marks, brackets, "at 16kg", "2x6kg", "each leg",
"3 sec down", "8 8 8 left, 7 7 7 right", whole sentences. `tidy` folds all of that into the
small grammar of `coach.sets`; `words_of` and the word sets here tell the reader which words
carry meaning (pain, skipping, body parts) and which are only talk.
"""

import re
import unicodedata

DONE_EMOJI = frozenset("✅👍✔☑👌💯🆗")
SKIP_EMOJI = frozenset("❌✖🚫")
PAIN_WORDS = frozenset(
    {"hurt", "hurts", "hurting", "hurted", "pain", "painful", "sore", "soreness", "tweaked",
     "tweak", "injured", "injury", "niggle", "niggly", "niggling", "ache", "aching", "achy",
     "twinge", "twinged", "pulled", "strained", "strain", "sprained", "swollen", "ouch",
     "cramp", "cramped", "cramping", "tight", "painfull"}
)
BODY_PARTS = frozenset(
    {"knee", "knees", "achilles", "ankle", "ankles", "hamstring", "hamstrings", "hammy", "hip",
     "hips", "back", "shin", "shins", "foot", "feet", "heel", "heels", "glute", "glutes",
     "quad", "quads", "groin", "itb", "toe", "toes", "plantar", "arch", "tendon", "wrist",
     "shoulder", "neck", "calf", "calves", "leg", "legs", "hammies"}
)
SKIP_WORDS = frozenset(
    {"skip", "skipped", "skipping", "skiped", "skippd", "missed", "miss", "didnt", "didn't",
     "no", "not", "couldnt", "couldn't", "none", "nope", "dropped", "drop", "without",
     "cant", "can't", "left out", "leaving"}
)
# Words that only colour a report: dropped before the numbers are read.
FILLER = frozenset(
    {"each", "per", "side", "sides", "leg", "legs", "both", "a", "an", "the", "of", "on",
     "for", "my", "me", "i", "i'm", "im", "did", "do", "got", "get", "managed", "just",
     "only", "then", "today", "tonight", "was", "were", "it", "its", "it's", "slow", "slowly",
     "controlled", "tempo", "down", "kettlebell", "kettlebells", "kb", "kbs", "dumbbell",
     "dumbbells", "db", "dbs", "weights", "weight", "held", "holding", "using", "felt",
     "feeling", "good", "great", "nice", "easy", "hard", "tough", "heavy", "light", "solid",
     "strong", "pretty", "bit", "little", "very", "really", "quite", "so", "reps", "rep",
     "this", "session", "exercise", "last", "set", "sets", "again", "too", "lol",
     "haha", "yay", "woo", "phew", "ugh", "form", "clean", "deep", "full", "depth", "range",
     "with", "in", "total", "all", "round", "rounds", "man", "mate", "coach", "thanks",
     "thx", "ty", "pls", "please", "hey", "hi", "ok", "okay", "and", "plus", "but"}
)
UNITS = r"kgs?|kilos?|kilograms?|lbs?|pounds?"
_SECONDS = re.compile(
    r"\b[0-9]{1,2} ?-? ?(?:s|sec|secs|second|seconds|count|ct)\b"
    r"(?: (?:down|lowering|lower|eccentric|negative|negatives|up|pause|hold|each))*"
)
_TWO_WEIGHTS = re.compile(
    rf"\b(?:2 ?x ?|two (?:x )?)([0-9]{{1,3}}(?:[.,][0-9]{{1,2}})?) ?({UNITS})\b"
)
_SETS_OF = re.compile(r"\b([0-9]{1,2}) ?sets? ?(?:of|x|,)? ?([0-9]{1,2})(?: ?reps?)?\b")
_SIDES = re.compile(
    r"^(?P<pre>.*?)(?P<a>[0-9][0-9 ,]*?) ?(?P<s1>left|l|right|r)\b[ ,;]*"
    r"(?P<b>[0-9][0-9 ,]*?) ?(?P<s2>left|l|right|r)\b(?P<post>.*)$"
)


def strip_symbols(text: str) -> str:
    """Fold case and width; check marks become "done", crosses "skip", other emoji go."""
    out = []
    for char in unicodedata.normalize("NFKC", text).lower():
        if char in DONE_EMOJI:
            out.append(" done ")
        elif char in SKIP_EMOJI:
            out.append(" skip ")
        elif unicodedata.category(char) in ("So", "Sk", "Cs", "Co", "Mn", "Cf"):
            out.append(" ")
        else:
            out.append(char)
    return " ".join("".join(out).replace("’", "'").split())


def tidy(text: str) -> str:
    """Rewrite one line into the grammar of `coach.sets`, exercise names left in place."""
    s = strip_symbols(text)
    s = s.replace("×", "x").replace("*", "x")
    s = _SECONDS.sub(" ", s)
    s = re.sub(r"[(\[{] ?([0-9]{1,3}(?:[.,][0-9]{1,2})?) ?[)\]}]", r" @ \1 ", s)  # "(35)"
    s = re.sub(r"[(\[{]([^)\]}]*)[)\]}]", r" \1 ", s)
    s = _TWO_WEIGHTS.sub(lambda m: f" {_times_two(m[1])}{m[2]} ", s)
    s = re.sub(r" ?\+ ?", "+", " ".join(s.split()))
    s = re.sub(r" / (?=[a-z])", " ", s)  # "L 8 8 8 / R 8 8 8"
    s = re.sub(r"\b(?:at|with|w/)(?: (?:an?|the|my))? ?(?=[0-9]|bw\b|body)", " @ ", s)
    s = re.sub(r"\bbody[ -]?weight\b|\bbodyweight\b|\bno weight\b|\bunweighted\b", " bw ", s)
    s = _SETS_OF.sub(r" \1x\2 ", s)
    s = re.sub(r"\b(?:and|then|plus|&)\b|&", " , ", s)
    return " ".join(s.split()).strip(" .!?,;")


def drop_filler(s: str) -> str:
    """Drop the words that only colour a report; "8 8 8 left, 7 7 7 right" to "l 8 8 8 r 7 7 7"."""
    words = [w for w in re.split(r"(?<=[a-z']),|\s+", s) if w]
    kept = [w for w in words if w.strip(".,!?:;") not in FILLER]
    s = " ".join(kept)
    if match := _SIDES.match(s):
        s = (f"{match['pre']} {match['s1']} {match['a']} {match['s2']} {match['b']}"
             f" {match['post']}")
    return " ".join(s.split()).strip(" .!?,;")


def words_of(s: str) -> list[str]:
    """The words of a tidied line, without edge punctuation."""
    return [w for w in (t.strip(".,!?:;-") for t in s.split()) if w]


def has_unit(s: str) -> bool:
    """Whether a load in the line carries its unit."""
    return re.search(rf"[0-9] ?(?:{UNITS})\b", s) is not None


def _times_two(number: str) -> str:
    value = float(number.replace(",", ".")) * 2
    return f"{value:g}"

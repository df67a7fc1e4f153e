"""Tidying one line of a rep report before the grammar reads it.

Runners write on a phone: emoji, check marks, brackets, "at 16kg", "2x6kg", "each leg",
"3 sec down", "8 8 8 left, 7 7 7 right", whole sentences. `tidy` folds all of that into the
small grammar of `coach.sets`; `words_of` and the word sets here tell the reader which words
carry meaning (pain, skipping, body parts) and which are only talk.
"""

import re
import unicodedata

from coach.dictation import spoken_numbers
from coach.russian import english

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
     "thx", "ty", "pls", "please", "hey", "hi", "ok", "okay", "and", "plus", "but", "onto",
     "box", "bench", "stair", "stairs", "chair", "kerb", "curb", "wall", "stool",
     "from", "off", "edge", "hand", "hands", "single", "rev", "reverse", "eccentric", "ecc",
     "lowering", "lower", "negatives", "ea", "sq", "bell", "bells", "plate", "plates", "foot",
     "feet"}
)
UNITS = r"kgs?|kilos?|kilograms?|lbs?|pounds?"
EACH_HAND = "each_hand"  # marks a load held in each hand
_SECONDS = re.compile(
    r"\b[0-9]{1,2} ?-? ?(?:s|sec|secs|second|seconds|count|ct)\b"
    r"(?: (?:down|lowering|lower|eccentric|negative|negatives|up|pause|hold|each))*"
)
_TWO_WEIGHTS = re.compile(
    rf"\b(?:2 ?x ?|two (?:x )?)([0-9]{{1,3}}(?:[.,][0-9]{{1,2}})?) ?({UNITS})\b"
)
_SETS_OF = re.compile(r"\b([0-9]{1,2}) ?sets? ?(?:of|x|,)? ?([0-9]{1,2})(?: ?reps?)?\b")
_UNIT_WORDS = re.compile(r"(?<=[0-9 ])(?:kilograms?|kilo grams?|kilos?|kgs|kg's|pounds?|lbs)\b")
_BEFORE_LOAD = r"at|with|w/|w|using|holding|@"
_NUM = r"[0-9]{1,3}(?:[.,][0-9]{1,2})?"
_LOAD_NUMBER = rf"{_NUM} ?(?:kg|lb)\b"
_REPS_THEN_SETS = re.compile(
    r"\b([0-9]{1,2})(?: reps?)?(?: (?:each|per|ea) (?:leg|side))?,? (?:x )?([1-9]) "
    r"(?:sets|rounds)\b")
_KIT_WORD = r"(?:dumbbells?|dbs?|kbs?|kettlebells?|bells?|each)\b"
_WEIGHT_PLURAL = re.compile(  # "8s" are weights only where nothing else can be meant
    rf"\b(holding|using) (?:the |my )?([0-9]{{1,2}})s\b(?= ?(?:$|[,;.]|{_KIT_WORD}))"
    rf"|\b({_BEFORE_LOAD}) (?:the |my )?([0-9]{{1,2}})s\b(?= ?{_KIT_WORD})")
_PAIR_AFTER = re.compile(rf"\b({_BEFORE_LOAD}) 2 ({_NUM}) ?({UNITS})\b")
_EACH_HAND = re.compile(
    rf"(?P<before>\S+ )?(?P<num>{_NUM}) ?(?P<unit>{UNITS})?"
    r" ?(?:dumbbells?|dbs?|kbs?|kettlebells?)? ?(?:in |on )?(?:each|per|every|a) hand\b")
_SETS_LIST = re.compile(
    r"\b([1-9]) sets?[,:]? ((?:[0-9]{1,2}(?:/[0-9]{1,2})?(?: ?, ?| ))*[0-9]{1,2}(?:/[0-9]{1,2})?)"
    r"\b(?! ?(?:kg|lb|x|/|reps?)\b)")
_CHAIN = re.compile(rf"\b([0-9]{{1,2}}) ?x ?([0-9]{{1,2}}) ?x ?({_NUM} ?(?:kg|lb)?)(?![0-9x/])")
_PAIR_TIMES = re.compile(r"\b([0-9]{1,2})/([0-9]{1,2}) ?x ?([1-9])\b(?![/x])")
_SIDE_NUMBER = r"(?:left|right|l|r) ?[0-9]{1,2}"
_PAIRS = re.compile(
    rf"(?P<run>{_SIDE_NUMBER}(?:[ ,;]+{_SIDE_NUMBER})+)(?: ?,? ?x ?(?P<times>[0-9]{{1,2}})\b)?")
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
    return english(" ".join("".join(out).replace("’", "'").split()))


def tidy(text: str) -> str:
    """Rewrite one line into the grammar of `coach.sets`, exercise names left in place."""
    s = spoken_numbers(strip_symbols(text))
    s = s.replace("×", "x").replace("*", "x")
    s = re.sub(r"(?<=[a-z])'s\b", "s", s)  # "rdl's"
    s = _WEIGHT_PLURAL.sub(lambda m: f"{m[1] or m[3]} {m[2] or m[4]}", s)  # "holding 8s"
    s = _PAIR_AFTER.sub(lambda m: f"{m[1]} {_times_two(m[2])}{m[3]}", s)  # "w 2 6kg dbs"
    s = _EACH_HAND.sub(_both_hands, s)  # "8kg in each hand": 8 or 16? asked
    s = _SECONDS.sub(" ", s)
    s = re.sub(r"[(\[{] ?([0-9]{1,3}(?:[.,][0-9]{1,2})?) ?[)\]}]", r" @ \1 ", s)  # "(35)"
    s = re.sub(r"[(\[{]([^)\]}]*)[)\]}]", r" \1 ", s)
    s = _TWO_WEIGHTS.sub(lambda m: f" {_times_two(m[1])}{m[2]} ", s)
    s = _connectors(s)
    s = re.sub(r" ?\+ ?", "+", " ".join(s.split()))
    s = re.sub(r" / (?=[a-z])", " ", s)  # "L 8 8 8 / R 8 8 8"
    s = re.sub(rf"\b(?:{_BEFORE_LOAD})(?: (?:an?|the|my))? ?(?=[0-9]|bw\b|body)", " @ ", s)
    s = re.sub(r"\bbody[ -]?weight\b|\bbodyweight\b|\bno weight\b|\bunweighted\b", " bw ", s)
    s = re.sub(r"\bbw ?: ?", "bw ", s)  # "bw: 8 8 8"
    s = _SETS_OF.sub(r" \1x\2 ", s)
    s = re.sub(r"\b(?:and|then|plus|&)\b|&", " , ", s)
    return " ".join(s.split()).strip(" .!?,;")


def _connectors(s: str) -> str:
    """Units, spaced separators, "x" before a load, glued sides, sentence stops."""
    s = _UNIT_WORDS.sub(lambda m: "lb" if m[0][0] in "lp" else "kg", s)
    s = re.sub(r"\.{2,}", " ", s)  # "squat... eight"
    s = re.sub(r"\b([lr]) ?([0-9]{1,2}) ?/ ?([lr]) ?([0-9]{1,2})\b", r"\1\2 \3\4", s)  # L8/R7
    s = re.sub(r"(?<=[0-9]) ?/ ?(?=[0-9])", "/", s)  # "7 / 7 / 6"
    s = _REPS_THEN_SETS.sub(r"\2x\1", s)  # "8 each leg, 3 sets"
    s = _SETS_LIST.sub(_sets_list, s)  # "3 sets, 8, 8, 7"
    s = re.sub(r"\b([0-9]{1,2}) sets?\b(?! ?(?:of ?|x ?)?[0-9])", r"\1x", s)  # sets, no reps
    s = re.sub(r"\b(?:off|on|onto|from) (?:an?|the|my) (?:step|stair|box|bench)s?\b"
               r"(?![ -]?ups?\b)", " ", s)  # "heel drops off a step", not "on the step up"
    s = re.sub(rf"(@ ?{_NUM}) ?: ?(?=[0-9])", r"\1 ", s)  # "@ 16: 3x8"
    s = re.sub(r"\b([lr])([0-9]{1,2})\b", r"\1 \2", s)  # "R7 L8"
    s = _CHAIN.sub(r"\1x\2 @ \3", s)  # "3x6x20kg": sets, reps, load
    s = re.sub(r"(?<=[0-9]) ?(kg|lb)\b ?[x:–—]? ?(?=[0-9]|(?:l|r|left|right)\b)", r"\1 ", s)
    s = re.sub(r"(?<=[0-9])(ea|each)\b", r" \1", s)  # "3x8ea"
    s = re.sub(r"\bx ?(?=[0-9]{1,2} sets?\b)", "", s)  # "x3 sets of 12"
    s = re.sub(r"(?<=,) ?x ?(?=[0-9]{1,2}\b(?! ?(?:kg|lb)))", " ", s)  # "x 8, x 8, x 7"
    s = re.sub(rf" x (?={_LOAD_NUMBER})", " @ ", s)  # "8 8 8 x 12kg"
    s = _PAIR_TIMES.sub(r"\3x\1/\2", s)  # "8/8 x3": three sets of a pair
    return re.sub(r"(?<=[a-z0-9])\.(?= |$)(?<!^.\.)(?<!^#.\.)", " ", s)  # "lunges. 3x8."


def _both_hands(match: re.Match[str]) -> str:
    """A load held in each hand: one weight, or both counted? Marked, to be asked about. A
    bare number counts only after a connector ("holding 8 each hand", not "8 8 8 each hand")."""
    before = match["before"] or ""
    if match["unit"] is None and before.strip() not in _BEFORE_LOAD.split("|"):
        return match[0]
    return f"{before}{match['num']}{match['unit'] or ''} {EACH_HAND}"


def _sets_list(match: re.Match[str]) -> str:
    """"3 sets, 8, 8, 7": the reps when there is one per set; else as typed."""
    reps = re.findall(r"[0-9]+(?:/[0-9]+)?", match[2])
    return match[2] if len(reps) == int(match[1]) else match[0]


def drop_filler(s: str) -> str:
    """Drop the words that only colour a report; "8 8 8 left, 7 7 7 right" to "l 8 8 8 r 7 7 7"."""
    words = [w for w in re.split(r"(?<=[a-z']),|\s+", s) if w]
    kept = [w for w in words if w.strip(".,!?:;") not in FILLER]
    if any(c.isdigit() for w in kept for c in w):  # "— 3x8 — 16 kg": dashes only separate
        kept = [w for w in kept if w not in ("-", "–", "—")]
    s = re.sub(r"^x (?=[0-9])", "", _side_pairs(" ".join(kept)))  # "x 8 x 3"
    if match := _SIDES.match(s):
        s = (f"{match['pre']} {match['s1']} {match['a']} {match['s2']} {match['b']}"
             f" {match['post']}")
    return " ".join(s.split()).strip(" .!?,;")


def _side_pairs(s: str) -> str:
    """"l 8 r 7, l 8 r 8" (a pair per set) or "r 7 l 8 x3" to "l 8 8 r 7 8" / "l 8 8 8 r 7 7 7"."""
    match = _PAIRS.search(s)
    if match is None:
        return s
    sides = re.findall(r"(left|right|l|r) ?([0-9]{1,2})", match["run"])
    pairs = [sides[i:i + 2] for i in range(0, len(sides), 2)]
    if len(sides) % 2 or any({a[0][0], b[0][0]} != {"l", "r"} for a, b in pairs):
        return s
    times = int(match["times"]) if match["times"] and len(pairs) == 1 else 1
    if match["times"] and times == 1:
        return s
    left = [n for pair in pairs for side, n in pair if side[0] == "l"] * times
    right = [n for pair in pairs for side, n in pair if side[0] == "r"] * times
    return f"{s[:match.start()]} l {' '.join(left)} r {' '.join(right)} {s[match.end():]}"


def words_of(s: str) -> list[str]:
    """The words of a tidied line, without edge punctuation."""
    return [w for w in (t.strip(".,!?:;-") for t in s.split()) if w]


def has_unit(s: str) -> bool:
    """Whether a load in the line carries its unit."""
    return re.search(rf"[0-9] ?(?:{UNITS})\b", s) is not None


def _times_two(number: str) -> str:
    value = float(number.replace(",", ".")) * 2
    return f"{value:g}"

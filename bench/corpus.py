"""How well the bot understands runners: the phrasing corpus, scored.

Run: .venv/bin/python -m bench.corpus [-v] [--out DIR]
Reads tests/coach/corpus.txt and every corpus_*.txt beside it (one phrasing a line:
context | text | expected reading) and prints the share read right, asked, refused, and
the misreadings (a stored reading that is not the expected one, which must be 0), overall
and by kind (a "# --- kind ---" line starts the phrasings of one kind; each file starts
without one). -v lists every phrasing that differs from its expectation. Writes the counts,
overall and for the Russian file, to bench/results/corpus.json (docs/coaching.md's tables
are made from it by `python -m bench.report`).
"""

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.table import write
from coach.exercises import EXERCISE_IDS
from coach.progression import Target
from coach.reports import ReportKind, ReportLine, format_sets
from coach.sets import SetsReport
from coach.understand import Choice, Context, Reading, understand

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "coach" / "corpus.txt"
SHORT = dict(zip(EXERCISE_IDS, ("sldl", "goblet", "lunge", "calf", "step"), strict=True))
LOADED = {"sldl": Target(3, 8, 12.0), "goblet_squat": Target(3, 8, 20.0),
          "reverse_lunge": Target(3, 6, 10.0), "eccentric_calf_raise": Target(3, 8, 0.0),
          "step_up": Target(3, 6, 8.0)}
LB = {"goblet_squat": Target(3, 8, 15.876), "sldl": Target(3, 6, 9.072)}
LAST = {"sldl": SetsReport(ReportKind.SETS, (8, 8, 8), load_kg=12.0),
        "goblet_squat": SetsReport(ReportKind.SETS, (8, 8, 7), load_kg=20.0),
        "reverse_lunge": SetsReport(ReportKind.SETS, (6, 6, 6), load_kg=10.0),
        "eccentric_calf_raise": SetsReport(ReportKind.SETS, (8, 8, 8), load_kg=0.0),
        "step_up": SetsReport(ReportKind.SETS, (6, 6, 5), load_kg=8.0)}
CONTEXTS = {
    "fresh": Context(),
    "loaded": Context(targets=LOADED, last_loads={k: t.load_kg for k, t in LOADED.items()}),
    "lb": Context(targets=LB, last_loads={k: t.load_kg for k, t in LB.items()}, unit="lb"),
    "some": Context(pending=EXERCISE_IDS[1:], logged=1),
    "loaded_some": Context(pending=EXERCISE_IDS[1:], logged=1, targets=LOADED,
                           last_loads={k: t.load_kg for k, t in LOADED.items()}),
    "none": Context(pending=(), logged=5),
    "kit": Context(kit=(8.0, 12.0, 16.0)),
    "last": Context(targets=LOADED, last_loads={k: t.load_kg for k, t in LOADED.items()},
                    last=LAST),
}


@dataclass(frozen=True)
class Case:
    """One phrasing and what the bot should make of it."""

    context: str
    text: str
    expected: str
    kind: str = ""
    source: str = ""  # the file's stem: corpus, corpus_ru, ...


def load_corpus(path: Path | None = None) -> list[Case]:
    """Read the corpus (`path`, or corpus.txt and its corpus_*.txt blocks); " // " in a
    text stands for a line break."""
    paths = [path] if path else [CORPUS, *sorted(CORPUS.parent.glob("corpus_*.txt"))]
    cases = []
    for one in paths:
        kind = one.stem.removeprefix("corpus_") if one.stem != "corpus" else ""
        for row in one.read_text(encoding="utf-8").splitlines():
            if row.startswith("# ---"):
                kind = row.strip("#- ").split(" (")[0]
            if not row.strip() or row.startswith("#"):
                continue
            context, text, expected = (part.strip() for part in row.split(" | ", 2))
            cases.append(Case(context, text.replace(" // ", "\n"), expected, kind, one.stem))
    return cases


def describe(reading: Reading) -> str:
    """A reading in the corpus notation: stored lines, "? choices", "!" for a refusal."""
    parts = [_line(line) for line in reading.lines]
    parts += [f"note {n.kind}{'' if n.exercise_id is None else ' ' + SHORT[n.exercise_id]}: "
              f"{n.text}" for n in reading.notes]
    parts += ["? " + " / ".join(_choice(c) for c in q.choices) for q in reading.questions]
    parts += ["!" for _ in reading.problems]
    if reading.finish:
        parts.append("finish")
    return " | ".join(parts) or "nothing"


def _line(line: ReportLine) -> str:
    text = format_sets(line.sets).replace(" kg", "")
    return f"{SHORT[line.exercise_id]} {text}"


def _choice(choice: Choice) -> str:
    if choice.finish:
        return "finish"
    if len(choice.lines) > 1 and all(x.sets.kind is ReportKind.AS_PLANNED for x in choice.lines):
        return "rest as planned"
    return " + ".join(_line(line) for line in choice.lines)


def outcome(case: Case, got: str) -> str:
    """right, asked, refused, or misread (something stored that was not expected)."""
    stores = bool(got) and not got.startswith(("?", "!")) and got != "nothing"
    if got == case.expected:
        return "right" if stores or got == "nothing" else (
            "asked" if got.startswith("?") else "refused")
    if stores and not _only_notes(got):
        return "misread"
    return "asked" if "?" in got else "refused"


def _only_notes(got: str) -> bool:
    return all(part.startswith(("note", "?", "!")) for part in got.split(" | "))


def score(cases: list[Case]) -> dict[str, list[tuple[Case, str]]]:
    """Every case under its outcome, with what the bot made of it."""
    result: dict[str, list[tuple[Case, str]]] = {
        "right": [], "asked": [], "refused": [], "misread": []}
    for case in cases:
        got = describe(understand(case.text, CONTEXTS[case.context]))
        result[outcome(case, got)].append((case, got))
    return result


def by_kind(scored: dict[str, list[tuple[Case, str]]]) -> str:
    """A table of the outcomes of each kind of phrasing, in corpus order."""
    counts: dict[str, dict[str, int]] = {}
    for name, rows in scored.items():
        for case, _ in rows:
            counts.setdefault(case.kind, dict.fromkeys(scored, 0))[name] += 1
    order = [case.kind for case in load_corpus()]
    lines = [f"{'kind':<64} {'n':>4} {'right':>6} {'asked':>6} {'refused':>7} {'misread':>7}"]
    for kind in sorted(counts, key=order.index):
        row = counts[kind]
        lines.append(f"{kind[:64]:<64} {sum(row.values()):>4} {row['right']:>6} "
                     f"{row['asked']:>6} {row['refused']:>7} {row['misread']:>7}")
    return "\n".join(lines)


def counts(scored: dict[str, list[tuple[Case, str]]], source: str | None = None
           ) -> dict[str, int]:
    """How many phrasings (of one file, or all) fall under each outcome."""
    mine = {name: sum(source is None or case.source == source for case, _ in rows)
            for name, rows in scored.items()}
    return {"phrasings": sum(mine.values()), **mine}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", action="store_true", help="list every phrasing that differs")
    parser.add_argument("--out", type=Path, default=None, help="results folder")
    args = parser.parse_args(argv)
    cases = load_corpus()
    scored = score(cases)
    total = len(cases)
    files = [CORPUS.name, *(p.name for p in sorted(CORPUS.parent.glob("corpus_*.txt")))]
    print(f"corpus: {total} phrasings ({', '.join(files)})")
    for name, label in (("right", "read right"), ("asked", "asked"), ("refused", "refused")):
        print(f"{label:>12}: {len(scored[name]) / total:6.1%}  ({len(scored[name])})")
    print(f"{'misreadings':>12}: {len(scored['misread'])}")
    print(by_kind(scored))
    if args.v:
        for name, rows in scored.items():
            for case, got in rows:
                if got != case.expected:
                    print(f"[{name}] {case.context} | {case.text!r}\n   want {case.expected}"
                          f"\n    got {got}")
    write("corpus", {"files": files, "all": counts(scored),
                     "russian": counts(scored, "corpus_ru")}, args.out)


if __name__ == "__main__":
    main()

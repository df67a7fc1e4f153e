"""Typo tolerance: an edit distance with a bound, and the closest known name."""

from collections.abc import Iterable


def distance(a: str, b: str, bound: int = 2) -> int:
    """Optimal string alignment distance (a swap of neighbours costs 1), capped at bound + 1."""
    if abs(len(a) - len(b)) > bound:
        return bound + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            row.append(best)
        if min(row) > bound:
            return bound + 1
        previous2, previous = previous, row
    return min(previous[-1], bound + 1)


def allowed_typos(word: str) -> int:
    """How many typos a word of this length may carry and still be recognised."""
    if len(word) < 4:
        return 0
    return 1 if len(word) < 7 else 2


def closest(word: str, names: Iterable[str]) -> tuple[str, int] | None:
    """The one name nearest to word within its typo bound, and the distance; None if none
    is near or two different names are equally near."""
    bound = allowed_typos(word)
    if bound == 0:
        return None
    found: dict[str, int] = {}
    for name in names:
        d = distance(word, name, bound)
        if d <= bound:
            found[name] = d
    if not found:
        return None
    best = min(found.values())
    winners = [n for n, d in found.items() if d == best]
    return (winners[0], best) if len(winners) == 1 else None

"""Cities of the world to their time zones, from the committed table coach/cities.tsv.

`find_place` answers a typed place ("Porto", "Paris, TX", "Portland Maine", "berln") with
one zone, a list of places to choose from, or a near-miss to confirm ("Berlin?"). Bigger
cities win when one of them dwarfs the others; otherwise the runner chooses.
`main_zone` gives a country's zone when nearly all of its people live by one.
"""

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import NamedTuple

from coach.fuzzy import allowed_typos, distance

DWARFS = 10  # the biggest match wins outright at this many times the next one's people...
BIG_CITY = 1_000_000  # ...when it is at least this big
MAIN_ZONE_SHARE = 0.9
MIN_GUESS_POPULATION = 100_000
US_STATES = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california",
    "CO": "colorado", "CT": "connecticut", "DE": "delaware", "FL": "florida", "GA": "georgia",
    "HI": "hawaii", "ID": "idaho", "IL": "illinois", "IN": "indiana", "IA": "iowa",
    "KS": "kansas", "KY": "kentucky", "LA": "louisiana", "ME": "maine", "MD": "maryland",
    "MA": "massachusetts", "MI": "michigan", "MN": "minnesota", "MS": "mississippi",
    "MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada",
    "NH": "new hampshire", "NJ": "new jersey", "NM": "new mexico", "NY": "new york",
    "NC": "north carolina", "ND": "north dakota", "OH": "ohio", "OK": "oklahoma",
    "OR": "oregon", "PA": "pennsylvania", "RI": "rhode island", "SC": "south carolina",
    "SD": "south dakota", "TN": "tennessee", "TX": "texas", "UT": "utah", "VT": "vermont",
    "VA": "virginia", "WA": "washington", "WV": "west virginia", "WI": "wisconsin",
    "WY": "wyoming", "DC": "district of columbia",
}
STATES = {
    "US": {code: (code.lower(), name) for code, name in US_STATES.items()},
    "CA": {"01": ("ab", "alberta"), "02": ("bc", "british columbia"), "03": ("mb", "manitoba"),
           "04": ("nb", "new brunswick"), "05": ("nl", "newfoundland"),
           "07": ("ns", "nova scotia"), "08": ("on", "ontario"),
           "09": ("pe", "prince edward island"), "10": ("qc", "quebec"),
           "11": ("sk", "saskatchewan"), "12": ("yt", "yukon")},
    "AU": {"01": ("act", "canberra"), "02": ("nsw", "new south wales"),
           "03": ("nt", "northern territory"), "04": ("qld", "queensland"),
           "05": ("sa", "south australia"), "06": ("tas", "tasmania"),
           "07": ("vic", "victoria"), "08": ("wa", "western australia")},
}


class City(NamedTuple):
    """One row of the table."""

    name: str
    country: str
    state: str
    population: int
    zone: str

    def label(self) -> str:
        """'Portland, Maine', 'Victoria, CA' — enough to tell it from its namesakes."""
        state = STATES.get(self.country, {}).get(self.state)
        where = state[1].title() if state and self.country == "US" else self.country
        return f"{self.name}, {where}"


@dataclass(frozen=True)
class Found:
    """One zone for the place."""

    zone: str
    city: City


@dataclass(frozen=True)
class Choose:
    """Several places by that name in different zones, biggest first."""

    cities: tuple[City, ...]


@dataclass(frozen=True)
class Guess:
    """No such place, but one close to it: ask "Berlin?"."""

    city: City


_SIMPLE = re.compile(r"[a-z]+(?: [a-z]+)*")


def key(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, "saint" as "st"."""
    lower = text.lower()
    if _SIMPLE.fullmatch(lower) and "saint" not in lower:
        return lower
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    return " ".join("st" if w in ("saint", "st.") else w for w in words)


@cache
def cities() -> dict[str, tuple[City, ...]]:
    """The table, by name key, biggest first (loaded once, in milliseconds)."""
    lines = files("coach").joinpath("cities.tsv").read_text(encoding="utf-8").splitlines()
    zones = lines[1].split("\t")
    index: defaultdict[str, list[City]] = defaultdict(list)
    for line in lines[2:]:
        name, folded, country, state, population, zone = line.split("\t")
        index[folded or name.lower()].append(
            City(name, country, state, int(population), zones[int(zone)]))
    return {name: tuple(found) for name, found in index.items()}


def find_place(text: str, countries: dict[str, str]) -> Found | Choose | Guess | None:
    """A typed place, with an optional country or state after it; see the docstring.

    `countries` maps country names (normalised) to ISO codes, for qualifiers.
    """
    whole = key(text[:100])
    for name, qualifier in _splits(text[:100], whole):
        found = cities().get(name)
        if found and qualifier:
            found = tuple(c for c in found if _qualifies(c, qualifier, countries))
        if found:
            return _pick(found)
    return _guess(whole)


def _splits(text: str, whole: str) -> list[tuple[str, str]]:
    """'Paris, TX' as ('paris', 'tx'); 'Portland Maine' as ('portland', 'maine') too."""
    out = [(whole, "")]
    if "," in text:
        name, qualifier = text.split(",", 1)
        out.append((key(name), key(qualifier)))
    words = whole.split()
    out += [(" ".join(words[:-k]), " ".join(words[-k:])) for k in (1, 2, 3) if len(words) > k]
    return out


def _qualifies(city: City, qualifier: str, countries: dict[str, str]) -> bool:
    if qualifier in (city.country.lower(), countries.get(qualifier, "").lower()):
        return True
    return qualifier in STATES.get(city.country, {}).get(city.state, ())


def _pick(found: tuple[City, ...]) -> Found | Choose:
    by_zone: dict[str, City] = {}
    for city in found:  # biggest first
        by_zone.setdefault(city.zone, city)
    best = list(by_zone.values())
    if len(best) == 1:
        return Found(best[0].zone, best[0])
    top, second = best[0], best[1]
    if top.population >= BIG_CITY and top.population >= DWARFS * second.population:
        return Found(top.zone, top)
    return Choose(tuple(best[:4]))


def _guess(name: str) -> Guess | None:
    if len(name) < 4 or not name.replace(" ", "").isalpha():
        return None
    bound = allowed_typos(name)
    by_length = _big_by_length()
    near = [(distance(name, k, bound), city)
            for size in range(len(name) - bound, len(name) + bound + 1)
            for k, city in by_length.get(size, ())
            if k[0] == name[0] or k[1] == name[1]]  # typos rarely hit both first letters
    near = [(d, city) for d, city in near if d <= bound]
    if not near:
        return None
    best = min(d for d, _ in near)
    return Guess(max((c for d, c in near if d == best), key=lambda c: c.population))


@cache
def _big_by_length() -> dict[int, list[tuple[str, City]]]:
    """Big cities by the length of their name key: the candidates for a near miss."""
    out: defaultdict[int, list[tuple[str, City]]] = defaultdict(list)
    for name, found in cities().items():
        if found[0].population >= MIN_GUESS_POPULATION:
            out[len(name)].append((name, found[0]))
    return dict(out)


@cache
def main_zones() -> dict[str, str]:
    """Country code to the zone nearly all its city dwellers live by (none if split)."""
    people: defaultdict[str, defaultdict[str, int]] = defaultdict(lambda: defaultdict(int))
    for found in cities().values():
        for city in found:
            people[city.country][city.zone] += city.population
    out = {}
    for country, zones in people.items():
        zone, most = max(zones.items(), key=lambda item: item[1])
        if most >= MAIN_ZONE_SHARE * sum(zones.values()):
            out[country] = zone
    return out

"""The user's time zone, found offline from a typed name or a shared location.

Typed text is matched, in this order, against:

1. abbreviations and big cities no zone is named after ("EST", "IST", "Munich", "NYC");
2. full IANA names, any case, spaces for underscores ("europe/berlin", "US/Eastern");
3. the city part of the current zones listed in zone.tab ("berlin", "New York", "São Paulo");
4. the city table of `coach.places` (GeoNames): "Porto", "Paris, TX", "Portland Maine";
   the biggest namesake wins when it dwarfs the rest, else the runner chooses;
5. the city part of older continent/city names ("Calcutta", "Kiev");
6. country names from iso3166.tab ("India", "Korea (South)", "UK"): the zone nearly all of
   the country lives by (Germany: Europe/Berlin), its only zone, or the choice;
7. the start of a current zone's city part, at least three letters ("Berl");
8. a near miss of a big city ("berln"): ZoneGuess, to ask "Berlin?".

An offset such as "UTC+1" is refused with ZoneIsOffset: most places change offset with
daylight saving, so a fixed offset would put reminders an hour off for half the year.

Case, accents, spaces, underscores, hyphens and punctuation are ignored for cities, and
anything after a comma is dropped if the whole text does not match ("Paris, France").
"""

import math
import re
import unicodedata
from collections import defaultdict
from datetime import datetime
from functools import cache
from importlib.resources import files
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from tzfpy import get_tz

from coach.places import Choose, Found, Guess, find_place, main_zones
from coach.zone_names import ABBREVIATIONS, CITIES, COUNTRY_ALIASES
from i18n import _

DEFAULT_ZONE = "UTC"  # the one default: a runner whose zone is not known yet


def zone_or_default(tz: str | None) -> str:
    """The runner's zone, or the default while none is set."""
    return tz or DEFAULT_ZONE


COMMON_ZONES: tuple[str, ...] = (
    "Europe/London",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Tokyo",
    "Australia/Sydney",
    DEFAULT_ZONE,
)

_AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe"}
    | {"Indian", "Pacific"}
)
_NOT_ZONES = frozenset({"Factory", "localtime", "posixrules", "posix", "right"})
_MAX_TEXT = 100
_MIN_PREFIX = 3
_OFFSET = re.compile(r"^(?:utc|gmt|z)?[+\-\u2212\u2013][0-9]{1,2}(?:[:.]?[0-9]{2})?h?$")


class ZoneNotFound(ValueError):
    """No time zone matches the text."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class ZoneIsOffset(ZoneNotFound):
    """The text is a fixed UTC offset, which daylight saving would make wrong."""


class ZoneAmbiguous(ValueError):
    """Several time zones match the text; `labels` name the places when they are cities."""

    def __init__(self, text: str, candidates: tuple[str, ...],
                 labels: tuple[str, ...] = ()) -> None:
        super().__init__(text, candidates)
        self.text = text
        self.candidates = candidates
        self.labels = labels or candidates


class ZoneGuess(ZoneNotFound):
    """Nothing matches, but a big city's name is close: ask whether it is `label`."""

    def __init__(self, text: str, zone: str, label: str) -> None:
        super().__init__(text)
        self.zone = zone
        self.label = label


def _normalise(text: str) -> str:
    """Lower case, no accents, runs of spaces, underscores and hyphens as one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = re.sub(r"[^\w\s/+,\-]", "", plain)
    return re.sub(r"[\s_\-]+", " ", kept).strip()


def _city(zone: str) -> str:
    """The normalised city part of a zone name."""
    return _normalise(zone.rsplit("/", 1)[-1])


def _full_key(zone: str) -> str:
    """The normalised full name, with spaces around slashes removed."""
    return "/".join(part.strip() for part in _normalise(zone).split("/"))


@cache
def _current_zones() -> frozenset[str]:
    """Current zones from zone.tab (one or more per country), loadable here."""
    return frozenset(row[2] for row in _tab_rows("zone.tab") if len(row) > 2) & _all_zones()


@cache
def _all_zones() -> frozenset[str]:
    """Every zone name this machine can load."""
    return frozenset(z for z in available_timezones() if z.split("/")[0] not in _NOT_ZONES)


@cache
def _full_index() -> dict[str, str]:
    """Normalised full name to zone name, legacy names included."""
    return {_full_key(zone): zone for zone in sorted(_all_zones())}


@cache
def _city_index(current: bool) -> dict[str, tuple[str, ...]]:
    """Normalised city to the zones ending in it: current zones, or older ones."""
    if current:
        zones = _current_zones()
    else:
        zones = frozenset(z for z in _all_zones() if z.split("/")[0] in _AREAS)
        zones -= _current_zones()
    index: defaultdict[str, list[str]] = defaultdict(list)
    for zone in sorted(zones):
        index[_city(zone)].append(zone)
    return {city: tuple(found) for city, found in index.items()}


def _tab_rows(name: str) -> list[list[str]]:
    """The rows of one of tzdata's tab-separated tables, comments left out."""
    table = files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in table.splitlines() if not line.startswith("#")]


@cache
def _country_index() -> dict[str, tuple[str, ...]]:
    """Normalised country name (and its short form in brackets) to its zones."""
    zones: defaultdict[str, list[str]] = defaultdict(list)
    for row in _tab_rows("zone.tab"):
        if len(row) > 2 and row[2] in _all_zones():
            zones[row[0]].append(row[2])
    countries = [row for row in _tab_rows("iso3166.tab") if len(row) > 1]
    names = {_normalise(name): code for code, name in countries}  # "korea south"
    bases: defaultdict[str, set[str]] = defaultdict(set)  # "korea": North and South
    for code, name in countries:
        bases[_normalise(re.sub(r"\(.*\)", "", name))].add(code)
    names |= {base: codes.pop() for base, codes in bases.items() if len(codes) == 1}
    names |= COUNTRY_ALIASES
    main = main_zones()
    return {name: (main[code],) if code in main else tuple(zones[code])
            for name, code in names.items() if zones.get(code)}


@cache
def _country_codes() -> dict[str, str]:
    """Normalised country name to its ISO code, for "Paris, France"."""
    names = {_normalise(name): code for code, name in
             (row[:2] for row in _tab_rows("iso3166.tab") if len(row) > 1)}
    return names | COUNTRY_ALIASES


def _starting_with(key: str) -> tuple[str, ...]:
    """Current zones whose city starts with the key, sorted."""
    index = _city_index(True)
    return tuple(sorted(z for city, zones in index.items() if city.startswith(key) for z in zones))


def _one(text: str, found: tuple[str, ...]) -> str:
    """The single match, or ZoneAmbiguous."""
    if len(found) > 1:
        raise ZoneAmbiguous(text, found)
    return found[0]


def resolve_zone(text: str) -> str:
    """IANA zone name for a typed zone, city or country.

    Raises ZoneNotFound (ZoneIsOffset for "UTC+1") or ZoneAmbiguous otherwise.
    """
    if _OFFSET.match("".join(text[:_MAX_TEXT].casefold().split())):
        raise ZoneIsOffset(text)
    key = _full_key(text[:_MAX_TEXT])
    try:
        return _resolve_key(key, text)
    except ZoneNotFound:
        if "," not in key:
            raise
    return _resolve_key(key.split(",", 1)[0].strip(), text)  # "Paris, France"


def _resolve_key(key: str, text: str) -> str:
    """Resolve a normalised key through the tiers of the module docstring."""
    if not key:
        raise ZoneNotFound(text)
    for names in (ABBREVIATIONS, CITIES):
        if key in names:
            return _one(text, names[key])
    if key in _full_index():
        return _full_index()[key]
    if key in _city_index(True):
        return _one(text, _city_index(True)[key])
    place = find_place(text, _country_codes())
    if isinstance(place, Found):
        return place.zone
    if isinstance(place, Choose):
        raise ZoneAmbiguous(text, tuple(c.zone for c in place.cities),
                            tuple(c.label() for c in place.cities))
    for index in (_city_index(False), _country_index()):
        if key in index:
            return _one(text, index[key])
    if len(key) >= _MIN_PREFIX and (found := _starting_with(key)):
        return _one(text, found)
    if isinstance(place, Guess):
        raise ZoneGuess(text, place.city.zone, place.city.label())
    raise ZoneNotFound(text)


def zone_from_location(latitude: float, longitude: float) -> str:
    """IANA zone at a point, offline; ZoneNotFound for bad coordinates or no answer."""
    text = f"{latitude}, {longitude}"
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise ZoneNotFound(text)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ZoneNotFound(text)
    zone = get_tz(longitude, latitude)
    if not isinstance(zone, str) or not zone:
        raise ZoneNotFound(text)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ZoneNotFound(text) from error
    return zone


def local_now_label(tz: str, now: datetime) -> str:
    """A confirmation label such as "Europe/Berlin (now 18:05)"."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    return _("{zone} (now {time})").format(zone=tz,
                                           time=f"{now.astimezone(ZoneInfo(tz)):%H:%M}")

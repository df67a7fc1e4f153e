# ruff: noqa: RUF001, RUF002 (Russian names are the point of this module)
"""Cities and countries typed in Russian, for the time zone: «Москва», «в Казани»,
«Алматы», «Германия», «живу в Нью-Йорке».

`english_place` turns the Russian name, in any case («в Москве», «из Минска», «в
Нижнем Новгороде»), into what coach.timezones reads ("Moscow, RU", "Germany"), from the
committed table coach/places_ru.tsv (tools/gen_cities.py: GeoNames' alternate names of the
cities of coach/cities.tsv, and the locale data's country names). None when the text has
no Russian letter or names no place the table knows.
"""

import re
from functools import cache
from importlib.resources import files
from itertools import islice, product

from coach.russian import has_cyrillic

# A case ending, and the nominative endings it may come from («Москве» ← «Москва»).
_ENDINGS = (("ого", ("ий", "ый", "ой")), ("ем", ("ий", "ь", "")), ("ом", ("", "о", "ий")),
            ("ой", ("ая", "а", "ой")), ("ых", ("ые", "ие")), ("ах", ("ы", "и", "а")),
            ("е", ("а", "", "ь", "я", "о", "й")), ("и", ("ь", "я", "а", "")),
            ("у", ("а", "")), ("ы", ("а", "")), ("а", ("", "ь", "о")), ("ю", ("ь", "я")))
_LEAD = re.compile(r"^(?:(?:я|сейчас|живу|нахожусь|мой|мое|часовой пояс|пояс|время|город|"
                   r"г|в|во|из|по|тренируюсь|бегаю)\b\.?\s*)+")
MAX_WORDS = 4


def ru_key(name: str) -> str:
    """A Russian name folded for lookup: lower case, «ё» as «е», hyphens as spaces."""
    plain = name.lower().replace("ё", "е")
    return " ".join(re.sub(r"[^а-я0-9]+", " ", plain).split())


def english_place(text: str) -> str | None:
    """What the English resolver reads for a Russian place; see the module docstring."""
    if not has_cyrillic(text):
        return None
    first = text[:120].split(",", 1)[0]  # «Москва, Россия»: the city tells its country
    return _one(_LEAD.sub("", ru_key(first)))


def _one(words: str) -> str | None:
    table = _table()
    split = words.split()
    if not split or len(split) > MAX_WORDS:
        return None
    candidates = product(*(_nominatives(word) for word in split))
    return next((table[k] for k in map(" ".join, islice(candidates, 500)) if k in table), None)


def _nominatives(word: str) -> list[str]:
    """The word, then the dictionary forms its ending may come from."""
    forms = [word]
    for ending, bases in _ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 1:
            forms += [word[: -len(ending)] + base for base in bases]
    return list(dict.fromkeys(forms))


@cache
def _table() -> dict[str, str]:
    rows = files("coach").joinpath("places_ru.tsv").read_text(encoding="utf-8").splitlines()
    pairs = (row.split("\t", 1) for row in rows if not row.startswith("#"))
    return {pair[0]: pair[1] for pair in pairs}

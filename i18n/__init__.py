"""Texts in the runner's language: gettext catalogs, and numbers and dates in its words.

Every user-facing text is written in English in the source and goes through `_` (or
`ngettext` for plurals, `pgettext` where one English word needs two translations). A text
built at import time is marked with `N_` and translated where it is used: `_(GREETING)`.

The language is per task, not global: `with language("ru"): …` around the work for one
runner (a handler for their update, the rendering of their card). Outside any `language`
block texts are English, the source, so code that never chose a language reads as before.

Catalogs live in `i18n/locales/<lang>/LC_MESSAGES/coachbot.po` and are compiled in memory
the first time a language is used (Babel reads the .po, fuzzy entries left out), so there
is no build step and no binary in the repository. `make messages` extracts the texts into
`i18n/coachbot.pot` and updates every catalog from it (docs/translating.md).

Numbers, weekdays, months and dates come from Babel's locale data ("12,5" in Russian).
"""

from __future__ import annotations

import gettext as _gettext
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache, lru_cache
from io import BytesIO
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date, get_day_names, get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

SOURCE = "en"
LANGUAGES = ("en", "ru")  # the languages the bot speaks, source first
NAMES = {"en": "English", "ru": "Русский"}  # each language in its own words (the switch)
DOMAIN = "coachbot"
LOCALES = Path(__file__).with_name("locales")
NUMBERS_KEPT = 4096  # formatted numbers kept, per (language, value, places)
DAYS_KEPT = 1024  # formatted dates kept, per (language, date, pattern)

_current: ContextVar[str] = ContextVar("coachbot_language", default=SOURCE)
_installed: dict[str, _gettext.NullTranslations] = {}


def pick(language_code: str | None) -> str:
    """The language for a Telegram `language_code` ("ru", "ru-RU", "en-GB", None)."""
    base = (language_code or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else SOURCE


def known(code: str | None) -> str:
    """`code` if the bot speaks it (or a catalog was installed for it), else the source."""
    if code and (code in LANGUAGES or code in _installed):
        return code
    return SOURCE


def current() -> str:
    """The language of the work in progress."""
    return _current.get()


@contextmanager
def language(code: str | None) -> Iterator[str]:
    """Texts made inside the block are in `code` (the source when unknown or None)."""
    chosen = known(code)
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def install(code: str, translations: _gettext.NullTranslations) -> None:
    """Use `translations` for `code` (a catalog made in code: tests' pseudo-locale)."""
    _installed[code] = translations


def uninstall(code: str) -> None:
    _installed.pop(code, None)


@cache
def _compiled(code: str) -> _gettext.NullTranslations:
    path = LOCALES / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if code == SOURCE or not path.exists():
        return _gettext.NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out: they fall back to English
    compiled.seek(0)
    return _gettext.GNUTranslations(compiled)


def translations(code: str | None = None) -> _gettext.NullTranslations:
    """The catalog of `code` (default: the current language)."""
    chosen = known(code) if code is not None else current()
    return _installed.get(chosen) or _compiled(chosen)


def _(message: str) -> str:
    """`message` in the current language."""
    code = _current.get()  # translations(), inline: a card asks for some thirty texts
    return (_installed.get(code) or _compiled(code)).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` in the current language (Russian has three); format `n` in after."""
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` as meant in `context` (one English word, two translations)."""
    return translations().pgettext(context, message)


def N_(message: str) -> str:
    """Marks a text built at import time for the catalog; translate it where it is used."""
    return message


def locale(code: str | None = None) -> Locale:
    """Babel's locale data of `code` (default: the current language)."""
    if code is None:
        return _locale(_locale_code())
    chosen = known(code)
    return _locale(chosen if chosen in LANGUAGES else SOURCE)


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def number(value: float, places: int = 2) -> str:
    """A number as the language writes it, without trailing zeros: '12.5', '12,5', '8'."""
    rounded, code = round(value, places), _locale_code()
    if rounded == 0 and math.copysign(1.0, rounded) < 0:  # "-0", yet -0.0 == 0.0 as a key
        return _number(code, rounded, places)
    return _number_kept(code, rounded, places)


def _locale_code() -> str:
    """The language whose locale data `locale()` gives (the source for a test catalog)."""
    chosen = current()
    return chosen if chosen in LANGUAGES else SOURCE


def _number(code: str, rounded: float, places: int) -> str:
    pattern = "0." + "#" * places if places > 0 else "0"
    return format_decimal(rounded, format=pattern, locale=_locale(code))


# Babel formats a number in tens of microseconds and a card shows five loads: the few loads
# and distances there are, kept per language.
_number_kept = lru_cache(maxsize=NUMBERS_KEPT, typed=True)(_number)


def weekday(index: int, width: Literal["wide", "abbreviated", "short"] = "wide") -> str:
    """Monday is 0. width: 'wide' (Monday, понедельник), 'abbreviated' (Mon, пн),
    'short' (Mo, пн); in the language's own case (Russian weekdays are lower case)."""
    return str(get_day_names(width, context="format", locale=locale())[index])


def month(number_: int, width: Literal["wide", "abbreviated"] = "wide") -> str:
    """January is 1, in the form used with a day ('12 апреля')."""
    return str(get_month_names(width, context="format", locale=locale())[number_])


def day(when: date | datetime, pattern: str) -> str:
    """`when` in a CLDR pattern: day(d, _("EEE d MMM")) → 'Tue 6 Jan', 'вт 6 янв.'.

    Pass the pattern through `_` so each language may order it its own way."""
    return _day(_locale_code(), when, pattern)


@lru_cache(maxsize=DAYS_KEPT, typed=True)
def _day(code: str, when: date | datetime, pattern: str) -> str:
    """Kept per language: a reminder fan-out writes the same few days thousands of times."""
    return format_date(when, pattern, locale=_locale(code))


def capital(text: str) -> str:
    """The first letter in upper case ('понедельник' at the start of a line)."""
    return text[:1].upper() + text[1:]

"""The language per task, the catalogs compiled in memory, numbers and dates per language."""

import asyncio
import gettext
from datetime import date

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

import i18n
from i18n import N_, _, language, ngettext


@pytest.mark.parametrize(("code", "expected"), [
    ("ru", "ru"), ("ru-RU", "ru"), ("RU", "ru"), ("ru_UA", "ru"), ("en-GB", "en"),
    ("uk", "en"), ("", "en"), (None, "en"), ("xx-long-tag", "en"),
])
def test_telegrams_language_code_picks_a_language_the_bot_speaks(
        code: str | None, expected: str) -> None:
    assert i18n.pick(code) == expected


def test_outside_any_block_texts_are_the_english_source() -> None:
    assert i18n.current() == "en"
    assert _("Anything at all") == "Anything at all"
    assert ngettext("{n} set", "{n} sets", 1) == "{n} set"
    assert ngettext("{n} set", "{n} sets", 5) == "{n} sets"


def test_an_unknown_language_falls_back_to_english() -> None:
    with language("tlh") as chosen:
        assert chosen == "en"
        assert _("Goblet squat") == "Goblet squat"


def _pseudo(texts: dict[str, str]) -> gettext.GNUTranslations:
    from io import BytesIO

    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale="ru", domain="coachbot")
    for source, translated in texts.items():
        catalog.add(source, translated)
    catalog.add(("{n} set", "{n} sets"), ("{n} подход", "{n} подхода", "{n} подходов"))
    out = BytesIO()
    write_mo(out, catalog)
    out.seek(0)
    return gettext.GNUTranslations(out)


def test_an_installed_catalog_translates_inside_its_block_only() -> None:
    i18n.install("zz", _pseudo({"Rest day": "День отдыха"}))
    try:
        with language("zz"):
            assert _("Rest day") == "День отдыха"
            assert [ngettext("{n} set", "{n} sets", n) for n in (1, 3, 5, 11, 21, 22)] == [
                "{n} подход", "{n} подхода", "{n} подходов", "{n} подходов", "{n} подход",
                "{n} подхода"]
        assert _("Rest day") == "Rest day"
    finally:
        i18n.uninstall("zz")


async def test_each_task_keeps_its_own_language() -> None:
    i18n.install("zz", _pseudo({"Rest day": "День отдыха"}))
    seen: dict[str, str] = {}

    async def runner(name: str, code: str) -> None:
        with language(code):
            await asyncio.sleep(0)
            seen[name] = _("Rest day")

    try:
        await asyncio.gather(runner("a", "zz"), runner("b", "en"), runner("c", "zz"))
    finally:
        i18n.uninstall("zz")
    assert seen == {"a": "День отдыха", "b": "Rest day", "c": "День отдыха"}


def test_n_marks_a_text_without_translating_it() -> None:
    assert N_("Goblet squat") == "Goblet squat"


def test_numbers_have_the_languages_decimal_mark_and_no_trailing_zeros() -> None:
    assert [i18n.number(x) for x in (12.5, 12.0, 0.25, 101.0)] == ["12.5", "12", "0.25", "101"]
    with language("ru"):
        assert [i18n.number(x) for x in (12.5, 12.0, 1.25)] == ["12,5", "12", "1,25"]
        assert i18n.number(1.26, places=1) == "1,3"


@given(value=st.one_of(st.floats(-1e6, 1e6), st.integers(-10_000, 10_000),
                       st.sampled_from([0.0, -0.0, -0.001, 0.004, 2.675])),
       places=st.integers(0, 3), code=st.sampled_from(["en", "ru", "tlh"]))
def test_a_kept_number_reads_as_babel_writes_it(value: float, places: int, code: str) -> None:
    pattern = "0." + "#" * places if places > 0 else "0"
    with language(code):
        expected = format_decimal(round(value, places), format=pattern, locale=i18n.locale())
        assert i18n.number(value, places) == expected
        assert i18n.number(value, places) == expected  # once kept, the same


def test_kept_numbers_and_days_stay_apart_per_language_and_sign() -> None:
    assert (i18n.number(-0.0), i18n.number(0.0), i18n.number(-0.001)) == ("-0", "0", "-0")
    assert (i18n.number(12.5), i18n.number(12.5, 0)) == ("12.5", "12")
    tuesday = date(2026, 4, 14)
    assert i18n.day(tuesday, "EEE d MMM") == "Tue 14 Apr"
    with language("ru"):
        assert i18n.number(12.5) == "12,5"
        assert i18n.day(tuesday, "d MMMM") == "14 апреля"
    assert (i18n.number(12.5), i18n.day(tuesday, "d MMMM")) == ("12.5", "14 April")


def test_weekdays_months_and_dates_come_from_the_locale_data() -> None:
    tuesday = date(2026, 4, 14)
    assert (i18n.weekday(1), i18n.weekday(1, "abbreviated")) == ("Tuesday", "Tue")
    assert i18n.day(tuesday, "EEE d MMM") == "Tue 14 Apr"
    with language("ru"):
        assert (i18n.weekday(1), i18n.weekday(1, "abbreviated")) == ("вторник", "вт")
        assert i18n.month(4) == "апреля"
        assert i18n.day(tuesday, "d MMMM") == "14 апреля"
        assert i18n.capital(i18n.weekday(0)) == "Понедельник"


def test_the_russian_catalog_loads_with_three_plural_forms() -> None:
    with language("ru"):
        catalog = i18n.translations()
        assert isinstance(catalog, gettext.GNUTranslations)
        assert [catalog.plural(n) for n in (1, 3, 5)] == [0, 1, 2]  # type: ignore[attr-defined]

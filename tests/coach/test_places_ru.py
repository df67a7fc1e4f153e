"""Cities and countries typed in Russian resolve to their time zone (coach.places_ru)."""

from contextlib import suppress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.places_ru import english_place, ru_key
from coach.timezones import ZoneAmbiguous, ZoneNotFound, resolve_zone


@pytest.mark.parametrize(("text", "zone"), [
    ("Москва", "Europe/Moscow"), ("в Москве", "Europe/Moscow"), ("из Москвы", "Europe/Moscow"),
    ("Санкт-Петербург", "Europe/Moscow"), ("в Санкт-Петербурге", "Europe/Moscow"),
    ("Питер", "Europe/Moscow"), ("Новосибирск", "Asia/Novosibirsk"),
    ("в Екатеринбурге", "Asia/Yekaterinburg"), ("в Казани", "Europe/Moscow"),
    ("в Нижнем Новгороде", "Europe/Moscow"), ("Калининград", "Europe/Kaliningrad"),
    ("Самара", "Europe/Samara"), ("в Перми", "Asia/Yekaterinburg"), ("Омск", "Asia/Omsk"),
    ("Владивосток", "Asia/Vladivostok"), ("Петропавловск-Камчатский", "Asia/Kamchatka"),
    ("Минск", "Europe/Minsk"), ("Алматы", "Asia/Almaty"), ("Киев", "Europe/Kyiv"),
    ("Ташкент", "Asia/Tashkent"), ("Бишкек", "Asia/Bishkek"), ("Душанбе", "Asia/Dushanbe"),
    ("Кишинёв", "Europe/Chisinau"), ("Ереван", "Asia/Yerevan"), ("Тбилиси", "Asia/Tbilisi"),
    ("Баку", "Asia/Baku"), ("Рига", "Europe/Riga"), ("Лондон", "Europe/London"),
    ("в Лондоне", "Europe/London"), ("Париж", "Europe/Paris"), ("в Берлине", "Europe/Berlin"),
    ("Вашингтон", "America/New_York"), ("в Нью-Йорке", "America/New_York"),
    ("Токио", "Asia/Tokyo"), ("Пекин", "Asia/Shanghai"), ("Каир", "Africa/Cairo"),
    ("Буэнос-Айрес", "America/Argentina/Buenos_Aires"), ("Сидней", "Australia/Sydney"),
    ("Валлетта", "Europe/Malta"), ("Бали", "Asia/Makassar"),
    ("Германия", "Europe/Berlin"), ("в Германии", "Europe/Berlin"), ("Беларусь", "Europe/Minsk"),
    ("Белоруссия", "Europe/Minsk"), ("Грузия", "Asia/Tbilisi"), ("Англия", "Europe/London"),
    ("Москва, Россия", "Europe/Moscow"), ("живу в Москве", "Europe/Moscow"),
])
def test_russian_places_resolve_to_their_zone(text: str, zone: str) -> None:
    assert resolve_zone(text) == zone


def test_a_country_of_many_zones_is_asked_about() -> None:
    with pytest.raises(ZoneAmbiguous):
        resolve_zone("Россия")
    with pytest.raises(ZoneAmbiguous):
        resolve_zone("в Казахстане")


def test_an_unknown_russian_word_is_no_place() -> None:
    assert english_place("абырвалг") is None
    with pytest.raises(ZoneNotFound):
        resolve_zone("абырвалг")


def test_english_is_left_to_the_english_resolver() -> None:
    assert english_place("Moscow") is None
    assert resolve_zone("Moscow") == "Europe/Moscow"


def test_the_key_folds_case_yo_and_hyphens() -> None:
    assert ru_key("Кишинёв") == "кишинев"
    assert ru_key("Нью-Йорк") == "нью йорк"


@settings(deadline=None)
@given(st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюя -,.", max_size=50))
def test_any_russian_text_resolves_or_is_refused(text: str) -> None:
    with suppress(ZoneNotFound, ZoneAmbiguous):
        resolve_zone(text)

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.timezones import (
    COMMON_ZONES,
    ZoneAmbiguous,
    ZoneGuess,
    ZoneIsOffset,
    ZoneNotFound,
    local_now_label,
    resolve_zone,
    zone_from_location,
)


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("AMERICA/NEW_YORK", "America/New_York"),
        ("america/new york", "America/New_York"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("utc", "UTC"),
        ("Etc/GMT-2", "Etc/GMT-2"),
        ("Etc/GMT+2", "Etc/GMT+2"),
        ("US/Eastern", "US/Eastern"),
    ],
)
def test_a_full_zone_name_is_accepted_in_any_case(text: str, zone: str) -> None:
    assert resolve_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("berlin", "Europe/Berlin"),
        ("Tokyo", "Asia/Tokyo"),
        ("New York", "America/New_York"),
        ("new_york", "America/New_York"),
        ("  new   york ", "America/New_York"),
        ("sao paulo", "America/Sao_Paulo"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Port au Prince", "America/Port-au-Prince"),
        ("St. John's", "America/St_Johns"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
        ("Paris, France", "Europe/Paris"),
    ],
)
def test_a_city_name_finds_its_zone(text: str, zone: str) -> None:
    assert resolve_zone(text) == zone


def test_an_old_city_name_is_a_fallback() -> None:
    assert resolve_zone("Calcutta") == "Asia/Calcutta"


def test_the_start_of_a_city_name_is_enough_when_it_is_unique() -> None:
    assert resolve_zone("Berl") == "Europe/Berlin"


def test_a_name_shared_by_several_cities_is_ambiguous() -> None:
    with pytest.raises(ZoneAmbiguous) as caught:
        resolve_zone("new")
    assert caught.value.text == "new"
    assert {"America/New_York", "America/North_Dakota/New_Salem"} <= set(caught.value.candidates)


def test_two_letters_are_not_enough_to_guess_a_city() -> None:
    with pytest.raises(ZoneNotFound):
        resolve_zone("Be")


@pytest.mark.parametrize(
    "text", ["", "   ", "Narnia", "qwertyuiop", "Europe/Nowhere", "Z"]
)
def test_gibberish_is_not_a_zone(text: str) -> None:
    with pytest.raises(ZoneNotFound) as caught:
        resolve_zone(text)
    assert caught.value.text == text


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("EST", "America/New_York"),  # not the database's EST, which never shifts for summer
        ("edt", "America/New_York"),
        ("Eastern", "America/New_York"),
        ("pacific time", "America/Los_Angeles"),
        ("PST", "America/Los_Angeles"),
        ("HST", "Pacific/Honolulu"),
        ("BST", "Europe/London"),
        ("AEST", "Australia/Sydney"),
        ("CET", "CET"),
        ("CEST", "CET"),
        ("NYC", "America/New_York"),
        ("LA", "America/Los_Angeles"),
        ("San Francisco", "America/Los_Angeles"),
        ("Munich", "Europe/Berlin"),
        ("München", "Europe/Berlin"),
        ("Cape Town", "Africa/Johannesburg"),
        ("Mumbai", "Asia/Kolkata"),
        ("Beijing", "Asia/Shanghai"),
    ],
)
def test_abbreviations_and_big_cities_without_a_zone_of_their_own_are_known(
    text: str, zone: str,
) -> None:
    assert resolve_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("India", "Asia/Kolkata"),  # not America/Indiana/Indianapolis by its first letters
        ("UK", "Europe/London"),
        ("England", "Europe/London"),
        ("united kingdom", "Europe/London"),
        ("Britain", "Europe/London"),
        ("South Korea", "Asia/Seoul"),
        ("Korea (South)", "Asia/Seoul"),
        ("Ireland", "Europe/Dublin"),
        ("Netherlands", "Europe/Amsterdam"),
    ],
)
def test_a_country_with_one_time_zone_gives_it(text: str, zone: str) -> None:
    assert resolve_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "zone"),
    [("Germany", "Europe/Berlin"), ("Spain", "Europe/Madrid")],
)
def test_a_country_that_nearly_all_lives_by_one_zone_gets_it_directly(
    text: str, zone: str,
) -> None:
    assert resolve_zone(text) == zone


@pytest.mark.parametrize(
    ("text", "included"),
    [
        ("IST", {"Asia/Kolkata", "Europe/Dublin", "Asia/Jerusalem"}),
        ("MST", {"America/Denver", "America/Phoenix"}),
        ("USA", {"America/New_York", "America/Los_Angeles"}),
        ("Australia", {"Australia/Sydney", "Australia/Perth"}),
    ],
)
def test_an_abbreviation_or_country_with_several_zones_asks(
    text: str, included: set[str],
) -> None:
    with pytest.raises(ZoneAmbiguous) as caught:
        resolve_zone(text)
    assert included <= set(caught.value.candidates)


@pytest.mark.parametrize(
    "text", ["UTC+1", "utc-5", "GMT+2", "+01:00", "-0300", "UTC \u2212 3", "UTC+5:30", "+2h"],
)
def test_a_fixed_offset_is_refused_because_daylight_saving_would_break_it(text: str) -> None:
    with pytest.raises(ZoneIsOffset) as caught:
        resolve_zone(text)
    assert caught.value.text == text


def test_common_zones_are_all_loadable_and_resolve_to_themselves() -> None:
    assert len(COMMON_ZONES) == len(set(COMMON_ZONES)) == 8
    for zone in COMMON_ZONES:
        ZoneInfo(zone)
        assert resolve_zone(zone) == zone


@settings(deadline=None)  # a miss scans the city table for a near name: tens of ms
@given(st.text(max_size=40))
def test_resolving_any_text_gives_a_loadable_zone_or_one_of_two_errors(text: str) -> None:
    try:
        zone = resolve_zone(text)
    except (ZoneNotFound, ZoneAmbiguous):
        return
    assert zone in available_timezones()


@pytest.mark.parametrize(
    ("latitude", "longitude", "zone"),
    [
        (52.52, 13.405, "Europe/Berlin"),
        (40.7128, -74.006, "America/New_York"),
        (35.6762, 139.6503, "Asia/Tokyo"),
    ],
)
def test_a_location_gives_its_zone(latitude: float, longitude: float, zone: str) -> None:
    assert zone_from_location(latitude, longitude) == zone


def test_a_point_in_the_ocean_gives_a_loadable_nautical_zone() -> None:
    zone = zone_from_location(0.0, -30.0)
    assert zone.startswith("Etc/GMT")
    ZoneInfo(zone)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [(95.0, 0.0), (-91.0, 0.0), (0.0, 181.0), (float("nan"), 0.0), (0.0, float("inf"))],
)
def test_impossible_coordinates_are_not_a_zone(latitude: float, longitude: float) -> None:
    with pytest.raises(ZoneNotFound):
        zone_from_location(latitude, longitude)


def test_the_label_shows_the_local_time_now() -> None:
    now = datetime(2026, 6, 3, 16, 5, tzinfo=UTC)
    assert local_now_label("Europe/Berlin", now) == "Europe/Berlin (now 18:05)"
    assert local_now_label("Asia/Kolkata", now) == "Asia/Kolkata (now 21:35)"


def test_the_label_refuses_a_naive_now() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_now_label("UTC", datetime(2026, 6, 3, 16, 5))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("text", "zone"),
    [("Porto", "Europe/Lisbon"), ("Paris, TX", "America/Chicago"),
     ("Portland, Maine", "America/New_York"), ("Portland Maine", "America/New_York"),
     ("Victoria, BC", "America/Vancouver"), ("Gothenburg", "Europe/Stockholm"),
     ("Antwerp", "Europe/Brussels"), ("Calgary", "America/Edmonton"), ("Cork", "Europe/Dublin"),
     ("Lviv", "Europe/Kyiv"), ("Medellín", "America/Bogota"), ("Medellin", "America/Bogota"),
     ("Raleigh", "America/New_York"), ("Tucson", "America/Phoenix"),
     ("Ho Chi Minh City", "Asia/Ho_Chi_Minh"), ("Paris", "Europe/Paris"),
     ("Paris, France", "Europe/Paris")],
)
def test_cities_of_the_gazetteer_are_found_with_their_qualifiers(text: str, zone: str) -> None:
    assert resolve_zone(text) == zone


def test_a_city_name_shared_by_places_of_similar_size_asks_naming_them() -> None:
    with pytest.raises(ZoneAmbiguous) as caught:
        resolve_zone("Victoria")
    assert "America/Vancouver" in caught.value.candidates
    assert "Australia/Victoria" not in caught.value.candidates
    assert "Victoria, CA" in caught.value.labels


@pytest.mark.parametrize(("text", "zone"), [("berln", "Europe/Berlin"),
                                            ("sdyney", "Australia/Sydney")])
def test_a_near_miss_of_a_big_city_is_offered_not_taken(text: str, zone: str) -> None:
    with pytest.raises(ZoneGuess) as caught:
        resolve_zone(text)
    assert caught.value.zone == zone

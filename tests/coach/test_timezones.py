from datetime import UTC, datetime
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.timezones import (
    COMMON_ZONES,
    ZoneAmbiguous,
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
    "text", ["", "   ", "Atlantis", "qwertyuiop", "Europe/Nowhere", "Eastern"]
)
def test_gibberish_is_not_a_zone(text: str) -> None:
    with pytest.raises(ZoneNotFound) as caught:
        resolve_zone(text)
    assert caught.value.text == text


def test_common_zones_are_all_loadable_and_resolve_to_themselves() -> None:
    assert len(COMMON_ZONES) == len(set(COMMON_ZONES)) == 8
    for zone in COMMON_ZONES:
        ZoneInfo(zone)
        assert resolve_zone(zone) == zone


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

"""What the runner trains with: reading it, and loads that exist in it."""

import pytest

from coach.equipment import (
    BODYWEIGHT,
    GYM,
    Equipment,
    EquipmentNotUnderstood,
    Kind,
    decode,
    encode,
    first_load,
    fit,
    heavier,
    lighter,
    parse_equipment,
)
from coach.units import KG_PER_LB

BELLS = Equipment(Kind.WEIGHTS, (8.0, 12.0, 16.0, 24.0), "kettlebells")


def test_a_list_of_kettlebells_is_read_as_the_weights_owned() -> None:
    kit = parse_equipment("8 12 16 24 kg kettlebells")
    assert kit == BELLS


def test_a_dumbbell_range_in_pounds_is_read_step_by_step_in_kg() -> None:
    kit = parse_equipment("dumbbells 5-25 lb in 5s")
    assert kit.kind is Kind.WEIGHTS
    assert kit.label == "dumbbells"
    assert [round(w / KG_PER_LB) for w in kit.weights_kg] == [5, 10, 15, 20, 25]


def test_bare_numbers_are_in_the_runners_unit() -> None:
    kit = parse_equipment("dumbbells 10 20 30", unit="lb")
    assert [round(w / KG_PER_LB) for w in kit.weights_kg] == [10, 20, 30]


@pytest.mark.parametrize("text", ["none", "body weight", "Nothing", "bw"])
def test_no_equipment_is_body_weight_only(text: str) -> None:
    assert parse_equipment(text) == BODYWEIGHT


def test_a_gym_has_fine_plate_steps() -> None:
    assert parse_equipment("I go to the gym") == GYM
    assert heavier(GYM, 10.0, 1.0, 24.0) == 11.0


@pytest.mark.parametrize("text", ["kettlebells", "some stuff", "dumbbells 0 kg"])
def test_kit_without_weights_is_not_understood(text: str) -> None:
    with pytest.raises(EquipmentNotUnderstood):
        parse_equipment(text)


def test_heavier_means_the_next_owned_weight_and_never_past_the_ceiling() -> None:
    assert heavier(BELLS, 12.0, 2.0, 32.0) == 16.0
    assert heavier(BELLS, 16.0, 2.0, 20.0) is None
    assert heavier(BELLS, 24.0, 2.0, 32.0) is None
    assert heavier(BODYWEIGHT, 0.0, 2.0, 32.0) is None


def test_lighter_means_the_owned_weight_below_then_body_weight() -> None:
    assert lighter(BELLS, 16.0, 2.0) == 12.0
    assert lighter(BELLS, 8.0, 2.0) == 0.0
    assert lighter(GYM, 1.0, 2.0) == 0.0


def test_the_first_load_is_the_owned_weight_nearest_the_wanted_one() -> None:
    assert first_load(BELLS, 6.0, 24.0) == 8.0
    assert first_load(BELLS, 14.0, 24.0) == 12.0  # a tie goes to the lighter
    assert first_load(BODYWEIGHT, 6.0, 24.0) is None


def test_a_target_load_not_owned_fits_down_to_one_that_is() -> None:
    assert fit(BELLS, 14.0) == 12.0
    assert fit(BELLS, 6.0) == 0.0
    assert fit(BODYWEIGHT, 14.0) == 0.0
    assert fit(GYM, 14.0) == 14.0


def test_kit_survives_being_stored() -> None:
    assert decode(*encode(BELLS), "kettlebells") == BELLS

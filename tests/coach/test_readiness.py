"""Readiness before a session — fresh, heavy, sore, pain — and the session it leaves."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.exercises import EXERCISE_IDS
from coach.pain import ADVICE, SWAPS, by_area, loaded_by, swapped
from coach.progression import Target
from coach.readiness import Fine, Level, Today, Told, read_readiness, reshaped, shape

TARGETS = [(ex, Target(3, 7, 10.0)) for ex in EXERCISE_IDS]


@pytest.mark.parametrize(("text", "told"), [
    ("my achilles is sore", Told(Level.PAIN, by_area("achilles"))),
    ("knee hurts", Told(Level.PAIN, by_area("knee"))),
    ("Legs feel heavy today", Told(Level.HEAVY)),
    ("legs are sore from Sunday", Told(Level.SORE)),
    ("legs feel fresh", Told(Level.FRESH)),
    ("pulled my hamstring", Told(Level.PAIN, by_area("hamstring"))),
    ("sharp pain in my left foot", Told(Level.PAIN, by_area("foot"))),
    ("something hurts", Told(Level.PAIN)),
    ("lower back is aching", Told(Level.PAIN, by_area("back"))),
])
def test_plain_chat_about_the_legs_is_read(text: str, told: Told) -> None:
    assert read_readiness(text) == told


@pytest.mark.parametrize(("text", "area"), [
    ("my right knee hurts on lunges", "knee"),
    ("squats hurt my knee", "knee"),
    ("calf raises make my achilles sore", "achilles"),
])
def test_pain_told_with_a_lift_but_no_numbers_is_pain_in_that_area(text: str,
                                                                  area: str) -> None:
    assert read_readiness(text) == Told(Level.PAIN, by_area(area))


@pytest.mark.parametrize("text", ["lunges felt good", "goblet squat is heavy",
                                  "skip lunges, knee hurts", "lunges 8 8 8, knee sore"])
def test_a_lift_named_without_an_area_in_pain_or_with_report_words_is_not_readiness(
        text: str) -> None:
    assert read_readiness(text) is None


@pytest.mark.parametrize(("text", "fine"), [
    ("achilles is fine now", Fine(by_area("achilles"))),
    ("Knee feels better", Fine(by_area("knee"))),
    ("no more pain", Fine(None)),
])
def test_saying_an_area_is_fine_is_read(text: str, fine: Fine) -> None:
    assert read_readiness(text) == fine


@pytest.mark.parametrize("text", [
    "calf 8 8 8, achilles sore", "goblet 3x8 @ 12kg", "all done", "skip", "hello",
    "what's next?", "knee isn't better", "good morning",
])
def test_reports_and_other_talk_are_not_readiness(text: str) -> None:
    assert read_readiness(text) is None


@given(st.text(max_size=200))
def test_the_readiness_reader_never_fails_on_any_text(text: str) -> None:
    read_readiness(text)


@given(st.sampled_from(["achilles", "calf", "knee", "hip", "hamstring", "foot", "back"]),
       st.sampled_from(["is sore", "hurts", "is painful", "feels tweaked", "aches"]),
       st.sampled_from(["my ", "", "the ", "My left "]))
def test_an_area_that_hurts_is_always_read_as_pain_in_that_area(area: str, verb: str,
                                                                prefix: str) -> None:
    told = read_readiness(f"{prefix}{area} {verb}")
    assert isinstance(told, Told)
    assert told.level is Level.PAIN
    assert told.area is not None


def test_fresh_legs_keep_the_session_as_planned() -> None:
    shaped = shape(TARGETS, Today(level=Level.FRESH))
    assert [p.target for p in shaped.items] == [t for _, t in TARGETS]


def test_heavy_legs_trim_a_set_and_drop_the_step_up() -> None:
    shaped = shape(TARGETS, Today(level=Level.HEAVY))
    assert shaped.left_out == ("step_up",)
    assert {p.target.sets for p in shaped.items if p.target is not None} == {2}


def test_sore_legs_keep_it_light_at_body_weight_and_five_reps() -> None:
    shaped = shape(TARGETS, Today(level=Level.SORE))
    assert {(p.target.reps, p.target.load_kg) for p in shaped.items
            if p.target is not None} == {(5, 0.0)}


def test_pain_skips_the_exercises_that_load_the_area() -> None:
    shaped = shape(TARGETS, Today(level=Level.PAIN, pain_today=frozenset({"achilles"})))
    assert shaped.left_out == ("eccentric_calf_raise",)
    assert shape(TARGETS, Today(pain_today=frozenset({"knee"}))).left_out == (
        "goblet_squat", "reverse_lunge", "step_up")


def test_pain_told_twice_for_an_area_swaps_its_exercises_for_gentler_ones() -> None:
    assert swapped({"achilles": 2, "knee": 1}) == frozenset({"achilles"})
    shaped = shape(TARGETS, Today(swapped=frozenset({"achilles"})))
    calf = next(p for p in shaped.items if p.exercise_id == "eccentric_calf_raise")
    assert calf.swap == SWAPS["eccentric_calf_raise"]
    assert calf.swap.name == "Isometric calf hold"
    assert SWAPS["reverse_lunge"].name == "Split-squat iso hold"
    assert SWAPS["step_up"].name == "Low-box step-up"


def test_a_race_week_light_session_is_two_exercises_of_two_sets_at_body_weight() -> None:
    shaped = shape(TARGETS, Today(light=True))
    done = [p for p in shaped.items if p.target is not None]
    assert len(done) == 2
    assert {(p.target.sets, p.target.load_kg) for p in done if p.target} == {(2, 0.0)}


def test_every_area_is_loaded_by_some_exercise_and_pain_advice_names_when_to_see_a_pro(
) -> None:
    for area in ("achilles", "knee", "hip", "hamstring", "foot", "shin", "back"):
        assert loaded_by(area)
    for needed in ("sharp", "changes how you run", "more than a few days"):
        assert needed in ADVICE


def test_a_plain_day_reshapes_nothing_so_every_target_can_move() -> None:
    usual = [("goblet_squat", Target(3, 6, 16.0)), ("sldl", Target(3, 6, 12.0))]
    assert reshaped(usual, Today()) == frozenset()
    assert reshaped(usual, Today(level=Level.FRESH)) == frozenset()


def test_a_sore_day_reshapes_every_loaded_exercise_so_their_targets_hold() -> None:
    usual = [("goblet_squat", Target(3, 6, 16.0)), ("sldl", Target(3, 5, 0.0))]
    assert reshaped(usual, Today(level=Level.SORE)) == {"goblet_squat"}

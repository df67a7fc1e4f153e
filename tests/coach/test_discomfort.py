"""Graded discomfort (coach/discomfort.py): mild words carry on lighter, sharp ones stop
and are rated; the area is found; negations are none; inside a report line the sets still
count and the runner's words are kept as typed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.discomfort import Grade, grade
from coach.readiness import Level, Told, read_readiness
from coach.readline import read_line
from coach.reports import exercise_names
from coach.understand import Context, understand

AREAS = {  # words a runner uses -> coach.pain's area id
    "knee": "knee", "knees": "knee", "left knee": "knee", "achilles": "achilles",
    "calf": "achilles", "calves": "achilles", "hip": "hip", "glute": "hip", "groin": "hip",
    "hamstring": "hamstring", "hamstrings": "hamstring", "hammy": "hamstring",
    "shin": "shin", "shins": "shin", "ankle": "foot", "foot": "foot", "heel": "foot",
    "lower back": "back", "it band": "knee",
}
MILD = ["a bit tight", "tight", "stiff", "a little stiff", "niggly", "a bit sore", "sore",
        "achy", "feels funny", "a bit dodgy", "grumbling", "cramping", "tender"]
SHARP = ["twinged", "flaring up", "flared up", "hurts", "hurting", "pulled", "tweaked",
         "popped", "really sore", "very tight", "is killing me", "getting worse",
         "acting up", "sharp pain", "in pain", "strained"]
CLEAR = ["no pain", "didn't hurt", "pain free", "pain-free", "not sore at all",
         "no niggles", "doesn't hurt"]
LINES = {"goblet squat 3x8 12kg": ("goblet_squat", (8, 8, 8), 12.0),
         "sldl 8 8 7": ("sldl", (8, 8, 7), None),
         "reverse lunge 8 8 8 @ 10kg": ("reverse_lunge", (8, 8, 8), 10.0),
         "step up 3x6 at 8 kg": ("step_up", (6, 6, 6), 8.0)}
OWNER = st.sampled_from(["", "my ", "the "])


@given(st.sampled_from(sorted(AREAS)), st.sampled_from(MILD), OWNER)
def test_a_mild_word_about_an_area_is_mild_there(area: str, words: str, owner: str) -> None:
    found = grade(f"{owner}{area} {words}")
    assert found is not None
    assert found.grade is Grade.MILD
    assert found.area is not None
    assert found.area.id == AREAS[area]


@given(st.sampled_from(sorted(AREAS)), st.sampled_from(SHARP), OWNER)
def test_a_sharp_word_about_an_area_is_sharp_there(area: str, words: str, owner: str) -> None:
    found = grade(f"{owner}{area} {words}")
    assert found is not None
    assert found.grade is Grade.SHARP
    assert found.area is not None
    assert found.area.id == AREAS[area]


@given(st.sampled_from(sorted(AREAS)), st.sampled_from(CLEAR))
def test_negated_discomfort_is_none(area: str, words: str) -> None:
    assert grade(f"{area} {words}") is None
    assert grade(f"{words} in my {area}") is None


@pytest.mark.parametrize("text", ["heavy legs", "legs felt heavy", "hamstrings a bit tight",
                                  "a niggle in my knee", "stiff hips", "quads burning"])
def test_the_words_of_the_brief_for_mild(text: str) -> None:
    found = grade(text)
    assert found is not None
    assert found.grade is Grade.MILD


@pytest.mark.parametrize("text", ["felt heavy", "3x8 heavy", "strong today", "step back",
                                  "form got worse", "foam rolled calves after", "good"])
def test_words_that_are_no_discomfort(text: str) -> None:
    assert grade(text) is None


@pytest.mark.parametrize("text", ["shin sore when I walk", "foot aches at night"])
def test_a_bone_stress_sign_makes_a_mild_word_sharp(text: str) -> None:
    found = grade(text)
    assert found is not None
    assert found.grade is Grade.SHARP


@given(st.sampled_from(sorted(LINES)), st.sampled_from(sorted(AREAS)),
       st.sampled_from(MILD + SHARP), st.sampled_from([", ", " but my ", "; ", " "]))
def test_the_sets_on_the_line_are_stored_and_the_words_kept_as_typed(
        line: str, area: str, words: str, joint: str) -> None:
    told = f"{area} {words}"
    reading = understand(f"{line}{joint}{told}", Context())
    exercise_id, reps, load = LINES[line]
    assert [(r.exercise_id, r.sets.reps, r.sets.load_kg) for r in reading.lines] == [
        (exercise_id, reps, load)]
    assert not reading.problems
    [note] = reading.notes
    assert note.text.endswith(told)
    assert note.kind == (Grade.SHARP if words in SHARP else Grade.MILD).value
    assert note.area == AREAS[area]
    assert reading.stop == (words in SHARP)


@given(st.sampled_from(["Shins flaring up a bit!", "calf TWINGED on set 3 😬",
                        "hamstrings a bit tight tbh"]))
def test_a_note_keeps_capitals_and_words(told: str) -> None:
    note = read_line(f"goblet 3x8, {told}").notes[0]
    assert note.text == told.rstrip("!")


def test_no_exercise_name_or_alias_is_discomfort() -> None:
    assert [name for name in exercise_names() if grade(name) is not None] == []


@pytest.mark.parametrize("text", ["shins flaring up", "my calf twinged on the run",
                                  "knee is acting up"])
def test_sharp_words_in_chat_are_pain_for_the_readiness_flow(text: str) -> None:
    told = read_readiness(text)
    assert isinstance(told, Told)
    assert told.level is Level.PAIN
    assert told.area is not None


@given(st.sampled_from(sorted(LINES)), st.sampled_from(sorted(AREAS)),
       st.sampled_from(["a bit meh", "crackling", "barking", "on fire", "yelling at me",
                        "not loving it", "feels blah", "was a bit twangy"]))
def test_an_area_with_words_the_coach_does_not_know_is_noted_and_the_sets_kept(
        line: str, area: str, words: str) -> None:
    reading = understand(f"{line}, {area} {words}", Context())
    exercise_id, reps, load = LINES[line]
    assert [(r.exercise_id, r.sets.reps, r.sets.load_kg) for r in reading.lines] == [
        (exercise_id, reps, load)]
    assert not reading.problems
    [note] = reading.notes
    assert (note.kind, note.text, note.area) == ("niggle", f"{area} {words}", AREAS[area])


@given(st.sampled_from(sorted(LINES)), st.sampled_from(sorted(AREAS)),
       st.sampled_from(["ok", "fine", "felt fine", "all good", "no issues"]))
def test_an_area_said_to_be_fine_is_no_note(line: str, area: str, words: str) -> None:
    reading = understand(f"{line}, {area} {words}", Context())
    assert [r.exercise_id for r in reading.lines] == [LINES[line][0]]
    assert reading.notes == ()

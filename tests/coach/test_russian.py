# ruff: noqa: RUF001 (Russian phrasings are what is tested)
"""coach.russian: Russian reports in the reader's English; beyond corpus_ru.txt, it never
raises, leaves English alone, and stores nothing from words it does not know."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.discomfort import Grade, grade
from coach.equipment import Kind, parse_equipment
from coach.questions import Card, HowTo, Next, Swap, answer
from coach.readiness import Fine, Level, Told, read_readiness
from coach.reports import match_exercise
from coach.russian import english, has_cyrillic
from coach.talk import Correction, read_correction
from coach.understand import Context, understand
from coach.units import parse_unit, read_load

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
WORDS = st.sampled_from(
    ["гоблет", "выпады", "выпадов", "становая", "на", "одной", "ноге", "подъёмы", "носки",
     "зашагивания", "икры", "по", "каждую", "ногу", "левой", "правой", "подхода", "подходов",
     "кг", "кило", "без", "веса", "собственный", "вес", "х", "×", "x", "восемь", "три",
     "двенадцать", "с", "половиной", "пропускаю", "не", "сегодня", "готово", "всё", "по",
     "плану", "болит", "колено", "ахилл", "тянет", "ноет", "прострелило", "кроме", "точнее",
     "как", "в", "прошлый", "раз", "8", "3х8", "12кг", "8/7", "-", ",", "✅", "@", "16"])
RUSSIAN = st.lists(WORDS, max_size=14).map(" ".join)
MESSAGE = st.one_of(RUSSIAN, st.text(alphabet=CYRILLIC + "0123456789 ,.-/@хx×", max_size=80),
                    st.lists(RUSSIAN, min_size=2, max_size=5).map("\n".join))
UNKNOWN = st.one_of(
    st.sampled_from(["погода", "кошка", "молоко", "машина", "работа", "книга", "окно", "дождь",
                     "солнце", "телефон", "город", "улица", "чай", "собака", "музыка", "фильм"]),
    st.text(alphabet="бвгджзклмнпрстфхцчшщ", min_size=5, max_size=9))  # no word at all
NUMBERS = st.lists(st.integers(1, 20).map(str), min_size=1, max_size=4).map(" ".join)


@settings(deadline=None)
@given(MESSAGE, st.sampled_from([Context(), Context(unit="lb"), Context(pending=(), logged=5)]))
def test_reading_any_russian_text_never_raises_and_every_question_has_choices(
    text: str, ctx: Context,
) -> None:
    reading = understand(text, ctx)
    assert all(question.choices for question in reading.questions)


@settings(deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3FF), max_size=120))
def test_text_without_a_russian_letter_comes_back_unchanged(text: str) -> None:
    assert english(text) == text


@settings(deadline=None)
@given(UNKNOWN, NUMBERS, st.booleans())
def test_words_it_does_not_know_are_never_stored_as_a_report(
    word: str, numbers: str, first: bool,
) -> None:
    text = f"{word} {numbers}" if first else f"{numbers} {word}"
    assert understand(text, Context()).lines == ()


def test_case_endings_and_yo_read_the_same() -> None:
    assert english("колено") == english("коленом") == english("в колене") == "knee"
    assert english("подъёмы на носки 3х8") == english("подъемы на носки 3x8") == \
        "calf raise 3x8"
    assert english("выпадов") == english("выпады") == english("выпадами") == "lunge"


def test_the_cyrillic_times_sign_and_kilos_are_the_grammars() -> None:
    assert english("гоблет 3х8 12кг") == "goblet 3x8 12kg"
    assert english("гоблет 3 х 8 12 кило") == "goblet 3x8 12kg"


def test_number_words_become_digits() -> None:
    assert english("гоблет восемь восемь семь") == "goblet 8 8 7"
    assert english("выпады двадцать четыре") == "lunge 24"


def test_has_cyrillic() -> None:
    assert has_cyrillic("Гоблет")
    assert not has_cyrillic("goblet 3x8")


def test_questions_in_russian_are_answered_like_english_ones() -> None:
    card = Card(pending=("sldl", "step_up"))
    how = answer("как делать выпады?", card)
    assert isinstance(how, HowTo)
    assert how.exercise.id == "reverse_lunge"
    swap = answer("чем заменить зашагивания?", card)
    assert isinstance(swap, Swap)
    assert swap.exercise.id == "step_up"
    assert isinstance(answer("что дальше?", card), Next)


def test_how_the_legs_feel_in_russian() -> None:
    assert read_readiness("ноги тяжёлые") == Told(Level.HEAVY)
    assert read_readiness("ноги гудят") == Told(Level.HEAVY)
    assert read_readiness("ноги свежие") == Told(Level.FRESH)
    assert read_readiness("ноги забиты") == Told(Level.SORE)
    told = read_readiness("болит колено")
    assert isinstance(told, Told)
    assert told.level is Level.PAIN
    assert told.area is not None
    assert told.area.id == "knee"
    rated = read_readiness("колено 4 из 10")
    assert isinstance(rated, Told)
    assert rated.score == 4
    fine = read_readiness("ахилл в порядке")
    assert isinstance(fine, Fine)
    assert fine.area is not None
    assert fine.area.id == "achilles"
    assert read_readiness("ничего не болит") == Fine(None)
    assert read_readiness("гоблет 3х8") is None


def test_corrections_in_russian() -> None:
    assert read_correction("ой, гоблет 8 8 7") == Correction("goblet_squat", "goblet 8 8 7")
    assert read_correction("ой, последний подход выпадов был 6") == Correction(
        "reverse_lunge", "last set of lunge was 6", 6)
    assert read_correction("точнее 8 8 7") == Correction(None, "8 8 7")
    assert read_correction("гоблет 8 8 7") is None


AREAS = {
    "achilles": ["ахилл", "ахилла", "ахиллу", "ахилле", "ахиллы", "ахиллово сухожилие", "икре",
                 "икру"],
    "knee": ["колено", "колена", "коленом", "колене", "колени", "коленке", "чашечка"],
    "hip": ["бедро", "бедре", "тазобедренный", "ягодица", "ягодице", "пах", "паху"],
    "hamstring": ["задняя поверхность бедра", "заднюю поверхность бедра", "подколенное сухожилие"],
    "foot": ["стопа", "стопе", "пятка", "пятке", "подошве", "лодыжка", "голеностопе",
             "свод стопы"],
    "shin": ["голень", "голени", "надкостница"],
    "back": ["спина", "спине", "поясница", "пояснице"],
}


@pytest.mark.parametrize(("area", "form"), [(a, f) for a, forms in AREAS.items() for f in forms])
@pytest.mark.parametrize(("template", "sharp"), [("болит {}", True), ("{} ноет", False),
                                                 ("в {} прострелило", True),
                                                 ("{} немного тянет", False)])
def test_pain_words_across_body_parts_and_case_forms(
    area: str, form: str, template: str, sharp: bool,
) -> None:
    told = grade(template.format(form))
    assert told is not None
    assert told.area is not None
    assert told.area.id == area
    assert (told.grade is Grade.SHARP) is sharp


def test_the_kit_in_russian() -> None:
    assert parse_equipment("гантели 8 12 16 кг").weights_kg == (8.0, 12.0, 16.0)
    kettlebells = parse_equipment("гири 16 и 24")
    assert kettlebells.weights_kg == (16.0, 24.0)
    assert kettlebells.label == "kettlebells"
    assert parse_equipment("в зале").kind is Kind.GYM
    assert parse_equipment("только свой вес").kind is Kind.BODYWEIGHT
    assert parse_equipment("гантели от 2 до 10 кг с шагом 2").weights_kg == (
        2.0, 4.0, 6.0, 8.0, 10.0)


def test_units_loads_and_exercise_names_in_russian() -> None:
    assert parse_unit("кг") == "kg"
    assert parse_unit("фунты") == "lb"
    assert read_load("16 кг", "lb") == 16.0
    assert read_load("свой вес", "kg") == 0.0
    assert match_exercise("гоблет") == "goblet_squat"
    assert match_exercise("становая на одной ноге") == "sldl"
    assert match_exercise("зашагивания") == "step_up"
    assert match_exercise("кошка") is None


def test_discomfort_said_to_be_gone_is_no_skip() -> None:
    for text in ("no pain", "achilles no pain", "без боли", "ахилл больше не болит"):
        reading = understand(text, Context())
        assert reading.lines == ()
        assert reading.notes == ()

# ruff: noqa: RUF001  (Russian texts: Cyrillic letters that look Latin are meant)
"""The reader's replies and the week's reasons in Russian: questions, problems, plurals."""

from datetime import UTC, date, datetime

import pytest

from coach.exercises import by_id
from coach.period import Phase, why
from coach.plausible import label
from coach.progression import Context, Target, decide
from coach.races import Distance, Race
from coach.sets import ReportKind, ReportNotUnderstood, SetsReport, parse_sets
from coach.strava import WORKOUT, Activity, Runner, classify, spotted
from coach.transfer import ImportRefused, read_csv
from coach.understand import Context as Session
from coach.understand import understand
from i18n import language

KIT = Session(kit=(8.0, 12.0, 16.0))


def test_a_load_without_reps_is_asked_for_in_russian_with_a_decimal_comma() -> None:
    with language("ru"):
        reading = understand("goblet 12.5kg", Session())
    assert [p.reason for p in reading.problems] == [
        "Сколько повторений (12,5 кг)? Пришли их вместе с весом, например: "
        "«гоблет-присед 8 8 8 @ 12,5кг»."]


def test_a_question_about_many_reps_asks_in_russian() -> None:
    with language("ru"):
        question = understand("lunge 16 16 16", KIT).questions[0]
    assert question.text == "Уточню «lunge 16 16 16» — это на каждую ногу или обе ноги вместе?"


def test_a_refused_report_says_why_in_russian() -> None:
    with language("ru"), pytest.raises(ReportNotUnderstood) as refused:
        parse_sets("0x8")
    assert refused.value.reason == "Ноль подходов? Если это пропуск, просто ответь «пропустить»."


@pytest.mark.parametrize(("sets", "words"), [
    (1, "один подход"), (3, "три подхода"), (5, "5 подходов"), (4, "4 подхода")])
def test_the_weeks_reason_counts_sets_in_russian(sets: int, words: str) -> None:
    with language("ru"):
        text = why(Target(sets, 5, 12.0), Phase.LIGHTER)
    assert text == f"разгрузочная неделя: {words}, вес тот же"


def test_a_comeback_counts_the_days_away_in_russian() -> None:
    squat = by_id("goblet_squat")
    with language("ru"):
        decision = decide(squat, Target(3, 8, 20.0), [], None,
                          Context(days_away=21, today=date(2026, 3, 2)))
    assert decision.why.startswith("с возвращением после 21 дня: для начала на 20 % легче")


def test_a_button_label_reads_in_russian_with_the_legs_and_a_decimal_comma() -> None:
    report = SetsReport(ReportKind.SETS, (8, 8, 8), (8, 8, 8), (8, 8, 8), 12.5)
    with language("ru"):
        assert label("reverse_lunge", report, "kg") == "Обратный выпад Л 8 8 8 П 8 8 8 @ 12,5 кг?"
        assert label("step_up", SetsReport(ReportKind.SETS, (8, 8), load_kg=0.0), "kg") == (
            "Зашагивание 2×8 на каждую ногу @ свой вес?")


def test_a_race_without_a_name_is_told_by_its_distance_in_russian() -> None:
    with language("ru"):
        assert Race(date(2027, 4, 18), Distance.HALF).label == "полумарафон"
        assert Race(date(2027, 4, 18), Distance.HALF, "Berlin").label == "Berlin"


def test_an_import_refused_says_why_in_russian() -> None:
    with language("ru"), pytest.raises(ImportRefused) as refused:
        read_csv(b"", "Europe/Moscow", "kg", datetime(2026, 3, 2, tzinfo=UTC))
    assert refused.value.reason == "Этот файл пустой."


def test_a_hard_run_from_strava_is_told_in_russian_with_a_decimal_comma() -> None:
    activity = Activity(1, "Run", datetime(2026, 12, 3, 17, 0, tzinfo=UTC), 12_400, 3072,
                        workout_type=WORKOUT)
    with language("ru"):
        verdict = classify(activity, Runner())
        assert verdict.reason == "отмечена в Strava как тренировка"
        assert spotted(activity, verdict) == (
            "Вижу тяжёлую пробежку — 12,4 км, 51:12, тренировка.")


@pytest.mark.parametrize("exercise_id", ["eccentric_calf_raise", "sldl", "step_up"])
def test_a_russian_button_label_fits_a_button(exercise_id: str) -> None:
    report = SetsReport(ReportKind.SETS, (8, 8, 8, 8), (8, 8, 8, 8), (17, 17, 17, 17), 12.5)
    with language("ru"):
        assert len(label(exercise_id, report, "lb")) <= 64
        assert label("eccentric_calf_raise", report, "kg").startswith("Подъём на носок Л")

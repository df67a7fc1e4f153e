# ruff: noqa: RUF001  (Russian texts: Cyrillic letters that look Latin are meant)
"""The reader's replies and the week's reasons in Russian: questions, problems, plurals."""

from datetime import date

import pytest

from coach.exercises import by_id
from coach.period import Phase, why
from coach.progression import Context, Target, decide
from coach.sets import ReportNotUnderstood, parse_sets
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

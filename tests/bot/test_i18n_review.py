"""The weekly review, progress words, chart ticks, effort and pain questions in Russian."""

from datetime import date

from bot import effort, pain, readiness
from bot.charts import date_ticks
from bot.progress_text import leg_text, record_line
from bot.review import review_text, settings_keyboard, settings_text
from coach.legs import LegNote
from coach.readiness import Level, Today
from coach.records import Record, RecordKind
from coach.review import LoadChange, WeekTally
from coach.views import ReviewPlan
from i18n import _, language
from tests.bot.test_card import a_view
from tests.bot.test_review import review


def test_the_weekly_review_in_russian_with_three_plural_forms() -> None:
    with language("ru"):
        text = review_text(review(
            week=WeekTally(3, 2, 1, 0, 0), streak=5,
            changes=(LoadChange("goblet_squat", 10.0, 12.5),),
            records=(Record("goblet_squat", RecordKind.HEAVIEST, "both", 12.5, 6, 10.0, 1),)))
        two = review_text(review(streak=2))
    lines = text.split("\n")
    assert lines[0] == "Твоя неделя · пн, 23 нояб. – вс, 29 нояб."
    assert lines[1] == "Тренировки: 2 из 3 · пропущено: 1"
    assert lines[2] == "🔥 5 недель подряд без пропусков"
    assert lines[3].endswith("10 кг → 12,5 кг")
    assert lines[4].startswith("🏆 1 новый рекорд: ")
    assert lines[-1] == "Следующая неделя: вт, 1 дек. и чт, 3 дек., напоминания в 19:00."
    assert "🔥 2 недели подряд без пропусков" in two


def test_review_settings_in_russian() -> None:
    plan = ReviewPlan(1, True, 6, 19 * 60, None)
    with language("ru"):
        text = settings_text(plan)
        rows = settings_keyboard(plan).inline_keyboard
    assert text.startswith("Итоги недели: включены, Вс в 19:00.")  # noqa: RUF001
    assert rows[0][0].text == "Выключить"
    assert [b.text for b in rows[1]] == ["Пн", "Вт", "Ср", "Чт"]  # noqa: RUF001


def test_progress_words_and_chart_ticks_in_russian() -> None:
    note = LegNote("sldl", "left", date(2026, 11, 10), 0.2, 0.1)
    best = Record("goblet_squat", RecordKind.HEAVIEST, "left", 12.5, 6, 10.0, 1)
    with language("ru"):
        assert leg_text(note).startswith("левая нога отстаёт")
        assert leg_text(note).endswith("(20% → 10%): начинай каждый подход с неё")  # noqa: RUF001
        assert ", 12,5 кг на 6 (было 10 кг)" in record_line(best)
        days = [label for _, label in date_ticks(date(2026, 11, 2), date(2026, 11, 30))]
        year = [label for _, label in date_ticks(date(2025, 11, 20), date(2026, 11, 20))]
    assert days[0] == "2 нояб."
    assert year[0] == "дек. 2025"


def test_effort_and_pain_questions_in_russian() -> None:
    with language("ru"):
        labels = [b.text for row in effort.effort_keyboard(1).inline_keyboard for b in row]
        asked = pain.score_question(again=True)
        said = _(readiness.SAYS[Level.SORE])
        card = readiness.card_note(a_view(Today(light=True)))
    assert labels[0] == "Легко (в запасе 3+)"
    assert asked.startswith("Насколько больно сейчас")
    assert said == "Ноги забиты: сегодня легко, свой вес и пять повторений в подходе."
    assert card == ["Неделя забега: легко."]

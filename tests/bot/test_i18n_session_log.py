"""The session card, its details, the logging questions and the wrap-up in Russian."""

from datetime import date

from bot import session_log as ui
from bot.format import day_label, days_text, kg, report_text, session_when
from coach.readiness import Level, Today
from coach.reports import ReportKind, SetsReport
from i18n import _, language
from tests.bot.test_card import a_view


def test_the_card_speaks_russian_with_decimal_commas() -> None:
    view = a_view(Today(level=Level.HEAVY))
    with language("ru"):
        text = ui.card_text(view, ui.reminder_heading(view))
        buttons = [b.text for row in ui.card_keyboard(1).inline_keyboard for b in row]
    assert text.startswith("Время силовой · вт, 10 февр. · около ")
    assert "12,5 кг" in text
    assert "на каждую ногу @ свой вес" in text
    assert "Ответь повторениями или «всё сделал»." in text
    assert "Ноги тяжёлые: укороченная." in text
    assert buttons[-4:] == ["Записать подходы", "Отложить на час", "Пропустить сегодня",
                            "Подробнее: техника, прошлый раз"]


def test_the_details_and_the_step_question_in_russian() -> None:
    view = a_view(Today())
    with language("ru"):
        details = ui.details_text(view)
        asked = ui.ask_text(view, view.items[0])
        closed = _(ui.NO_SESSION)
    assert details.startswith("вт, 10 февр., подробно:")
    assert "Ответь повторениями, по строке на упражнение, например:" in details
    assert "Цель: 3×8 на каждую ногу @ свой вес" in asked
    assert "Напиши повторения, например 8 8 7 (на каждую ногу: 8/7 8/7 8/6)." in asked
    assert closed.startswith("Сейчас нет открытой тренировки.")


def test_the_shared_formats_follow_the_language() -> None:
    logged = SetsReport(ReportKind.SETS, (8, 8), (8, 8), (7, 6), 12.5)
    with language("ru"):
        assert kg(12.5) == "12,5 кг"
        assert kg(16.0, "lb") == "35,5 фунт."
        assert kg(0) == "свой вес"
        assert day_label(date(2026, 12, 1)) == "вт, 1 дек."
        assert days_text([1, 3]) == "Вт и Чт"
        assert report_text(logged) == "Л 8 8 П 7 6 @ 12,5 кг"
        assert report_text(SetsReport(ReportKind.SKIPPED)) == "пропущено"
    assert kg(12.5) == "12.5 kg"  # English outside the block, as before
    assert day_label(date(2026, 12, 1)) == "Tue 1 Dec"
    assert days_text([1, 3]) == "Tue and Thu"
    assert report_text(logged) == "L 8 8 R 7 6 @ 12.5 kg"


def test_a_late_reminder_names_the_runs_day_in_russian() -> None:
    from datetime import UTC, datetime

    due = datetime(2026, 12, 2, 0, 15, tzinfo=UTC)
    with language("ru"):
        assert session_when(date(2026, 12, 1), due, "UTC") == (
            "вт, 1 дек., после поздней пробежки (напоминание в 00:15)")

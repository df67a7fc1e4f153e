"""Races, history paging, imports and Strava's words in Russian."""

from datetime import date

from bot import strava
from bot.races import race_week_line, races_text, told_text
from bot.transfer import imported_text
from coach.races import Distance, Race, RaceInPast
from coach.readiness import Today
from coach.taper import RaceWeek
from coach.transfer import MergePlan
from i18n import language
from services.progress import Imported
from services.races import Races
from services.strava import Connect, Connected
from services.strava_events import Disconnected
from tests.bot.test_card import a_view


def test_a_race_week_and_the_race_list_in_russian() -> None:
    race = Race(date(2026, 12, 13), Distance.HALF)
    week = RaceWeek(race, date(2026, 12, 8), date(2026, 12, 19))
    with language("ru"):
        line = race_week_line(week)
        none = races_text(Races(a_view(Today()).profile, (), (), None))
        past = told_text(RaceInPast(Race(date(2026, 1, 4), Distance.TEN_K)))
    assert line.startswith("Неделя забега: одна лёгкая тренировка (Вт); ")
    assert " вс, 13 дек.; обычный режим с сб, 19 дек." in line  # noqa: RUF001
    assert none.startswith("Впереди забегов нет.")
    assert past is not None
    assert past.startswith("вс, 4 янв. — это не похоже на дату впереди.")


def test_an_import_is_summed_up_in_russian_with_plural_forms() -> None:
    plan = MergePlan((), 0, 3, 0)
    outcome = Imported("Strong", plan, {}, 2)
    with language("ru"):
        text = imported_text(outcome)
    assert text.split("\n") == [
        "В этом файле Strong ничего нового.",  # noqa: RUF001
        "Пропущено: подходов уже записано в эти дни: 3; разминочных или пустых подходов: 2."]


def test_strava_screens_in_russian() -> None:
    with language("ru"):
        connect, buttons = strava.screen(Connect("https://strava.example/authorize"))
        connected, _markup = strava.screen(Connected(7, True))
        revoked = strava.notice_text(Disconnected(1))
    assert connect.startswith("Подключи Strava")
    assert buttons.inline_keyboard[0][0].text == "Подключить Strava"
    assert "Длинные пробежки считаются тяжёлыми: да" in connected
    assert revoked.startswith("Доступ coachbot в Strava отозван")

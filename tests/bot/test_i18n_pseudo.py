"""Under the pseudo-locale every word of the bot's screens comes from the catalog: a text
that skipped `_` would show up as a plain English word."""

import re
from collections.abc import Iterator
from datetime import date

import pytest

import i18n
from bot import pain, races, strava
from bot import review as review_screen
from bot import session_log as ui
from coach.legs import LegNote
from coach.races import Distance, Race
from coach.readiness import Level, Today
from coach.records import Record, RecordKind
from coach.reports import example_report
from coach.review import LoadChange, WeekTally
from coach.taper import RaceWeek
from services.strava import Connect, Connected
from tests.bot.test_card import a_view
from tests.bot.test_review import review
from tools import messages

MARKED = re.compile("\u2e22[^\u2e22\u2e25]*\u2e25")  # the innermost pseudo-translated text
WORD = re.compile(r"[A-Za-z]{3,}")
NAMES = {"Strava", "Telegram"}  # names stay as they are in every language


@pytest.fixture
def pseudo() -> Iterator[None]:
    i18n.install("xx", messages.pseudo(messages.extract()))
    try:
        with i18n.language("xx"):
            yield
    finally:
        i18n.uninstall("xx")


def untranslated(text: str) -> set[str]:
    text = text.replace(example_report(), "")  # the reader's own words, typed as shown
    while MARKED.search(text):
        text = MARKED.sub(" ", text)
    return set(WORD.findall(text)) - NAMES


def screens() -> list[str]:
    shown = []
    for today in (Today(), Today(light=True, level=Level.HEAVY, pain_today=frozenset({"knee"}),
                                 no_impact=True)):
        view = a_view(today)
        shown += [ui.card_text(view, ui.reminder_heading(view)), ui.details_text(view),
                  ui.ask_text(view, view.items[0]), ui.missed_text(view), ui.nudge_text(view)]
    shown.append(review_screen.review_text(review(
        week=WeekTally(3, 1, 1, 1, 1), changes=(LoadChange("goblet_squat", 10.0, 12.0),),
        records=(Record("goblet_squat", RecordKind.HEAVIEST, "left", 12.0, 6, 10.0, 1),),
        legs=(LegNote("sldl", "right", date(2026, 11, 10), 0.2, 0.1),))))
    race = Race(date(2026, 12, 13), Distance.HALF)
    shown += [pain.score_question(again=True),
              races.race_week_line(RaceWeek(race, date(2026, 12, 8), date(2026, 12, 19))),
              strava.screen(Connect("https://strava.example"))[0],
              strava.screen(Connected(1, False))[0]]
    return shown


@pytest.mark.usefixtures("pseudo")
def test_every_word_on_the_bots_screens_comes_from_the_catalog() -> None:
    left = {word for text in screens() for word in untranslated(text)}
    assert not left, sorted(left)

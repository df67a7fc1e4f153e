"""Replies quote what the runner wrote only in short: no echo can pass Telegram's 4,096."""

from bot.format import MESSAGE_CHARS, fit, quoted, shorten_quotes
from bot.session_log import problems_text
from coach.reports import LineProblem
from fakes.telegram_api import FakeUser
from tests.bot.conftest import Harness
from tests.bot.test_flows import onboard, reminder


def test_a_quote_is_one_line_of_at_most_forty_characters() -> None:
    assert quoted("goblet\n3x8") == "goblet 3x8"
    long = quoted("x" * 500)
    assert (len(long), long[-1]) == (40, "…")


def test_quotes_inside_a_coach_sentence_are_cut_and_the_sentence_kept() -> None:
    sentence = "I didn't recognise the exercise “" + "bench " * 600 + "” — try sldl."
    assert shorten_quotes(sentence).endswith("…” — try sldl.")
    assert len(shorten_quotes(sentence)) < 100


def test_five_problems_with_4000_character_names_still_fit_one_message() -> None:
    reason = "I didn't recognise the exercise “" + "a" * 4000 + "” — try sldl."
    text = problems_text(tuple(LineProblem("a" * 4000 + " 3x8", reason) for _ in range(5)))
    assert len(text) <= MESSAGE_CHARS
    assert "a" * 61 not in text
    assert len(fit("x" * 5000)) == MESSAGE_CHARS


async def test_an_unknown_exercise_name_of_2000_characters_is_quoted_in_short(
    harness: Harness, runner: FakeUser,
) -> None:
    await onboard(harness, runner)
    card = await reminder(harness, runner)
    name = ("squatjump" * 222)[:1990]
    await harness.says(runner, f"{name} 3x8", reply_to=card)
    answer = await harness.reply(runner, "I didn't catch this")
    assert len(answer.text) < 600
    assert name[:60] not in answer.text

"""Days as people type them in onboarding and /settings."""

import pytest

from coach.days import DaysNotUnderstood, parse_days


@pytest.mark.parametrize(
    ("text", "days"),
    [("Tues and Thurs", {1, 3}), ("mon wed fri", {0, 2, 4}), ("weekends", {5, 6}),
     ("every day but Sunday", {0, 1, 2, 3, 4, 5}), ("Tuesday, Thursday and Saturday", {1, 3, 5}),
     ("mon-fri", {0, 1, 2, 3, 4}), ("tue to thu", {1, 2, 3}), ("wendsday and frday", {2, 4}),
     ("sundays", {6}), ("weekdays but wed", {0, 1, 3, 4}), ("mon/wed/fri", {0, 2, 4})],
)
def test_days_in_words_are_read(text: str, days: set[int]) -> None:
    assert parse_days(text) == days


@pytest.mark.parametrize("text", ["", "hello", "whenever", "every day but every day"])
def test_text_without_days_is_refused(text: str) -> None:
    with pytest.raises(DaysNotUnderstood):
        parse_days(text)

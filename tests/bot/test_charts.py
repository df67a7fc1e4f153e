"""Rendering: a PNG of phone size from known data, never blank, with readable date ticks."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.charts import date_ticks, render
from coach.history import Done, series

START = date(2026, 1, 5)


def history(count: int, per_leg: bool) -> list[Done]:
    out = []
    for n in range(count):
        day = START + timedelta(days=2 * n)
        at = datetime(day.year, day.month, day.day, tzinfo=UTC)
        legs = ((8, 8, 8), (6 + n % 3,) * 3) if per_leg else (None, None)
        out.append(Done(n, day, at, "sldl", (6, 6, 6), 0.0 if n < 3 else 6.0 + n // 5, *legs))
    return out


def pixels(png: bytes) -> tuple[int, int, int]:
    from matplotlib.image import imread

    image = imread(io.BytesIO(png), format="png")
    flat = image.reshape(-1, image.shape[-1])[::5]
    return image.shape[1], image.shape[0], len({tuple(p) for p in flat.tolist()})


@pytest.mark.parametrize(("count", "per_leg", "unit"), [
    (1, False, "kg"), (12, True, "kg"), (156, True, "lb"), (40, False, "lb")])
def test_a_chart_is_a_1080_pixel_square_with_something_drawn_on_it(
    count: int, per_leg: bool, unit: str,
) -> None:
    width, height, colours = pixels(render(series(history(count, per_leg), "sldl", unit)))
    assert (width, height) == (1080, 1080)
    assert colours > 20


def test_charts_drawn_one_after_another_do_not_leak_into_each_other() -> None:
    big = series(history(156, True), "sldl")
    small = series(history(2, False), "sldl")
    first = render(small)
    render(big)
    assert render(small) == first


def test_date_ticks_name_days_for_a_month_and_months_for_a_year() -> None:
    assert [label for _, label in date_ticks(date(2026, 11, 2), date(2026, 11, 30))] == [
        "2 Nov", "9 Nov", "16 Nov", "23 Nov", "30 Nov"]
    year = [label for _, label in date_ticks(date(2025, 11, 20), date(2026, 11, 20))]
    assert year == ["Dec 2025", "Mar", "Jun", "Sep"]
    assert len(date_ticks(START, START)) == 1


def test_starting_the_bot_does_not_import_matplotlib() -> None:
    import subprocess
    import sys

    code = "import sys, bot.app, bot.progress; print('matplotlib' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "False"

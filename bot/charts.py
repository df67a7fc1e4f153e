"""Drawing one exercise's progress as a PNG a phone shows well (matplotlib, Agg, no display).

matplotlib is imported inside `render`, so the bot's start-up doesn't pay for it; the
first chart does (about a second), later ones take tens of milliseconds. The figure is
built with `Figure` and the Agg canvas directly: no pyplot state, safe in a worker thread.
"""

import io
import threading
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import i18n
from coach.history import Point, Series
from i18n import _

SIZE_INCHES = 9.0
DPI = 120  # 1080 × 1080 pixels: Telegram shows it full width without shrinking the type
FONT = 22
LOAD_COLOUR = "#1f5fa8"
LEFT_COLOUR, RIGHT_COLOUR, BOTH_COLOUR = "#1f77b4", "#e4572e", "#2a9d4b"
RANGE_COLOUR = "#2a9d4b"
MANY_POINTS = 40
_THREAD = threading.local()


def render(series: Series) -> bytes:
    """The chart of one exercise: working load on top, reps per set below."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    many = len(series.points) > MANY_POINTS  # a year of sessions: thinner lines, dots
    with rc_context({"font.size": FONT, "axes.titlesize": FONT + 6,
                     "lines.linewidth": 2 if many else 3, "lines.markersize": 4 if many else 11,
                     "axes.spines.top": False,
                     "axes.spines.right": False}):
        figure, load_axes, reps_axes = _blank()
        figure.text(0.5, 0.965, series.name, ha="center", va="center", fontsize=FONT + 6)
        _load_panel(load_axes, series)
        _reps_panel(reps_axes, series)
        _date_axis(reps_axes, series)
        out = io.BytesIO()
        FigureCanvasAgg(figure).print_png(out, pil_kwargs={"compress_level": 1})
    return out.getvalue()


def _blank() -> tuple[Any, Any, Any]:
    """This thread's figure and its two axes, emptied: building axes is a third of a chart.

    Everything a chart sets (data, limits, ticks, texts) is set again on every render.
    """
    from matplotlib.figure import Figure

    cached: tuple[Any, Any, Any] | None = getattr(_THREAD, "figure", None)
    if cached is None:
        figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
        figure.subplots_adjust(left=0.14, right=0.97, top=0.92, bottom=0.08, hspace=0.12)
        load_axes, reps_axes = figure.subplots(2, 1, sharex=True)
        cached = _THREAD.figure = (figure, load_axes, reps_axes)
    figure, *axes = cached
    for artist in [*figure.texts, *(a for ax in axes for a in (*ax.lines, *ax.texts,
                                                                *ax.patches))]:
        artist.remove()
    return cached


def _x(points: Sequence[Point]) -> list[int]:
    """Days as plain numbers: no date converters in the drawing path."""
    return [p.day.toordinal() for p in points]


def _load_panel(axes: Any, series: Series) -> None:
    points = series.points
    loaded = [p for p in points if not p.bodyweight]
    bodyweight = [p for p in points if p.bodyweight]
    axes.plot(_x(points), [p.load for p in points], color=LOAD_COLOUR, zorder=1)
    if loaded:
        axes.plot(_x(loaded), [p.load for p in loaded], "o", color=LOAD_COLOUR)
    if bodyweight:
        axes.plot(_x(bodyweight), [0.0] * len(bodyweight), "o", markerfacecolor="white",
                  color=LOAD_COLOUR)
        _key(axes, 0.02, 0.9, "○ " + _("body weight"), LOAD_COLOUR)
    for point in _variant_changes(points):
        axes.annotate(_(point.variant), (point.day.toordinal(), point.load),
                      textcoords="offset points", xytext=(0, 14), ha="center",
                      fontsize=FONT - 6)
    top = max((p.load for p in points), default=0.0)
    axes.set_ylim(-max(1.0, top * 0.08), max(2.0, top * 1.2))
    axes.set_ylabel(_("load ({unit})").format(unit=_("lb") if series.unit == "lb" else _("kg")))
    _few_ticks(axes)
    axes.grid(axis="y", alpha=0.3)


def _variant_changes(points: tuple[Point, ...]) -> list[Point]:
    changes, last = [], ""
    for point in points:
        if point.variant and point.variant != last:
            changes.append(point)
        last = point.variant
    return changes


def _reps_panel(axes: Any, series: Series) -> None:
    axes.axhspan(5, 8, color=RANGE_COLOUR, alpha=0.08)
    _key(axes, 0.98, 0.04, _("5–8 target"), RANGE_COLOUR, right=True)
    if series.per_leg:
        for x, label, colour, points in ((0.02, _("left"), LEFT_COLOUR, series.left),
                                         (0.22, _("right"), RIGHT_COLOUR, series.right)):
            axes.plot(_x(points), [p.reps for p in points], "o-", color=colour)
            _key(axes, x, 0.04, f"● {label}", colour)
    else:
        axes.plot(_x(series.points), [p.reps for p in series.points], "o-", color=BOTH_COLOUR)
    top = max((p.reps for p in series.points + series.left + series.right), default=8.0)
    axes.set_ylim(0, max(10.0, top + 1))
    axes.set_ylabel(_("reps per set"))
    _few_ticks(axes)
    axes.grid(axis="y", alpha=0.3)


def _date_axis(axes: Any, series: Series) -> None:
    """Fixed date ticks: matplotlib's date locators cost more than the rest of the chart."""
    days = [p.day for p in series.points]
    positions, labels = zip(*date_ticks(min(days), max(days)), strict=True)
    axes.set_xticks(positions, labels)
    axes.set_xlim(min(days).toordinal() - 2, max(days).toordinal() + 2)


def date_ticks(first: date, last: date, most: int = 5) -> list[tuple[int, str]]:
    """At most `most` ticks: days ('3 Nov') within two months, else month starts ('Mar')."""
    span = (last - first).days
    if span <= 60:
        step = max(1, span // (most - 1))
        # i18n: a CLDR date pattern for a chart's day tick (3 Nov)
        pattern = _("d MMM")
        return [((first + timedelta(days=d)).toordinal(),
                 i18n.day(first + timedelta(days=d), pattern))
                for d in range(0, span + 1, step)][:most]
    months = []
    month = date(first.year, first.month, 1)
    while month <= last:
        if month >= first:
            months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    months = months[::max(1, -(-len(months) // most))]
    # i18n: CLDR date patterns for a chart's month ticks (Jan 2026, then Feb)
    year, alone = _("MMM y"), _("MMM")
    return [(m.toordinal(), i18n.day(m, year if m.month == 1 or m == months[0] else alone))
            for m in months]


def _few_ticks(axes: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))


def _key(axes: Any, x: float, y: float, text: str, colour: str, right: bool = False) -> None:
    """A legend entry as plain text (matplotlib's legend layout costs more than the plot)."""
    axes.text(x, y, text, color=colour, transform=axes.transAxes, fontsize=FONT - 2,
              ha="right" if right else "left", va="bottom")

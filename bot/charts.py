"""Drawing one exercise's progress as a PNG a phone shows well (matplotlib, Agg, no display).

matplotlib is imported inside `render`, so the bot's start-up doesn't pay for it; the
first chart does (about a second), later ones take tens of milliseconds. The figure is
built with `Figure` and the Agg canvas directly: no pyplot state, safe in a worker thread.
"""

import io
from typing import Any

from coach.history import Point, Series

SIZE_INCHES = 9.0
DPI = 120  # 1080 × 1080 pixels: Telegram shows it full width without shrinking the type
FONT = 22
LOAD_COLOUR = "#1f5fa8"
LEFT_COLOUR, RIGHT_COLOUR, BOTH_COLOUR = "#1f77b4", "#e4572e", "#2a9d4b"
RANGE_COLOUR = "#2a9d4b"
MANY_POINTS = 40


def render(series: Series) -> bytes:
    """The chart of one exercise: working load on top, reps per set below."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    many = len(series.points) > MANY_POINTS  # a year of sessions: thinner lines, dots
    with rc_context({"font.size": FONT, "axes.titlesize": FONT + 6,
                     "lines.linewidth": 2 if many else 3, "lines.markersize": 4 if many else 11,
                     "axes.spines.top": False,
                     "axes.spines.right": False}):
        figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI)
        figure.subplots_adjust(left=0.14, right=0.97, top=0.92, bottom=0.08, hspace=0.12)
        load_axes, reps_axes = figure.subplots(2, 1, sharex=True)
        load_axes.set_title(series.name)
        _load_panel(load_axes, series)
        _reps_panel(reps_axes, series)
        _date_axis(reps_axes)
        out = io.BytesIO()
        FigureCanvasAgg(figure).print_png(out, pil_kwargs={"compress_level": 1})
    return out.getvalue()


def _load_panel(axes: Any, series: Series) -> None:
    points = series.points
    axes.plot([p.day for p in points], [p.load for p in points], color=LOAD_COLOUR,
              zorder=1)
    loaded = [p for p in points if not p.bodyweight]
    bodyweight = [p for p in points if p.bodyweight]
    if loaded:
        axes.plot([p.day for p in loaded], [p.load for p in loaded], "o", color=LOAD_COLOUR,
                  label=series.unit)
    if bodyweight:
        axes.plot([p.day for p in bodyweight], [0.0] * len(bodyweight), "o",
                  markerfacecolor="white", color=LOAD_COLOUR, label="body weight")
    for point in _variant_changes(points):
        axes.annotate(point.variant, (point.day, point.load), textcoords="offset points",
                      xytext=(0, 14), ha="center", fontsize=FONT - 6)
    top = max((p.load for p in points), default=0.0)
    axes.set_ylim(-max(1.0, top * 0.08), max(2.0, top * 1.2))
    axes.set_ylabel(f"load ({series.unit})")
    _few_ticks(axes)
    axes.legend(loc="upper left", frameon=False, fontsize=FONT - 4)
    axes.grid(axis="y", alpha=0.3)


def _variant_changes(points: tuple[Point, ...]) -> list[Point]:
    changes, last = [], ""
    for point in points:
        if point.variant and point.variant != last:
            changes.append(point)
        last = point.variant
    return changes


def _reps_panel(axes: Any, series: Series) -> None:
    axes.axhspan(5, 8, color=RANGE_COLOUR, alpha=0.08, label="5–8 target")
    if series.per_leg:
        for label, colour, points in (("left", LEFT_COLOUR, series.left),
                                      ("right", RIGHT_COLOUR, series.right)):
            axes.plot([p.day for p in points], [p.reps for p in points], "o-", color=colour,
                      label=label)
    else:
        axes.plot([p.day for p in series.points], [p.reps for p in series.points], "o-",
                  color=BOTH_COLOUR, label="reps")
    top = max((p.reps for p in series.points + series.left + series.right), default=8.0)
    axes.set_ylim(0, max(10.0, top + 1))
    axes.set_ylabel("reps per set")
    _few_ticks(axes)
    axes.legend(loc="lower left", frameon=False, fontsize=FONT - 4, ncols=3)
    axes.grid(axis="y", alpha=0.3)


def _date_axis(axes: Any) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=3, maxticks=6)
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _few_ticks(axes: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))

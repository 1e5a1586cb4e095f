"""What every chart shares: the target figure, fonts, level colours and hatches, labels.

Nothing here touches ``matplotlib.pyplot``: figures are made with
:class:`matplotlib.figure.Figure` and drawn with constrained layout, so charts can be
made in threads, servers and tests without global state.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, cast

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure, FigureBase, SubFigure
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, Locator

from followup.i18n import format_date, message
from followup.model.scales import Scale
from followup.scoring.score import UNKNOWN

# matplotlib.dates has no type hints: typed aliases for the three functions used
_date2num: Callable[[dt.date], float] = mdates.date2num
_num2date: Callable[[float], dt.datetime] = mdates.num2date
_auto_date_locator: Callable[..., Locator] = mdates.AutoDateLocator

#: Width of a chart made without a target figure, in inches.
WIDTH = 8.0

#: The settings every chart is drawn with, whatever the user's matplotlibrc says:
#: DejaVu Sans (matplotlib's own font; it has Cyrillic), no TeX, no mathtext parsing of
#: labels (a ``$`` in a theme's name stays a dollar sign).
STYLE: dict[str, Any] = {
    "font.family": ["DejaVu Sans"],
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.labelsize": 9.0,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8.5,
    "figure.titlesize": 11.0,
    "text.usetex": False,
    "text.parse_math": False,
    "axes.unicode_minus": True,
    "hatch.linewidth": 0.8,
    "figure.dpi": 100.0,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": "#333333",
    "text.color": "#111111",
    "axes.labelcolor": "#111111",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
}

#: The light grey of recommendations not assessed (the UNKNOWN level).
UNKNOWN_COLOUR = "#e8e8e8"

#: Okabe & Ito's palette (2008), chosen to stay distinct for the common kinds of colour
#: blindness; the pale yellow is last because it is hard to see on white, and black is
#: left for the line of all recommendations.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "<", ">")
LINESTYLES: tuple[str | tuple[int, tuple[int, ...]], ...] = (
    "-",
    "--",
    "-.",
    ":",
    (0, (5, 1, 1, 1, 1, 1)),
    (0, (8, 2)),
    (0, (1, 1)),
    (0, (4, 1, 1, 1)),
)

#: One hatch per level position (worst first), so levels differ in black-and-white print
#: as well as by colour; UNKNOWN has none (plain light grey). Line patterns come first:
#: dots and circles are drawn as thousands of curves in SVG.
HATCHES = ("xx", "//", "\\\\", "--", "++", "||", "..", "oo", "**", "OO")


@contextmanager
def style() -> Iterator[None]:
    """Draw with :data:`STYLE` (the fonts and colours of every chart)."""
    with mpl.rc_context(cast("Any", STYLE)):
        yield


def target(figure: FigureBase | None, height: float) -> tuple[FigureBase, Figure]:
    """The figure to draw into and its root: a new constrained-layout Figure of
    :data:`WIDTH` by ``height`` inches (rounded up to half an inch, so that common
    resolutions give whole pixels) when ``figure`` is None."""
    if figure is None:
        size = (WIDTH, math.ceil(height * 2) / 2)
        new = Figure(figsize=size, layout="constrained", facecolor="white")
        return new, new
    if isinstance(figure, SubFigure):
        return figure, figure.figure
    assert isinstance(figure, Figure)
    return figure, figure


def title(
    figure: FigureBase, text: str | None, default: str, *, width_chars: int | None = None
) -> None:
    """The chart's title (``default`` when ``text`` is None, none when it is empty)."""
    chosen = default if text is None else text
    if not chosen:
        return
    figure.suptitle(
        wrap(chosen, width_chars or chars_across(figure, 11.0)),
        fontweight="bold",
        fontsize=11.0,
    )


def chars_across(figure: FigureBase, size: float, share: float = 0.95) -> int:
    """About how many characters of ``size`` points fit across ``share`` of the figure."""
    inches = width_inches(figure)
    return max(20, int(inches * share * 72 / (0.55 * size)))


def width_inches(figure: FigureBase) -> float:
    """The width of a figure or subfigure, in inches."""
    return float(figure.get_window_extent().width) / float(figure.figure.dpi)


def set_hatch_colour(patch: Patch, colour: str) -> None:
    """Give ``patch``'s hatch its own colour (matplotlib 3.10+; before, the edge's)."""
    if hasattr(patch, "set_hatchcolor"):
        patch.set_hatchcolor(colour)
    else:  # pragma: no cover - older matplotlib draws hatches in the edge colour
        patch.set_edgecolor(colour)


def wrap(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` characters (long words kept)."""
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def luminance(colour: str) -> float:
    """Relative luminance (WCAG 2) of a colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = to_rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def ink(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG ratio)."""
    lum = luminance(background)
    on_white = 1.05 / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#ffffff" if on_white > on_black else "#000000"


def hatch_ink(background: str) -> str:
    """A hatch colour that shows on ``background`` without drowning the text on it."""
    return "#ffffff" if ink(background) == "#ffffff" else "#555555"


def level_colour(scale: Scale, level_id: str) -> str:
    """The level's colour (UNKNOWN: light grey; a level without one: a grey by rank)."""
    if level_id == UNKNOWN:
        return UNKNOWN_COLOUR
    level = scale.level(level_id)
    if level.colour is not None:
        return level.colour
    rank = scale.level_ids.index(level_id)
    shade = 0.25 + 0.6 * rank / max(1, len(scale.levels) - 1)
    return mpl.colors.to_hex((shade, shade, shade))


def level_hatch(scale: Scale, level_id: str) -> str:
    """The level's hatch: one per position in the scale; UNKNOWN plain."""
    if level_id == UNKNOWN:
        return ""
    rank = scale.level_ids.index(level_id)
    pattern = HATCHES[rank % len(HATCHES)]
    return pattern + pattern[0] * (rank // len(HATCHES))


def level_label(scale: Scale, level_id: str, language: str) -> str:
    """The level's label in ``language`` (UNKNOWN: the catalogue's ``level.unknown``)."""
    if level_id == UNKNOWN:
        return message("level.unknown", language)
    return scale.level(level_id).label.pick(language)


def key_label(key: tuple[str, ...], labels: Mapping[str, str] | None) -> str:
    """A group's display label: each part through ``labels``, joined by `` / ``."""
    names = labels or {}
    return " / ".join(names.get(part, part) for part in key)


def dimension_words(by: Sequence[str], language: str) -> str:
    """The grouping dimensions as words of the catalogue (``theme``, ``темам``)."""
    return " / ".join(message(f"dimension.{dim}", language) for dim in by)


def date_formatter(language: str) -> FuncFormatter:
    """Axis ticks as short dates in ``language``."""

    def fmt(value: float, _pos: int | None = None) -> str:
        day: dt.datetime = _num2date(value)
        return format_date(day.date(), language, "short")

    return FuncFormatter(fmt)


def number_formatter(format_value: Callable[[float], str]) -> FuncFormatter:
    """Axis ticks through ``format_value``."""

    def fmt(value: float, _pos: int | None = None) -> str:
        return format_value(value)

    return FuncFormatter(fmt)


def date_number(day: dt.date) -> float:
    """A date as matplotlib's date number (for placing text and lines)."""
    return float(_date2num(day))


def date_locator() -> Locator:
    """Date ticks at round dates, between three and six of them."""
    locator = _auto_date_locator(minticks=3, maxticks=6)
    # spans of about three years fit neither six-monthly nor yearly ticks: without
    # twelve months as a step, matplotlib warns and falls back to a step of its own
    locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]  # type: ignore[attr-defined]
    return locator

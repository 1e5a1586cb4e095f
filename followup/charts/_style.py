"""What every chart shares: the target figure, fonts, level colours and hatches, labels.

Nothing here touches ``matplotlib.pyplot``: figures are made with
:class:`matplotlib.figure.Figure` and drawn with constrained layout, so charts can be
made in threads, servers and tests without global state.

Fonts come from :func:`followup.fonts.require` for the chart's language, as a list of
families: matplotlib takes each glyph from the first family that has it, so an Arabic
or Chinese label with Latin digits in it draws whole.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any, cast

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure, FigureBase, SubFigure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FuncFormatter, Locator

from followup.charts import _metrics
from followup.charts._wrap import wrap
from followup.fonts import require
from followup.i18n import format_date, message
from followup.model.scales import Scale
from followup.scoring.score import UNKNOWN

# matplotlib.dates has no type hints: typed aliases for the three functions used
_date2num: Callable[[dt.date], float] = mdates.date2num
_num2date: Callable[[float], dt.datetime] = mdates.num2date
_auto_date_locator: Callable[..., Locator] = mdates.AutoDateLocator

#: Width of a chart made without a target figure, in inches.
WIDTH = 8.0

#: Width of a compact chart (for phones), in inches: 280.8 points, which a browser shows
#: as 374 CSS pixels at the SVG's natural size.
COMPACT_WIDTH = 3.9

#: The smallest text of a compact chart, in points: 11.3 CSS pixels at natural size.
COMPACT_MIN_SIZE = 8.5

#: The settings every chart is drawn with, whatever the user's matplotlibrc says: the
#: language's fonts (set by :func:`style`), no TeX, no mathtext parsing of labels (a
#: ``$`` in a theme's name stays a dollar sign).
STYLE: dict[str, Any] = {
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

#: What a compact chart changes: no text under :data:`COMPACT_MIN_SIZE`.
COMPACT_STYLE: dict[str, Any] = {
    "font.size": 9.0,
    "axes.titlesize": 10.0,
    "axes.labelsize": 9.0,
    "xtick.labelsize": COMPACT_MIN_SIZE,
    "ytick.labelsize": COMPACT_MIN_SIZE,
    "legend.fontsize": COMPACT_MIN_SIZE,
    "figure.titlesize": 10.5,
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
def style(language: str, *, compact: bool = False) -> Iterator[None]:
    """Draw with :data:`STYLE` (and :data:`COMPACT_STYLE` when ``compact``) in the fonts
    of ``language`` (:func:`followup.fonts.require`; raises
    :class:`followup.fonts.FontMissing` when its script has none installed)."""
    settings = {
        **STYLE,
        **(COMPACT_STYLE if compact else {}),
        "font.family": list(require(language)),
    }
    with mpl.rc_context(cast("Any", settings)), _metrics.shared():
        yield


def target(
    figure: FigureBase | None, height: float, *, compact: bool = False
) -> tuple[FigureBase, Figure]:
    """The figure to draw into and its root: a new constrained-layout Figure of
    :data:`WIDTH` (:data:`COMPACT_WIDTH` when ``compact``) by ``height`` inches (rounded
    up to half an inch, so that common resolutions give whole pixels) when ``figure``
    is None."""
    if figure is None:
        size = (COMPACT_WIDTH if compact else WIDTH, math.ceil(height * 2) / 2)
        new = Figure(figsize=size, layout="constrained", facecolor="white")
        return new, new
    if isinstance(figure, SubFigure):
        return figure, figure.figure
    assert isinstance(figure, Figure)
    return figure, figure


def title(
    figure: FigureBase,
    text: str | None,
    default: str,
    *,
    size: float = 11.0,
) -> None:
    """The chart's title (``default`` when ``text`` is None, none when it is empty),
    wrapped to the figure's width."""
    chosen = default if text is None else text
    if not chosen:
        return
    wrapped = wrap_to(chosen, width_inches(figure) * 72 * 0.94, size, "bold")
    figure.suptitle(wrapped, fontweight="bold", fontsize=size)


def width_inches(figure: FigureBase) -> float:
    """The width of a figure or subfigure, in inches."""
    return float(figure.get_window_extent().width) / float(figure.figure.dpi)


def set_hatch_colour(patch: Patch, colour: str) -> None:
    """Give ``patch``'s hatch its own colour (matplotlib 3.10+; before, the edge's)."""
    if hasattr(patch, "set_hatchcolor"):
        patch.set_hatchcolor(colour)
    else:  # pragma: no cover - older matplotlib draws hatches in the edge colour
        patch.set_edgecolor(colour)


def wrap_to(text: str, width: float, size: float, weight: str = "normal") -> str:
    """``text`` wrapped so that each line is at most ``width`` points wide at ``size`` in
    the current fonts.

    A single word wider than that keeps a line of its own, and is not measured: only
    the lines that could still break decide how narrow the others must be, so a long
    word (a URL, 10,000 letters without a space) neither squeezes the rest of the label
    nor costs more than time in proportion to its length.
    """
    columns = max(4, int(width / (0.45 * size)))
    while True:
        wrapped = wrap(text, columns)
        measured = "\n".join(line for line in wrapped.split("\n") if _breakable(line))
        if columns <= 4 or text_width(measured, size, weight) <= width:
            return wrapped
        columns -= 2


def _breakable(line: str) -> bool:
    """Whether :func:`wrap` could break ``line`` (more than one word, or a break between
    two full-width characters)."""
    return wrap(line, 1) != line


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """The width in points of ``text`` (its widest line) at ``size`` in the current
    fonts (call inside :func:`style`), measured as matplotlib lays it out."""
    return _extent(text, size, weight)[0]


def text_height(text: str, size: float, weight: str = "normal") -> float:
    """The height in points of ``text`` (all its lines) at ``size`` in the current fonts,
    as matplotlib lays it out: an Arabic line is about half again as tall as a Latin one."""
    return _extent(text, size, weight)[1]


#: The settings a text's measured size depends on besides its text, size and weight.
_MEASURED_BY = (
    "font.family",
    "font.sans-serif",
    "font.serif",
    "font.monospace",
    "font.cursive",
    "font.fantasy",
    "font.style",
    "font.variant",
    "font.stretch",
    "text.parse_math",
    "text.usetex",
    "text.hinting",
    "text.hinting_factor",
    "text.kerning_factor",
    "text.antialiased",
    "mathtext.fontset",
    "axes.unicode_minus",
)


def _extent(text: str, size: float, weight: str) -> tuple[float, float]:
    if not text:
        return 0.0, 0.0
    current: Any = mpl.rcParams  # typed to take only the keys it knows, as literals
    settings = tuple(_frozen(current[key]) for key in _MEASURED_BY)
    return _measured(text, size, weight, settings)


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


@lru_cache(maxsize=16384)
def _measured(
    text: str, size: float, weight: str, settings: tuple[Any, ...]
) -> tuple[float, float]:
    """The size of ``text`` under ``settings`` (the current values of
    :data:`_MEASURED_BY`, in the key only): a chart is drawn for the page, the phone
    and the PDF, and a series draws it once per period, with mostly the same labels."""
    artist = Text(0, 0, text, fontsize=size, fontweight=weight, figure=_sheet())
    box = artist.get_window_extent(_measurer())
    return float(box.width), float(box.height)


@cache
def _sheet() -> Figure:
    """A figure to measure text on (at 72 dpi: sizes come out in points)."""
    return Figure(dpi=72)


# RendererAgg has no type hints
_renderer_agg: Callable[[int, int, float], Any] = RendererAgg


def _measurer() -> Any:
    return _renderer_agg(1, 1, 72)


def numeric_font(text: str) -> list[str] | None:
    """The Latin families for a text of ASCII characters only (a count, a score, a grade
    letter), so that its box fits its line whatever the script's font; None (the
    language's fonts) for any other text."""
    return list(require("en")) if text.isascii() else None


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


def date_locator(*, compact: bool = False) -> Locator:
    """Date ticks at round dates, between three and six of them (two to four when
    ``compact``)."""
    locator = _auto_date_locator(minticks=2 if compact else 3, maxticks=4 if compact else 6)
    # spans of about three years fit neither six-monthly nor yearly ticks: without
    # twelve months as a step, matplotlib warns and falls back to a step of its own
    locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]  # type: ignore[attr-defined]
    return locator

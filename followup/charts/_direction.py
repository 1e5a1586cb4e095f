"""Charts for languages written right to left (Arabic): what is mirrored and what is not.

matplotlib (3.11, with libraqm) shapes Arabic and orders mixed Arabic and Latin text
itself, but it takes each line's direction from its first strong letter, so a label
that begins with a Latin review name ("CCPR 2016, الفقرة 12") would be laid out left to
right. :func:`finish` starts each line that holds right-to-left letters with a
right-to-left mark, so it reads right to left whatever it begins with; a line without
any (a review's Latin name, a message still in English) keeps its own order.

What is mirrored in a right-to-left chart: category labels stand on the right of the
plot (the side a reader starts from), the bars of the status chart grow from the right,
the columns of the transition matrix run from the right, the heatmap's colour bar moves
to the left, and legends put each key right of its text and fill their columns from the
right. What is not: time axes (the trend and the follow-up timeline, and the heatmap's
reviews in date order) still run from left to right, as charts in Arabic publications
usually keep them, and numbers read as they always do.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import FigureBase
from matplotlib.lines import Line2D
from matplotlib.text import Text
from matplotlib.ticker import FixedFormatter, Formatter, FuncFormatter

from followup.i18n import text_direction

__all__ = ["RLM", "finish", "legend_order", "mark", "rtl"]

#: U+200F RIGHT-TO-LEFT MARK: an invisible letter that makes a line right to left.
RLM = "\u200f"


def rtl(language: str) -> bool:
    """Whether ``language`` is written right to left (:func:`followup.i18n.text_direction`)."""
    return text_direction(language) == "rtl"


def _right_to_left(line: str) -> bool:
    """Whether ``line`` holds a right-to-left letter (Arabic, Hebrew, ...)."""
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in line)


def mark(text: str) -> str:
    """``text`` with each line that holds right-to-left letters starting with
    :data:`RLM` (once); other lines unchanged."""
    return "\n".join(
        RLM + line if _right_to_left(line) and not line.startswith(RLM) else line
        for line in text.split("\n")
    )


def finish(figure: FigureBase, language: str) -> None:
    """Make every text of ``figure`` read right to left when ``language`` does (see
    :func:`mark`): titles, labels, annotations, legend entries and the category labels of
    its axes' ticks (numbers and dates need nothing: they read the same either way).
    Does nothing for a left-to-right language."""
    if not rtl(language):
        return
    for text in figure.findobj(Text):
        content = text.get_text()
        if content:
            text.set_text(mark(content))
    for ax in figure.findobj(Axes):
        for axis in (ax.xaxis, ax.yaxis):
            formatter = axis.get_major_formatter()
            if isinstance(formatter, FixedFormatter | FuncFormatter):
                axis.set_major_formatter(FuncFormatter(_marking(formatter)))


def _marking(formatter: Formatter) -> Callable[[float, int | None], str]:
    """``formatter`` whose labels go through :func:`mark` (set_ticks' category labels
    are a formatter of their own)."""

    def label(value: float, pos: int | None = None) -> str:
        return mark(str(formatter(value, pos)))

    return label


def legend_order(
    handles: Sequence[Any], labels: Sequence[str], ncols: int, right_to_left: bool
) -> tuple[list[Artist], list[str]]:
    """Legend entries reordered so that, for a right-to-left reader, the first column
    stands on the right: matplotlib fills columns from the left, so the columns are
    reversed (padded with blank entries to equal length). Unchanged left to right."""
    if not right_to_left or ncols <= 1:
        return list(handles), list(labels)
    rows = -(-len(handles) // ncols)
    blank: list[Any] = [Line2D([], [], linestyle="none")] * (rows * ncols - len(handles))
    padded_handles: list[Any] = [*handles, *blank]
    padded_labels = [*labels, *[""] * len(blank)]
    order = [c * rows + r for c in reversed(range(ncols)) for r in range(rows)]
    return [padded_handles[i] for i in order], [padded_labels[i] for i in order]

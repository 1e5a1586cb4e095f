"""What compact charts (for phones) share: labels wrapped to a width in points, legends
with as many columns as fit, and figures grown until their rows have the room planned.

A compact chart is :data:`followup.charts._style.COMPACT_WIDTH` inches wide and meant to
be shown at its natural size (an SVG of 280.8 points is 374 CSS pixels), so no text is
smaller than :data:`followup.charts._style.COMPACT_MIN_SIZE` points (11.3 pixels).
Category labels that would take half the width beside a bar stand above it instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from followup.charts import _style

__all__ = ["axes_height", "fit", "legend_columns", "plot_width", "wrap_to"]


def plot_width() -> float:
    """About the width of a compact chart's plotting area, in points (the figure less
    its margins and a narrow axis)."""
    return _style.COMPACT_WIDTH * 72 - 26.0


def wrap_to(text: str, width: float, size: float, weight: str = "normal") -> str:
    """``text`` wrapped so that each line is at most ``width`` points wide at ``size``
    (see :func:`followup.charts._style.wrap_to`)."""
    return _style.wrap_to(text, width, size, weight)


def legend_columns(
    labels: Sequence[str], width: float, size: float, handle: float = 34.0, most: int = 2
) -> int:
    """How many legend columns (at most ``most``) fit ``labels`` in ``width`` points."""
    widest = max((_style.text_width(label, size) for label in labels), default=0.0)
    for columns in range(most, 1, -1):
        if columns * (widest + handle) + (columns - 1) * 12.0 <= width:
            return columns
    return 1


def fit(root: Figure, ax: Axes, needed: float) -> None:
    """Make ``root`` as tall as it must be, in whole half inches, for ``ax`` to be at
    least ``needed`` inches high after layout: taller when the rows planned in inches
    would be squeezed, shorter when the estimate left empty space (a square matrix
    cannot use more height than its width gives it)."""
    width = root.get_figwidth()
    room = _room(root, ax)
    for _ in range(3):
        if room >= needed - 1e-6:
            break
        root.set_size_inches(width, math.ceil((root.get_figheight() + needed - room) * 2) / 2)
        room = _room(root, ax)
    cut = math.floor((room - needed) * 2) / 2
    if cut > 0:
        height = root.get_figheight()
        root.set_size_inches(width, height - cut)
        if _room(root, ax) < needed - 1e-6:
            root.set_size_inches(width, height)


def _room(root: Figure, ax: Axes) -> float:
    """The height in inches layout gives ``ax`` (its box, before any fixed aspect)."""
    engine = root.get_layout_engine()
    if engine is not None:
        engine.execute(root)
    else:
        root.draw_without_rendering()
    return float(ax.get_position(original=True).height * root.get_figheight())


def axes_height(root: Figure, ax: Axes) -> float:
    """The height of ``ax`` in inches once ``root`` is laid out (a square matrix: as much
    as its width allows)."""
    root.draw_without_rendering()
    return float(ax.get_position(original=False).height * root.get_figheight())

"""Charts of scores for scorecards and reports, drawn with matplotlib (without pyplot).

Every chart function takes scoring results and returns a
:class:`matplotlib.figure.Figure`: a new one at the chart's natural size (8 inches wide),
or the root of the ``figure=`` you pass (a Figure or a SubFigure, e.g. a slot of a PDF
page) after drawing into it. Titles, labels and legends come from the label catalogue
(:mod:`followup.i18n`) in ``language``; levels keep their scale's colours and each has
its own hatch, so charts read in black and white and without telling red from green.
Text is drawn in the fonts of ``language`` (:mod:`followup.fonts`; a missing one raises
:class:`followup.fonts.FontMissing`), right to left for Arabic with the category labels
on the right (time axes keep running left to right). Every function also takes
``compact=True``: a 3.9-inch-wide layout for phones, shown at its natural size, with no
text under 8.5 points.

- :func:`status_distribution`: 100% stacked bars of levels per group.
- :func:`score_over_time`: step lines of scores at successive dates; :func:`trend_series`
  gives the same lines as data (:class:`TrendLine` of :class:`TrendPoint`), for a table.
- :func:`score_heatmap`: scores on a grid of two dimensions.
- :func:`transitions`: the matrix of what moved between two dates.
- :func:`follow_up_timeline`: follow-up procedures, replies and grades on a time line.
- :func:`save`, :func:`svg_text`, :func:`png_bytes`: deterministic PNG, SVG and PDF.

Drawing needs matplotlib, in the ``charts`` extra (``pip install "followup[charts]"``).
Importing this package does not import it: each drawing function is loaded when first
used, and without matplotlib that raises :class:`ChartsNotInstalledError`, naming the extra.
:func:`trend_series`, :class:`TrendLine` and :class:`TrendPoint` need no matplotlib.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

from followup.charts._missing import ChartsNotInstalledError, missing_module
from followup.charts._series import TrendLine, TrendPoint, trend_series

if TYPE_CHECKING:
    from followup.charts.heatmap import score_heatmap
    from followup.charts.output import FORMATS, png_bytes, save, svg_text
    from followup.charts.status import status_distribution
    from followup.charts.timeline import follow_up_timeline
    from followup.charts.transitions import transitions
    from followup.charts.trend import score_over_time

__all__ = [
    "FORMATS",
    "ChartsNotInstalledError",
    "TrendLine",
    "TrendPoint",
    "follow_up_timeline",
    "png_bytes",
    "save",
    "score_heatmap",
    "score_over_time",
    "status_distribution",
    "svg_text",
    "transitions",
    "trend_series",
]

#: Each name drawn with matplotlib, and the module that defines it (loaded when used).
_LAZY = {
    "FORMATS": "output",
    "png_bytes": "output",
    "save": "output",
    "svg_text": "output",
    "score_heatmap": "heatmap",
    "status_distribution": "status",
    "follow_up_timeline": "timeline",
    "transitions": "transitions",
    "score_over_time": "trend",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'followup.charts' has no attribute {name!r}")
    try:
        loaded = importlib.import_module(f"followup.charts.{module}")
    except ImportError as error:
        missing = missing_module(error)
        if missing is None:
            raise
        raise ChartsNotInstalledError("charts", missing) from error
    value = getattr(loaded, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The package, which keeps its functions when a submodule of the same name loads:
    importing ``followup.charts.transitions`` (the module) would otherwise replace the
    function :func:`transitions` on the package."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return  # the module stays reachable through sys.modules
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

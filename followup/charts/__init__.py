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

Importing this package imports matplotlib; ``import followup`` does not.
"""

from followup.charts.heatmap import score_heatmap
from followup.charts.output import FORMATS, png_bytes, save, svg_text
from followup.charts.status import status_distribution
from followup.charts.timeline import follow_up_timeline
from followup.charts.transitions import transitions
from followup.charts.trend import TrendLine, TrendPoint, score_over_time, trend_series

__all__ = [
    "FORMATS",
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

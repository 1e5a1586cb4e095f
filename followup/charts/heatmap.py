"""Compliance scores on a grid of two dimensions (e.g. theme by review)."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_hex
from matplotlib.figure import Figure, FigureBase
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextPath

from followup.charts import _style
from followup.i18n import format_number, message
from followup.scoring.score import GroupScore, ScoreResult

__all__ = ["score_heatmap"]

# cividis: perceptually uniform and made to look the same to readers with red-green
# colour blindness (Nuñez, Anderton & Renslow 2018); its lightness rises monotonically, so
# it prints as an ordered grey ramp too. A red-yellow-green diverging map would say
# "bad/good" at a glance but loses exactly that red/green contrast for about one man in
# twelve, and its ends print as the same grey.
COLORMAP = "cividis"
_EMPTY_FILL = "#f4f4f4"
_EMPTY_HATCH = "#b0b0b0"


def _order(keys: set[str], labels: Mapping[str, str] | None) -> list[str]:
    """Keys in the order of ``labels`` when given, the rest sorted after them."""
    first = [k for k in (labels or {}) if k in keys]
    return first + sorted(keys - set(first))


def _width(text: str, size: float) -> float:
    """The width of ``text`` in points at ``size`` (the widest line), without drawing."""
    font = FontProperties(family="DejaVu Sans", size=size)
    return max(
        (TextPath((0, 0), line, prop=font).get_extents().width for line in text.split("\n")),
        default=0.0,
    )


def _shrink(
    fig: FigureBase, row_text: list[str], columns: int, texts: list[tuple[str, float]]
) -> float:
    """How much the cells' text must shrink (1.0: not at all) to fit the cells' width.

    The width a cell gets is estimated from the figure's width less the row labels and
    the colour bar; a chart drawn narrower (a PDF page's column) gets smaller cell text
    instead of text running over the neighbouring cells.
    """
    figure_width = fig.get_window_extent().width * 72 / fig.get_figure(root=True).dpi
    labels = max((_width(t, 8.5) for t in row_text), default=0.0)
    cell = (figure_width - labels - 95.0) / max(columns, 1)
    needed = max((_width(text, size) for text, size in texts), default=0.0) + 6.0
    return max(0.6, min(1.0, cell / needed)) if needed else 1.0


def score_heatmap(
    result: ScoreResult,
    *,
    row_labels: Mapping[str, str] | None = None,
    column_labels: Mapping[str, str] | None = None,
    language: str = "en",
    title: str | None = None,
    figure: FigureBase | None = None,
) -> Figure:
    """A grid of scores: rows are the first dimension of ``result.by``, columns the second.

    Each cell is coloured by its score on the ``cividis`` colormap and carries the score
    and the coverage (``chart.heatmap_cell``: assessed/total) in the colour that contrasts
    most with the cell. A cell with recommendations but no score is hatched and says
    ``chart.heatmap_empty``; a cell with no recommendations stays blank. Rows and columns
    follow the order of ``row_labels``/``column_labels`` when given (keys missing from
    them come after, sorted), else the keys' order. Returns the root Figure (a new one,
    8 inches wide and taller with more rows, when ``figure`` is None).
    """
    if len(result.by) != 2:
        raise ValueError(f"score_heatmap needs a result grouped by two dimensions, not {result.by}")
    cells: dict[tuple[str, str], GroupScore] = {(g.key[0], g.key[1]): g for g in result.groups}
    rows = _order({a for a, _ in cells}, row_labels)
    columns = _order({b for _, b in cells}, column_labels)
    row_text = [_style.wrap((row_labels or {}).get(r, r), 30) for r in rows]
    column_text = [_style.wrap((column_labels or {}).get(c, c), 16) for c in columns]
    row_lines = max([t.count("\n") + 1 for t in row_text] or [1])
    column_lines = max([t.count("\n") + 1 for t in column_text] or [1])
    row_height = max(0.5, 0.15 * row_lines + 0.1)
    height = 1.5 + 0.16 * column_lines + row_height * max(1, len(rows))
    cmap = colormaps[COLORMAP]
    norm = Normalize(0.0, 1.0)
    with _style.style():
        fig, root = _style.target(figure, height)
        if result.by == ("theme", "review"):
            default = message("chart.heatmap_title", language)
        else:
            first, second = (message(f"dimension.{d}", language) for d in result.by)
            default = message("chart.heatmap_title_by", language, first=first, second=second)
        _style.title(fig, title, default)
        ax = fig.add_subplot()
        texts = [
            (
                message("chart.heatmap_empty", language)
                if g.score is None
                else format_number(g.score, language),
                9.0,
            )
            for g in cells.values()
        ] + [
            (message("chart.heatmap_cell", language, assessed=g.assessed, total=g.total), 7.0)
            for g in cells.values()
        ]
        shrink = _shrink(fig, row_text, len(columns), texts)
        for i, row in enumerate(rows):
            for j, column in enumerate(columns):
                group = cells.get((row, column))
                if group is None or not group.total:
                    continue
                coverage = message(
                    "chart.heatmap_cell", language, assessed=group.assessed, total=group.total
                )
                if group.score is None:
                    cell = Rectangle(
                        (j - 0.5, i - 0.5),
                        1,
                        1,
                        facecolor=_EMPTY_FILL,
                        edgecolor="white",
                        linewidth=2,
                        hatch="///",
                    )
                    _style.set_hatch_colour(cell, _EMPTY_HATCH)
                    ax.add_patch(cell)
                    headline, colour = message("chart.heatmap_empty", language), "#000000"
                    box: dict[str, object] | None = {
                        "boxstyle": "square,pad=0.1",
                        "fc": _EMPTY_FILL,
                        "ec": "none",
                    }
                    weight = "normal"
                else:
                    fill = to_hex(cmap(norm(group.score)))
                    ax.add_patch(
                        Rectangle(
                            (j - 0.5, i - 0.5), 1, 1, facecolor=fill, edgecolor="white", linewidth=2
                        )
                    )
                    headline, colour, box = (
                        format_number(group.score, language),
                        _style.ink(fill),
                        None,
                    )
                    weight = "bold"
                ax.text(
                    j,
                    i - 0.1,
                    headline,
                    ha="center",
                    va="center",
                    fontsize=round(9.0 * shrink, 2),
                    fontweight=weight,
                    color=colour,
                    bbox=box,
                    gid=f"score-{i}-{j}",
                )
                ax.text(
                    j,
                    i + 0.22,
                    coverage,
                    ha="center",
                    va="center",
                    fontsize=round(7.0 * shrink, 2),
                    color=colour,
                    bbox=box,
                    gid=f"coverage-{i}-{j}",
                )
        ax.set_xlim(-0.5, max(1, len(columns)) - 0.5)
        ax.set_ylim(max(1, len(rows)) - 0.5, -0.5)
        ax.set_xticks(range(len(columns)), column_text)
        ax.set_yticks(range(len(rows)), row_text)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        bar = fig.colorbar(
            ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.8, aspect=25, pad=0.02
        )
        bar.set_label(message("chart.score_axis", language))
        bar.set_ticks([i / 5 for i in range(6)])
        bar.ax.yaxis.set_major_formatter(
            _style.number_formatter(lambda v: format_number(v, language, 1))
        )
        bar.outline.set_visible(False)
    return root

"""Compliance scores on a grid of two dimensions (e.g. theme by review)."""

from __future__ import annotations

from collections.abc import Mapping

from attrs import frozen
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, to_hex
from matplotlib.figure import Figure, FigureBase
from matplotlib.patches import Rectangle

from followup.charts import _compact, _direction, _style, _wrap
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


def _shrink(
    fig: FigureBase, row_text: list[str], columns: int, texts: list[tuple[str, float]]
) -> float:
    """How much the cells' text must shrink (1.0: not at all) to fit the cells' width.

    The width a cell gets is estimated from the figure's width less the row labels and
    the colour bar; a chart drawn narrower (a PDF page's column) gets smaller cell text
    instead of text running over the neighbouring cells.
    """
    figure_width = fig.get_window_extent().width * 72 / fig.get_figure(root=True).dpi
    labels = max((_style.text_width(t, 8.5) for t in row_text), default=0.0)
    cell = (figure_width - labels - 95.0) / max(columns, 1)
    needed = max((_style.text_width(text, size) for text, size in texts), default=0.0) + 6.0
    return max(0.6, min(1.0, cell / needed)) if needed else 1.0


def score_heatmap(
    result: ScoreResult,
    *,
    row_labels: Mapping[str, str] | None = None,
    column_labels: Mapping[str, str] | None = None,
    language: str = "en",
    title: str | None = None,
    figure: FigureBase | None = None,
    compact: bool = False,
) -> Figure:
    """A grid of scores: rows are the first dimension of ``result.by``, columns the second.

    Each cell is coloured by its score on the ``cividis`` colormap and carries the score
    and the coverage (``chart.heatmap_cell``: assessed/total) in the colour that contrasts
    most with the cell. A cell with recommendations but no score is hatched and says
    ``chart.heatmap_empty``; a cell with no recommendations stays blank. Rows and columns
    follow the order of ``row_labels``/``column_labels`` when given (keys missing from
    them come after, sorted), else the keys' order. Returns the root Figure (a new one,
    8 inches wide and taller with more rows, when ``figure`` is None).

    ``compact`` draws the phone layout: 3.9 inches wide, each row's label above its
    cells, the cells' text wrapped to their width, the colour bar under the grid, and no
    text under 8.5 points. In a right-to-left language the row labels stand on the right
    and the colour bar on the left; the columns keep their order.
    """
    if len(result.by) != 2:
        raise ValueError(f"score_heatmap needs a result grouped by two dimensions, not {result.by}")
    cells: dict[tuple[str, str], GroupScore] = {(g.key[0], g.key[1]): g for g in result.groups}
    rows = _order({a for a, _ in cells}, row_labels)
    columns = _order({b for _, b in cells}, column_labels)
    row_names = [(row_labels or {}).get(r, r) for r in rows]
    column_names = [(column_labels or {}).get(c, c) for c in columns]
    rtl = _direction.rtl(language)
    with _style.style(language, compact=compact):
        if compact:
            plan = _Plan.make(row_names, column_names, cells, language)
            height = 1.45 + plan.total
        else:
            row_text = [_wrap.wrap(name, 30) for name in row_names]
            column_text = [_wrap.wrap(name, 16) for name in column_names]
            tallest = max([_style.text_height(t, 8.5) for t in row_text] or [0.0])
            header = max([_style.text_height(t, 8.5) for t in column_text] or [0.0])
            row_height = max(0.5, tallest / 72 + 0.1)
            height = 1.5 + header / 72 + row_height * max(1, len(rows))
        fig, root = _style.target(figure, height, compact=compact)
        if result.by == ("theme", "review"):
            default = message("chart.heatmap_title", language)
        else:
            first, second = (message(f"dimension.{d}", language) for d in result.by)
            default = message("chart.heatmap_title_by", language, first=first, second=second)
        _style.title(fig, title, default, size=10.5 if compact else 11.0)
        ax = fig.add_subplot()
        if compact:
            for i, row in enumerate(rows):
                top, label_height, cell_height = plan.rows[i]
                ax.annotate(
                    plan.row_text[i],
                    (1.0 if rtl else 0.0, top + label_height),
                    xycoords=ax.get_yaxis_transform(),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="right" if rtl else "left",
                    va="bottom",
                    fontsize=_style.COMPACT_MIN_SIZE,
                    gid="row",
                )
                cell_top = top + label_height
                for j, column in enumerate(columns):
                    group = cells.get((row, column))
                    if group is None or not group.total:
                        continue
                    _cell(ax, group, j - 0.5, cell_top, cell_height)
                    head = cell_top + 0.04 + plan.head / 2
                    cover = cell_top + 0.04 + plan.head + 0.02 + plan.cover / 2
                    _cell_text(
                        ax,
                        (j, head, cover),
                        group,
                        language,
                        (9.0, _style.COMPACT_MIN_SIZE),
                        gid=f"{i}-{j}",
                        coverage=plan.coverage[row, column],
                    )
            ax.set_ylim(plan.total, 0.0)
            ax.set_yticks([])
            ax.set_xticks(range(len(columns)), plan.column_text)
        else:
            texts = [(_headline(g, language), 9.0) for g in cells.values()] + [
                (_coverage(g, language), 7.0) for g in cells.values()
            ]
            shrink = _shrink(fig, row_text, len(columns), texts)
            for i, row in enumerate(rows):
                for j, column in enumerate(columns):
                    group = cells.get((row, column))
                    if group is not None and group.total:
                        _cell(ax, group, j - 0.5, i - 0.5, 1.0)
                        _cell_text(
                            ax,
                            (j, i - 0.1, i + 0.22),
                            group,
                            language,
                            (9.0 * shrink, 7.0 * shrink),
                            gid=f"{i}-{j}",
                        )
            ax.set_ylim(max(1, len(rows)) - 0.5, -0.5)
            ax.set_xticks(range(len(columns)), column_text)
            ax.set_yticks(range(len(rows)), row_text)
            if rtl:
                ax.yaxis.tick_right()
        ax.set_xlim(-0.5, max(1, len(columns)) - 0.5)
        ax.xaxis.tick_top()
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        _colour_bar(fig, ax, language, rtl, compact)
        if compact and figure is None:
            _compact.fit(root, ax, plan.total)
        _direction.finish(fig, language)
    return root


_NORM = Normalize(0.0, 1.0)


def _colour_bar(fig: FigureBase, ax: Axes, language: str, rtl: bool, compact: bool) -> None:
    """The score scale: right of the grid (left when right to left), under it when
    compact."""
    if compact:
        where, shrink, aspect, pad, ticks = "bottom", 0.9, 30, 0.03, [0.0, 0.5, 1.0]
    else:
        where, shrink, aspect, pad = "left" if rtl else "right", 0.8, 25, 0.02
        ticks = [i / 5 for i in range(6)]
    bar = fig.colorbar(
        ScalarMappable(norm=_NORM, cmap=colormaps[COLORMAP]),
        ax=ax,
        location=where,
        shrink=shrink,
        aspect=aspect,
        pad=pad,
    )
    bar.set_label(message("chart.score_axis", language))
    bar.set_ticks(ticks)
    bar.formatter = _style.number_formatter(lambda v: format_number(v, language, 1))
    bar.outline.set_visible(False)


@frozen
class _Plan:
    """The compact grid, measured before drawing: wrapped labels and texts, and each
    row's top, label height and cell height in inches (the y axis counts inches)."""

    row_text: tuple[str, ...]
    column_text: tuple[str, ...]
    coverage: Mapping[tuple[str, str], str]
    head: float
    cover: float
    rows: tuple[tuple[float, float, float], ...]
    total: float

    @classmethod
    def make(
        cls,
        row_names: list[str],
        column_names: list[str],
        cells: Mapping[tuple[str, str], GroupScore],
        language: str,
    ) -> _Plan:
        size = _style.COMPACT_MIN_SIZE
        width = _compact.plot_width()
        cell = width / max(1, len(column_names)) - 6.0
        row_text = [_compact.wrap_to(name, width, size) for name in row_names]
        column_text = [_compact.wrap_to(name, cell, size) for name in column_names]
        coverage = {
            key: _compact.wrap_to(_coverage(group, language), cell, size)
            for key, group in cells.items()
        }
        head = max(
            [_style.text_height(_headline(g, language), 9.0, "bold") for g in cells.values()]
            or [0.0]
        )
        cover = max([_style.text_height(t, size) for t in coverage.values()] or [0.0])
        cell_height = 0.04 + head / 72 + 0.02 + cover / 72 + 0.06
        rows: list[tuple[float, float, float]] = []
        top = 0.0
        for text in row_text:
            label = _style.text_height(text, size) / 72 + 0.04
            rows.append((top, label, cell_height))
            top += label + cell_height + 0.06
        return cls(
            tuple(row_text), tuple(column_text), coverage, head / 72, cover / 72, tuple(rows), top
        )


def _headline(group: GroupScore, language: str) -> str:
    """The cell's first line: its score, or ``chart.heatmap_empty``."""
    if group.score is None:
        return message("chart.heatmap_empty", language)
    return format_number(group.score, language)


def _coverage(group: GroupScore, language: str) -> str:
    """The cell's second line: how many of its recommendations are assessed."""
    return message("chart.heatmap_cell", language, assessed=group.assessed, total=group.total)


def _fill(group: GroupScore) -> str:
    """The cell's colour: its score's on the colormap, or pale grey without one."""
    if group.score is None:
        return _EMPTY_FILL
    return to_hex(colormaps[COLORMAP](_NORM(group.score)))


def _cell(ax: Axes, group: GroupScore, left: float, top: float, height: float) -> None:
    """The cell's rectangle, one column wide: its score's colour, or hatched grey."""
    empty = group.score is None
    cell = Rectangle(
        (left, top),
        1,
        height,
        facecolor=_fill(group),
        edgecolor="white",
        linewidth=2,
        hatch="///" if empty else None,
    )
    if empty:
        _style.set_hatch_colour(cell, _EMPTY_HATCH)
    ax.add_patch(cell)


def _cell_text(
    ax: Axes,
    where: tuple[float, float, float],
    group: GroupScore,
    language: str,
    sizes: tuple[float, float],
    *,
    gid: str,
    coverage: str | None = None,
) -> None:
    """The score (bold; ``chart.heatmap_empty`` without one) centred at ``where[0]``,
    ``where[1]`` and the coverage under it at ``where[2]``, in the ink that contrasts
    with the cell."""
    x, y_head, y_cover = where
    empty = group.score is None
    colour = "#000000" if empty else _style.ink(_fill(group))
    box = {"boxstyle": "square,pad=0.1", "fc": _EMPTY_FILL, "ec": "none"} if empty else None
    for y, text, size, weight, name in (
        (y_head, _headline(group, language), sizes[0], "normal" if empty else "bold", "score"),
        (y_cover, coverage or _coverage(group, language), sizes[1], "normal", "coverage"),
    ):
        ax.text(
            x,
            y,
            text,
            ha="center",
            va="center",
            fontsize=round(size, 2),
            fontfamily=_style.numeric_font(text),
            fontweight=weight,
            color=colour,
            bbox=box,
            gid=f"{name}-{gid}",
        )

"""What moved between two dates: the transition matrix of levels."""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import Normalize, to_hex
from matplotlib.figure import Figure, FigureBase
from matplotlib.patches import Patch, Rectangle

from followup.charts import _compact, _direction, _style, _wrap
from followup.i18n import format_date, message
from followup.model.scales import Scale
from followup.scoring.progress import Change
from followup.scoring.score import UNKNOWN

__all__ = ["transitions"]

# Moved cells: a single-hue light-to-dark blue ramp (no red/green to confuse, and it
# prints as a grey ramp); unchanged cells: a hatched grey that no count of moves shares.
_MOVED = "Blues"
_SAME_FILL = "#d9d9d9"
_SAME_HATCH = "#f7f7f7"


def transitions(
    change: Change,
    scale: Scale,
    *,
    language: str = "en",
    title: str | None = None,
    figure: FigureBase | None = None,
    compact: bool = False,
) -> Figure:
    """The transition matrix of ``change``: rows are the level at ``change.before``,
    columns the level at ``change.after`` (the scale's levels, then not assessed).

    Every non-zero cell carries its count; the diagonal (no change) is grey and hatched,
    the other cells are shaded by how many moved. With no recommendation present at both
    dates the figure says so (``chart.transitions_none``). Returns the root Figure (a new
    one, 8 inches wide, when ``figure`` is None).

    ``compact`` draws the phone layout: 3.9 inches wide, column labels turned upright
    when they do not fit their column, the legend under the matrix, and no text under
    8.5 points. In a right-to-left language the matrix is mirrored: the columns run from
    the right and the row labels stand on the right.
    """
    if change.scale != scale.id:
        raise ValueError(f"the change is on scale {change.scale!r}, not {scale.id!r}")
    before = format_date(change.before, language, "short")
    after = format_date(change.after, language, "short")
    default = message("chart.transitions_title", language, before=before, after=after)
    levels = (*scale.level_ids, UNKNOWN)
    labels = [_style.level_label(scale, lv, language) for lv in levels]
    rtl = _direction.rtl(language)
    n = len(levels)
    with _style.style(language, compact=compact):
        if compact:
            row_names = [_compact.wrap_to(label, 78.0, 8.5) for label in labels]
            side = max(_style.text_width(name, 8.5) for name in row_names) + 24.0
            cell = (_compact.plot_width() - side) / n
            names = [_compact.wrap_to(label, cell - 3.0, 8.5) for label in labels]
            upright = max(_style.text_width(name, 8.5) for name in names) > cell - 2.0
            if upright:
                names = [label if len(label) < 26 else _wrap.wrap(label, 24) for label in labels]
                header = max(_style.text_width(name, 8.5) for name in names) / 72 + 0.35
            else:
                header = max(_style.text_height(name, 8.5) for name in names) / 72 + 0.35
            height = 1.5 + header + n * cell / 72
        else:
            names = [_wrap.wrap(label, 11) for label in labels]
            row_names = names
            header = max(_style.text_height(name, 8.0) for name in names) / 72
            height = 2.0 + header + 0.72 * n
        if change.total == 0:
            fig, root = _style.target(figure, 2.2, compact=compact)
            _style.title(fig, title, default, size=10.5 if compact else 11.0)
            ax = fig.add_subplot()
            ax.set_axis_off()
            none = message("chart.transitions_none", language)
            ax.text(
                0.5,
                0.5,
                _compact.wrap_to(none, _compact.plot_width(), 10) if compact else none,
                ha="center",
                va="center",
                fontsize=10,
                transform=ax.transAxes,
                gid="none",
            )
            _direction.finish(fig, language)
            return root
        fig, root = _style.target(figure, height, compact=compact)
        _style.title(fig, title, default, size=10.5 if compact else 11.0)
        ax = fig.add_subplot()
        _cells(ax, change, levels, 9.5 if compact else 10.0)
        # right to left, the first level's column stands on the right
        ax.set_xlim(*((n - 0.5, -0.5) if rtl else (-0.5, n - 0.5)))
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_aspect("equal")
        ax.set_xticks(range(n), names)
        ax.set_yticks(range(n), row_names)
        ax.xaxis.tick_top()
        ax.xaxis.set_label_position("top")
        if rtl:
            ax.yaxis.tick_right()
            ax.yaxis.set_label_position("right")
        size = _style.COMPACT_MIN_SIZE if compact else 8.0
        ax.tick_params(length=0, labelsize=size)
        if compact and upright:
            ax.tick_params(axis="x", labelrotation=90)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel(message("chart.transitions_to", language, date=after), labelpad=8)
        ax.set_ylabel(message("chart.transitions_from", language, date=before), labelpad=8)
        keys = [
            message("chart.transitions_same", language),
            message("chart.transitions_moved", language),
        ]
        ncols = _compact.legend_columns(keys, _compact.plot_width() + 20, 8.5) if compact else 2
        handles, keys = _direction.legend_order(
            [
                _unchanged_handle(),
                Patch(facecolor=to_hex(colormaps[_MOVED](0.6)), edgecolor="white"),
            ],
            keys,
            ncols,
            rtl,
        )
        fig.legend(
            handles,
            keys,
            loc="outside lower center",
            ncols=ncols,
            frameon=False,
            handleheight=1.4,
            markerfirst=not rtl,
        )
        if compact and figure is None:
            _compact.fit(root, ax, _compact.axes_height(root, ax))
        _direction.finish(fig, language)
    return root


def _cells(ax: Axes, change: Change, levels: tuple[str, ...], size: float) -> None:
    """The matrix: the diagonal hatched grey, moves shaded by their count, counts on
    every non-zero cell."""
    moved = [change.count(a, b) for a in levels for b in levels if a != b]
    norm = Normalize(0.0, max([*moved, 1]))
    cmap = colormaps[_MOVED]
    for i, source in enumerate(levels):
        for j, target in enumerate(levels):
            count = change.count(source, target)
            if i == j:
                cell = Rectangle(
                    (j - 0.5, i - 0.5),
                    1,
                    1,
                    facecolor=_SAME_FILL,
                    edgecolor="white",
                    linewidth=2,
                    hatch="///",
                )
                _style.set_hatch_colour(cell, _SAME_HATCH)
                fill = _SAME_FILL
            else:
                # a count of 1 is already visibly blue; 0 stays white
                fill = to_hex(cmap(0.15 + 0.85 * norm(count))) if count else "#ffffff"
                cell = Rectangle(
                    (j - 0.5, i - 0.5),
                    1,
                    1,
                    facecolor=fill,
                    edgecolor="#cccccc" if not count else "white",
                    linewidth=0.6 if not count else 2,
                )
            ax.add_patch(cell)
            if count:
                ax.text(
                    j,
                    i,
                    str(count),
                    ha="center",
                    va="center",
                    fontsize=size,
                    fontfamily=_style.numeric_font(str(count)),
                    fontweight="bold",
                    color=_style.ink(fill),
                    bbox={"boxstyle": "square,pad=0.1", "fc": fill, "ec": "none"},
                    gid=f"count-{source}-{target}",
                )


def _unchanged_handle() -> Patch:
    handle = Patch(facecolor=_SAME_FILL, edgecolor="white", hatch="///")
    _style.set_hatch_colour(handle, _SAME_HATCH)
    return handle

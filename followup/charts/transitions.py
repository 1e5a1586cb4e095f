"""What moved between two dates: the transition matrix of levels."""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.colors import Normalize, to_hex
from matplotlib.figure import Figure, FigureBase
from matplotlib.patches import Patch, Rectangle

from followup.charts import _style
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
) -> Figure:
    """The transition matrix of ``change``: rows are the level at ``change.before``,
    columns the level at ``change.after`` (the scale's levels, then not assessed).

    Every non-zero cell carries its count; the diagonal (no change) is grey and hatched,
    the other cells are shaded by how many moved. With no recommendation present at both
    dates the figure says so (``chart.transitions_none``). Returns the root Figure (a new
    one, 8 inches wide, when ``figure`` is None).
    """
    if change.scale != scale.id:
        raise ValueError(f"the change is on scale {change.scale!r}, not {scale.id!r}")
    before = format_date(change.before, language, "short")
    after = format_date(change.after, language, "short")
    default = message("chart.transitions_title", language, before=before, after=after)
    levels = (*scale.level_ids, UNKNOWN)
    names = [_style.wrap(_style.level_label(scale, lv, language), 11) for lv in levels]
    lines = max(n.count("\n") + 1 for n in names)
    if change.total == 0:
        with _style.style():
            fig, root = _style.target(figure, 2.2)
            _style.title(fig, title, default)
            ax = fig.add_subplot()
            ax.set_axis_off()
            ax.text(
                0.5,
                0.5,
                message("chart.transitions_none", language),
                ha="center",
                va="center",
                fontsize=10,
                transform=ax.transAxes,
                gid="none",
            )
        return root
    n = len(levels)
    height = 2.0 + 0.14 * lines + 0.72 * n
    moved = [change.count(a, b) for a in levels for b in levels if a != b]
    norm = Normalize(0.0, max([*moved, 1]))
    cmap = colormaps[_MOVED]
    with _style.style():
        fig, root = _style.target(figure, height)
        _style.title(fig, title, default)
        ax = fig.add_subplot()
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
                        fontsize=10,
                        fontweight="bold",
                        color=_style.ink(fill),
                        bbox={"boxstyle": "square,pad=0.1", "fc": fill, "ec": "none"},
                        gid=f"count-{source}-{target}",
                    )
        ax.set_xlim(-0.5, n - 0.5)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_aspect("equal")
        ax.set_xticks(range(n), names)
        ax.set_yticks(range(n), names)
        ax.xaxis.tick_top()
        ax.xaxis.set_label_position("top")
        ax.tick_params(length=0, labelsize=8.0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel(message("chart.transitions_to", language, date=after), labelpad=8)
        ax.set_ylabel(message("chart.transitions_from", language, date=before), labelpad=8)
        fig.legend(
            [
                _unchanged_handle(),
                Patch(facecolor=to_hex(cmap(0.6)), edgecolor="white"),
            ],
            [
                message("chart.transitions_same", language),
                message("chart.transitions_moved", language),
            ],
            loc="outside lower center",
            ncols=2,
            frameon=False,
            handleheight=1.4,
        )
    return root


def _unchanged_handle() -> Patch:
    handle = Patch(facecolor=_SAME_FILL, edgecolor="white", hatch="///")
    _style.set_hatch_colour(handle, _SAME_HATCH)
    return handle

"""How the recommendations of each group spread over the levels of a scale."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.figure import Figure, FigureBase
from matplotlib.patches import Rectangle

from followup.charts import _style
from followup.i18n import format_percent, message
from followup.model.scales import Scale
from followup.scoring.score import UNKNOWN, GroupScore, ScoreResult

__all__ = ["status_distribution"]

_LABEL_CHARS = 34  # wrap group labels at this width
_COUNT_SIZE = 8.0  # points


def status_distribution(
    result: ScoreResult,
    scale: Scale,
    *,
    labels: Mapping[str, str] | None = None,
    language: str = "en",
    title: str | None = None,
    figure: FigureBase | None = None,
) -> Figure:
    """One horizontal 100% stacked bar per group: the share at each level.

    The first bar is every recommendation (``result.overall``, labelled ``chart.overall``),
    then one bar per group of ``result`` (grouped by one dimension, e.g. theme; ``labels``
    maps a group key to its display label, the key itself by default). Segments follow
    ``result.levels`` worst first, then the recommendations not assessed (light grey).
    Each segment has its level's colour and its own hatch, and carries its count when the
    segment is wide enough to hold it. ``title=None`` uses the catalogue's title; ``""``
    draws none. Returns the root Figure (a new one, 8 inches wide, when ``figure`` is None).
    """
    if result.scale != scale.id:
        raise ValueError(f"the result is on scale {result.scale!r}, not {scale.id!r}")
    rows: list[tuple[str, GroupScore]] = [(message("chart.overall", language), result.overall)]
    if result.by:
        rows += [(_style.key_label(g.key, labels), g) for g in result.groups]
    wrapped = [_style.wrap(label, _LABEL_CHARS) for label, _ in rows]
    lines = max(label.count("\n") + 1 for label in wrapped)
    row_height = max(0.42, 0.16 * lines + 0.14)
    levels = (*result.levels, UNKNOWN)
    legend_rows = (len(levels) + 2) // 3
    height = 1.5 + row_height * len(rows) + 0.25 * legend_rows
    with _style.style():
        fig, root = _style.target(figure, height)
        if result.by:
            default = message(
                "chart.status_title",
                language,
                dimension=_style.dimension_words(result.by, language),
            )
        else:
            default = message("chart.status_title_all", language)
        _style.title(fig, title, default)
        ax = fig.add_subplot()
        # the width of the plotting area in points, to decide which counts fit
        axes_points = _style.width_inches(fig) * 72 * 0.55
        ys = list(range(len(rows)))
        for level in levels:
            colour = _style.level_colour(scale, level)
            hatch = _style.level_hatch(scale, level)
            label = _style.level_label(scale, level, language)
            first = True
            for y, (_, group) in zip(ys, rows, strict=True):
                count = group.counts.get(level, 0)
                if not count or not group.total:
                    continue
                left = sum(group.counts.get(lv, 0) for lv in levels[: levels.index(level)])
                start, width = left / group.total, count / group.total
                bar = Rectangle(
                    (start, y - 0.36),
                    width,
                    0.72,
                    facecolor=colour,
                    edgecolor="white",
                    linewidth=0.8,
                    hatch=hatch,
                    label=label if first else "_nolegend_",
                )
                _style.set_hatch_colour(bar, _style.hatch_ink(colour))
                ax.add_patch(bar)
                first = False
                text = str(count)
                needed = (len(text) * 0.62 * _COUNT_SIZE + 5) / axes_points
                if width >= needed:
                    ax.text(
                        start + width / 2,
                        y,
                        text,
                        ha="center",
                        va="center",
                        fontsize=_COUNT_SIZE,
                        fontweight="bold",
                        color=_style.ink(colour),
                        bbox={"boxstyle": "square,pad=0.25", "fc": colour, "ec": "none"},
                        gid=f"count-{level}",
                    )
            if first:  # no group has this level: still show it in the legend
                dummy = Rectangle(
                    (0, 0),
                    0,
                    0,
                    facecolor=colour,
                    edgecolor="white",
                    linewidth=0.8,
                    hatch=hatch,
                    label=label,
                )
                _style.set_hatch_colour(dummy, _style.hatch_ink(colour))
                ax.add_patch(dummy)
        for y, (_, group) in zip(ys, rows, strict=True):
            ax.text(
                1.01,
                y,
                f"n = {group.total}",
                ha="left",
                va="center",
                fontsize=7.5,
                color="#333333",
                transform=ax.get_yaxis_transform(),
                gid="total",
            )
        if len(rows) > 1:
            ax.axhline(0.5, color="#333333", linewidth=0.8)
        ax.set_xlim(0, 1)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_yticks(ys, wrapped)
        ax.get_yticklabels()[0].set_fontweight("bold")
        ax.tick_params(axis="y", length=0)
        ax.set_xticks([i / 5 for i in range(6)])
        ax.xaxis.set_major_formatter(_style.number_formatter(lambda v: format_percent(v, language)))
        ax.set_xlabel(message("chart.share", language))
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        handles, names = ax.get_legend_handles_labels()
        order = [names.index(_style.level_label(scale, lv, language)) for lv in levels]
        fig.legend(
            [handles[i] for i in order],
            [names[i] for i in order],
            loc="outside lower center",
            ncols=min(3, len(levels)),
            frameon=False,
            handleheight=1.4,
            handlelength=2.4,
        )
    return root

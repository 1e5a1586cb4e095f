"""How the recommendations of each group spread over the levels of a scale."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.axes import Axes
from matplotlib.figure import Figure, FigureBase
from matplotlib.patches import Rectangle

from followup.charts import _compact, _direction, _style, _wrap
from followup.charts._series import key_label
from followup.fonts import require
from followup.i18n import format_percent, message
from followup.model.scales import Scale
from followup.scoring.score import UNKNOWN, GroupScore, ScoreResult

__all__ = ["status_distribution"]

_LABEL_CHARS = 34  # wrap group labels at this width
_COUNT_SIZE = 8.0  # points
_TOTAL_SIZE = 7.5  # points
# compact rows, in inches: the bar, and the gap under it
_BAR = 0.27
_GAP = 0.12


def status_distribution(
    result: ScoreResult,
    scale: Scale,
    *,
    labels: Mapping[str, str] | None = None,
    language: str = "en",
    title: str | None = None,
    figure: FigureBase | None = None,
    compact: bool = False,
) -> Figure:
    """One horizontal 100% stacked bar per group: the share at each level.

    The first bar is every recommendation (``result.overall``, labelled ``chart.overall``),
    then one bar per group of ``result`` (grouped by one dimension, e.g. theme; ``labels``
    maps a group key to its display label, the key itself by default). Segments follow
    ``result.levels`` worst first, then the recommendations not assessed (light grey).
    Each segment has its level's colour and its own hatch, and carries its count when the
    segment is wide enough to hold it. ``title=None`` uses the catalogue's title; ``""``
    draws none. Returns the root Figure (a new one, 8 inches wide, when ``figure`` is None).

    ``compact`` draws the phone layout: 3.9 inches wide, each group's label and total
    above its bar, axis ticks at 0, 50 and 100%, and no text under 8.5 points. In a
    right-to-left language the bars grow from the right and the labels stand on the
    right (see :mod:`followup.charts._direction`).
    """
    if result.scale != scale.id:
        raise ValueError(f"the result is on scale {result.scale!r}, not {scale.id!r}")
    rows: list[tuple[str, GroupScore]] = [(message("chart.overall", language), result.overall)]
    if result.by:
        rows += [(key_label(g.key, labels), g) for g in result.groups]
    levels = (*result.levels, UNKNOWN)
    rtl = _direction.rtl(language)
    with _style.style(language, compact=compact):
        if compact:
            totals = [f"n = {group.total}" for _, group in rows]
            room = _compact.plot_width() - max(_style.text_width(t, 8.5) for t in totals) - 8
            wrapped = [
                _compact.wrap_to(label, room, 8.5, "bold" if i == 0 else "normal")
                for i, (label, _) in enumerate(rows)
            ]
            row_inches = [
                _style.text_height(label, 8.5, "bold" if i == 0 else "normal") / 72 + _BAR + _GAP
                for i, label in enumerate(wrapped)
            ]
            legend_rows = -(-len(levels) // 2)
            height = 1.25 + sum(row_inches) + 0.2 * legend_rows
        else:
            wrapped = [_wrap.wrap(label, _LABEL_CHARS) for label, _ in rows]
            tallest = max(_style.text_height(label, 8.5) for label in wrapped)
            row_height = max(0.42, tallest / 72 + 0.14)
            legend_rows = (len(levels) + 2) // 3
            height = 1.5 + row_height * len(rows) + 0.25 * legend_rows
        fig, root = _style.target(figure, height, compact=compact)
        if result.by:
            default = message(
                "chart.status_title",
                language,
                dimension=_style.dimension_words(result.by, language),
            )
        else:
            default = message("chart.status_title_all", language)
        _style.title(fig, title, default, size=10.5 if compact else 11.0)
        ax = fig.add_subplot()
        if compact:
            # rows of uneven height (longer labels take more lines): row i spans
            # [edges[i], edges[i + 1]] in data units of one inch, its bar at the bottom
            edges = [0.0]
            for inches in row_inches:
                edges.append(edges[-1] + inches)
            spans = [(edges[i + 1] - _GAP - _BAR, _BAR) for i in range(len(rows))]
        else:
            spans = [(y - 0.36, 0.72) for y in range(len(rows))]
        # the width of the plotting area in points, to decide which counts fit
        axes_points = _compact.plot_width() if compact else _style.width_inches(fig) * 72 * 0.55
        count_size = _style.COMPACT_MIN_SIZE if compact else _COUNT_SIZE
        _bars(ax, rows, levels, spans, scale, language, axes_points, count_size)
        if rtl:
            ax.set_xlim(1, 0)
        else:
            ax.set_xlim(0, 1)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        if compact:
            _labels_above(ax, rows, wrapped, spans, rtl)
            ax.set_ylim(edges[-1], 0)
            ax.set_yticks([])
            ax.set_xticks([0, 0.5, 1])
            if len(rows) > 1:
                ax.axhline(edges[1], color="#333333", linewidth=0.8)
        else:
            _labels_beside(ax, rows, wrapped, rtl)
        ax.xaxis.set_major_formatter(_style.number_formatter(lambda v: format_percent(v, language)))
        ax.set_xlabel(message("chart.share", language))
        handles, names = ax.get_legend_handles_labels()
        order = [names.index(_style.level_label(scale, lv, language)) for lv in levels]
        ncols = (
            _compact.legend_columns([names[i] for i in order], _compact.plot_width() + 20, 8.5)
            if compact
            else min(3, len(levels))
        )
        shown, texts = _direction.legend_order(
            [handles[i] for i in order], [names[i] for i in order], ncols, rtl
        )
        fig.legend(
            shown,
            texts,
            loc="outside lower center",
            ncols=ncols,
            frameon=False,
            handleheight=1.4,
            handlelength=2.4,
            markerfirst=not rtl,
        )
        if compact and figure is None:
            _compact.fit(root, ax, edges[-1])
        _direction.finish(fig, language)
    return root


def _bars(
    ax: Axes,
    rows: list[tuple[str, GroupScore]],
    levels: tuple[str, ...],
    spans: list[tuple[float, float]],
    scale: Scale,
    language: str,
    axes_points: float,
    count_size: float,
) -> None:
    """The stacked segments, with their counts where they fit, and every level in the
    legend (a level no group has gets an empty patch)."""
    for level in levels:
        colour = _style.level_colour(scale, level)
        hatch = _style.level_hatch(scale, level)
        label = _style.level_label(scale, level, language)
        first = True
        for (bottom, height), (_, group) in zip(spans, rows, strict=True):
            count = group.counts.get(level, 0)
            if not count or not group.total:
                continue
            left = sum(group.counts.get(lv, 0) for lv in levels[: levels.index(level)])
            start, width = left / group.total, count / group.total
            bar = Rectangle(
                (start, bottom),
                width,
                height,
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
            needed = (len(text) * 0.62 * count_size + 5) / axes_points
            if width >= needed:
                ax.text(
                    start + width / 2,
                    bottom + height / 2,
                    text,
                    ha="center",
                    va="center",
                    fontsize=count_size,
                    fontfamily=_style.numeric_font(text),
                    fontweight="bold",
                    color=_style.ink(colour),
                    bbox={"boxstyle": "square,pad=0.25", "fc": colour, "ec": "none"},
                    gid=f"count-{level}",
                )
        if first:  # no group has this level: still show it in the legend
            dummy = Rectangle(
                (0, 0), 0, 0, facecolor=colour, edgecolor="white", linewidth=0.8, hatch=hatch
            )
            dummy.set_label(label)
            _style.set_hatch_colour(dummy, _style.hatch_ink(colour))
            ax.add_patch(dummy)


def _labels_beside(
    ax: Axes, rows: list[tuple[str, GroupScore]], wrapped: list[str], rtl: bool
) -> None:
    """The full-size layout: group labels as tick labels beside the bars (on the right
    in a right-to-left chart), totals on the other side."""
    ys = list(range(len(rows)))
    for y, (_, group) in zip(ys, rows, strict=True):
        ax.text(
            -0.01 if rtl else 1.01,
            y,
            f"n = {group.total}",
            ha="right" if rtl else "left",
            va="center",
            fontsize=_TOTAL_SIZE,
            fontfamily=_style.numeric_font("n"),
            color="#333333",
            transform=ax.get_yaxis_transform(),
            gid="total",
        )
    if len(rows) > 1:
        ax.axhline(0.5, color="#333333", linewidth=0.8)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_yticks(ys, wrapped)
    if rtl:
        ax.yaxis.tick_right()
        # a label with no Arabic letter (an English theme name the registry has in no
        # other language) takes the Latin fonts' line height, not the Arabic font's
        for tick in ax.get_yticklabels():
            if not any("\u0600" <= c <= "\u06ff" for c in tick.get_text()):
                tick.set_fontfamily(list(require("en")))
    ax.get_yticklabels()[0].set_fontweight("bold")
    ax.tick_params(axis="y", length=0)
    ax.set_xticks([i / 5 for i in range(6)])


def _labels_above(
    ax: Axes,
    rows: list[tuple[str, GroupScore]],
    wrapped: list[str],
    spans: list[tuple[float, float]],
    rtl: bool,
) -> None:
    """The compact layout: each group's label above its bar, from the reader's side,
    and its total at the other end of the same line."""
    start, end = (1.0, 0.0) if rtl else (0.0, 1.0)
    for index, ((_, group), label, (top, _)) in enumerate(zip(rows, wrapped, spans, strict=True)):
        for x, text, gid, weight, colour in (
            (start, label, "label", "bold" if index == 0 else "normal", "#111111"),
            (end, f"n = {group.total}", "total", "normal", "#333333"),
        ):
            ax.annotate(
                text,
                (x, top),
                xycoords=ax.get_yaxis_transform(),
                xytext=(0, 2.5),
                textcoords="offset points",
                ha="right" if (x == 1.0) else "left",
                va="bottom",
                fontsize=_style.COMPACT_MIN_SIZE,
                fontweight=weight,
                color=colour,
                gid=gid,
            )

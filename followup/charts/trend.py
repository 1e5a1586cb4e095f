"""Compliance scores over time: one step line per group.

:func:`trend_series` computes what the chart draws (each line's label, and at each date
its score and whether that score changed); :func:`score_over_time` draws exactly that, so
a table made from :func:`trend_series` and the chart cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure, FigureBase
from matplotlib.lines import Line2D

from followup.charts import _compact, _direction, _style, _wrap
from followup.charts._series import TrendLine, TrendPoint, trend_series
from followup.i18n import format_number, message
from followup.scoring.score import ScoreResult

__all__ = ["TrendLine", "TrendPoint", "score_over_time", "trend_series"]


def score_over_time(
    results: Sequence[ScoreResult],
    *,
    labels: Mapping[str, str] | None = None,
    marks: Sequence[tuple[dt.date, str]] = (),
    changed: Iterable[dt.date] | None = None,
    include_overall: bool = False,
    language: str = "en",
    title: str | None = None,
    figure: FigureBase | None = None,
    compact: bool = False,
) -> Figure:
    """The score of each group at successive dates, as step lines.

    ``results`` are scores at successive dates (e.g. from :func:`followup.scoring.series`),
    all grouped by the same zero or one dimension. One line per group key (``labels`` maps
    a key to its display label), or one for all recommendations when ungrouped or when
    ``include_overall``; a date where a group has no score leaves a gap. A marker sits on
    a line only where that line's score changed: it differs from the line's score at the
    previous date, or is a score after a date with none (the first date has no marker).
    The lines and markers are those of :func:`trend_series`.

    The date axis spans the dates where some line has a score (all dates when none has),
    with a small pad; dates without any score do not widen it. ``marks`` are dates drawn
    as dotted vertical lines with their short labels (review dates): those within that
    span or within the pad of it are drawn (and widen the axis to fit); others are left
    out. ``changed`` is ignored (markers come from the scores themselves); it is still
    accepted so that existing callers keep working. Lines differ by colour (Okabe-Ito),
    marker and dash pattern. Returns the root Figure (a new one, 8 by 5 inches, when
    ``figure`` is None).

    ``compact`` draws the phone layout: 3.9 inches wide, two to four date ticks, score
    ticks at 0, 0.5 and 1, the legend in one column under the plot, and no text under
    8.5 points. The date axis runs left to right in every language.
    """
    del changed  # accepted for callers written before markers followed the scores
    lines = trend_series(results, labels=labels, include_overall=include_overall, language=language)
    by = results[0].by
    days = sorted(r.as_of for r in results)
    xs = [_style.date_number(day) for day in days]
    scored = [x for i, x in enumerate(xs) if any(ln.points[i].score is not None for ln in lines)]
    low, high = min(scored or xs), max(scored or xs)
    pad = max(3.0, (high - low) * 0.04)
    shown = [
        (x, mark)
        for x, mark in sorted((_style.date_number(day), mark) for day, mark in marks)
        if low - pad <= x <= high + pad
    ]
    low = min([low, *(x for x, _ in shown)])
    high = max([high, *(x for x, _ in shown)])
    entries = len(lines) + 2
    rtl = _direction.rtl(language)
    with _style.style(language, compact=compact):
        if compact:
            names = [
                _compact.wrap_to(line.label, _compact.plot_width() - 40, 8.5) for line in lines
            ]
            rows = sum(name.count("\n") + 1 for name in names) + 2
            height = 3.6 + 0.19 * rows
        else:
            names = [_wrap.wrap(line.label, 40) for line in lines]
            height = 4.4 + 0.2 * ((entries + 1) // 2)
        fig, root = _style.target(figure, height, compact=compact)
        if by:
            default = message(
                "chart.score_title", language, dimension=_style.dimension_words(by, language)
            )
        else:
            default = message("chart.score_title_all", language)
        _style.title(fig, title, default, size=10.5 if compact else 11.0)
        ax = fig.add_subplot()
        overall_first = not by or include_overall
        dashes: str | tuple[int, tuple[int, ...]]
        any_marker = False
        for index, (_, points) in enumerate(lines):
            ys = [math.nan if p.score is None else p.score for p in points]
            every = [i for i, p in enumerate(points) if p.changed]
            any_marker = any_marker or bool(every)
            # line k: the k-th colour, marker and dash pattern; all recommendations
            # (first when drawn) in black, thicker and with larger markers, whose rim
            # shows around a group's marker drawn over it at the same point
            colour = _style.PALETTE[index % len(_style.PALETTE)]
            marker = _style.MARKERS[index % len(_style.MARKERS)]
            dashes = _style.LINESTYLES[index % len(_style.LINESTYLES)]
            width, size = 1.6, 6.5
            if overall_first and index == 0:
                colour, width, size = "#000000", 2.4, 9.0
            ax.plot(
                xs,
                ys,
                drawstyle="steps-post",
                color=colour,
                linestyle=dashes,
                linewidth=width,
                marker=marker,
                markevery=every,
                markersize=size,
                markeredgecolor="white" if marker not in ("X", "P", "*") else colour,
                markeredgewidth=0.8,
                label=names[index],
                gid=f"line-{index}",
            )
        _marks(ax, shown, (low - pad, high + pad), compact)
        ax.set_ylim(-0.03, 1.03)
        if compact:
            ax.set_yticks([0.0, 0.5, 1.0])
            ax.set_yticks([0.25, 0.75], minor=True)
            ax.tick_params(axis="y", which="minor", length=0)
            ax.grid(axis="y", which="minor", color="#dddddd", linewidth=0.6)
        else:
            ax.set_yticks([i / 5 for i in range(6)])
        ax.yaxis.set_major_formatter(
            _style.number_formatter(lambda v: format_number(v, language, 1))
        )
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.set_xlim(low - pad, high + pad)
        ax.xaxis.set_major_locator(_style.date_locator(compact=compact))
        ax.xaxis.set_major_formatter(_style.date_formatter(language))
        if not compact:  # on a phone the dates say what the axis is
            ax.set_xlabel(message("chart.date_axis", language))
        ax.set_ylabel(message("chart.score_axis", language))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles, names = ax.get_legend_handles_labels()
        if shown:
            handles.append(Line2D([], [], color="#555555", linestyle=":", linewidth=1.0))
            names.append(message("chart.reviews_marked", language))
        if any_marker:
            handles.append(
                Line2D([], [], color="#555555", linestyle="none", marker="o", markersize=6.5)
            )
            names.append(message("chart.assessed_marker", language))
        if handles:
            ncols = 1 if compact else 2 if len(handles) > 2 else len(handles)
            handles, names = _direction.legend_order(handles, names, ncols, rtl)
            fig.legend(
                handles,
                names,
                loc="outside lower center",
                ncols=ncols,
                frameon=False,
                handlelength=3.2,
                markerfirst=not rtl,
            )
        _direction.finish(fig, language)
    return root


def _marks(
    ax: Axes, shown: Sequence[tuple[float, str]], span: tuple[float, float], compact: bool
) -> None:
    """Review dates as dotted lines, each labelled along its line: on its left, or on
    its right when the label before stands too close (a compact chart is narrow)."""
    size = _style.COMPACT_MIN_SIZE if compact else 7.5
    width = _compact.plot_width() if compact else _style.WIDTH * 72 * 0.85
    previous: float | None = None
    for x, mark in shown:
        ax.axvline(x, color="#555555", linestyle=":", linewidth=1.0, zorder=0)
        at = (x - span[0]) / (span[1] - span[0]) * width
        right = (previous is not None and at - previous < size * 1.6) or at < size * 1.6
        ax.text(
            x,
            0.985,
            f" {mark} ",
            rotation=90,
            ha="left" if right else "right",
            va="top",
            fontsize=size,
            color="#333333",
            transform=ax.get_xaxis_transform(),
            gid="mark",
        )
        previous = at

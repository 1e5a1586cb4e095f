"""Compliance scores over time: one step line per group."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence

from matplotlib.figure import Figure, FigureBase
from matplotlib.lines import Line2D

from followup.charts import _style
from followup.i18n import format_number, message
from followup.scoring.score import GroupScore, ScoreResult

__all__ = ["score_over_time"]


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
) -> Figure:
    """The score of each group at successive dates, as step lines.

    ``results`` are scores at successive dates (e.g. from :func:`followup.scoring.series`),
    all grouped by the same zero or one dimension. One line per group key (``labels`` maps
    a key to its display label), or one for all recommendations when ungrouped or when
    ``include_overall``; a date where a group has no score leaves a gap. A marker sits at
    each date of ``changed`` (default: every result's date) where the group has a score;
    ``marks`` are dates drawn as dotted vertical lines with their short labels (review
    dates). Lines differ by colour (Okabe-Ito), marker and dash pattern. Returns the root
    Figure (a new one, 8 by 5 inches, when ``figure`` is None).
    """
    if not results:
        raise ValueError("score_over_time needs at least one result")
    ordered = sorted(results, key=lambda r: r.as_of)
    by = ordered[0].by
    if any(r.by != by for r in ordered):
        raise ValueError("every result must be grouped by the same dimensions")
    if len(by) > 1:
        raise ValueError("score_over_time draws results grouped by at most one dimension")
    keys = sorted({g.key for r in ordered for g in r.groups}) if by else []
    lines: list[tuple[str, list[GroupScore | None]]] = []
    if not by or include_overall:
        lines.append((message("chart.overall", language), [r.overall for r in ordered]))
    for key in keys:
        found = [next((g for g in r.groups if g.key == key), None) for r in ordered]
        lines.append((_style.key_label(key, labels), found))
    days = [r.as_of for r in ordered]
    xs = [_style.date_number(day) for day in days]
    marked = set(days if changed is None else changed)
    entries = len(lines) + 2
    height = 4.4 + 0.2 * ((entries + 1) // 2)
    with _style.style():
        fig, root = _style.target(figure, height)
        if by:
            default = message(
                "chart.score_title", language, dimension=_style.dimension_words(by, language)
            )
        else:
            default = message("chart.score_title_all", language)
        _style.title(fig, title, default)
        ax = fig.add_subplot()
        overall_first = not by or include_overall
        dashes: str | tuple[int, tuple[int, ...]]
        for index, (label, groups) in enumerate(lines):
            ys = [math.nan if g is None or g.score is None else g.score for g in groups]
            every = [
                i
                for i, (day, y) in enumerate(zip(days, ys, strict=True))
                if day in marked
                if not math.isnan(y)
            ]
            # line k: the k-th colour, marker and dash pattern; all recommendations
            # (first when drawn) in black and thicker
            colour = _style.PALETTE[index % len(_style.PALETTE)]
            marker = _style.MARKERS[index % len(_style.MARKERS)]
            dashes = _style.LINESTYLES[index % len(_style.LINESTYLES)]
            width = 1.6
            if overall_first and index == 0:
                colour, width = "#000000", 2.4
            ax.plot(
                xs,
                ys,
                drawstyle="steps-post",
                color=colour,
                linestyle=dashes,
                linewidth=width,
                marker=marker,
                markevery=every,
                markersize=6.5,
                markeredgecolor="white" if marker not in ("X", "P", "*") else colour,
                markeredgewidth=0.8,
                label=_style.wrap(label, 40),
                gid=f"line-{index}",
            )
        for day, mark in marks:
            x = _style.date_number(day)
            ax.axvline(x, color="#555555", linestyle=":", linewidth=1.0, zorder=0)
            ax.text(
                x,
                0.985,
                f" {mark} ",
                rotation=90,
                ha="right",
                va="top",
                fontsize=7.5,
                color="#333333",
                transform=ax.get_xaxis_transform(),
                gid="mark",
            )
        ax.set_ylim(-0.03, 1.03)
        ax.set_yticks([i / 5 for i in range(6)])
        ax.yaxis.set_major_formatter(
            _style.number_formatter(lambda v: format_number(v, language, 1))
        )
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
        low = min([*xs, *(_style.date_number(d) for d, _ in marks)])
        high = max([*xs, *(_style.date_number(d) for d, _ in marks)])
        pad = max(3.0, (high - low) * 0.04)
        ax.set_xlim(low - pad, high + pad)
        ax.xaxis.set_major_locator(_style.date_locator())
        ax.xaxis.set_major_formatter(_style.date_formatter(language))
        ax.set_xlabel(message("chart.date_axis", language))
        ax.set_ylabel(message("chart.score_axis", language))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles, names = ax.get_legend_handles_labels()
        if marks:
            handles.append(Line2D([], [], color="#555555", linestyle=":", linewidth=1.0))
            names.append(message("chart.reviews_marked", language))
        handles.append(
            Line2D([], [], color="#555555", linestyle="none", marker="o", markersize=6.5)
        )
        names.append(message("chart.assessed_marker", language))
        fig.legend(
            handles,
            names,
            loc="outside lower center",
            ncols=2 if len(handles) > 2 else len(handles),
            frameon=False,
            handlelength=3.2,
        )
    return root

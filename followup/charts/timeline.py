"""Follow-up procedures on a time line: from review to due date, replies and grades."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from matplotlib.figure import Figure, FigureBase
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from followup.charts import _style
from followup.i18n import format_date, message
from followup.model.scales import Scale
from followup.scoring.deadlines import Deadline, FollowUpItem

__all__ = ["follow_up_timeline"]

_LINE = "#555555"
_DUE = "#000000"
_REPLY = "#0072B2"
_TODAY = "#D55E00"
_DAGGER = "\u2020"


def _row_label(item: FollowUpItem | None, review: str, language: str) -> str:
    if item is None:
        text = review
    elif item.paragraph is not None:
        text = message(
            "chart.timeline_paragraph", language, review=review, paragraph=item.paragraph
        )
    else:
        text = message("chart.timeline_item", language, review=review, item=item.rec_id)
    if item is not None and item.unverified:
        text += f" {_DAGGER}"
    return text


def follow_up_timeline(
    deadlines: Sequence[Deadline],
    *,
    as_of: dt.date,
    grade_scale: Scale,
    labels: Mapping[str, str] | None = None,
    language: str = "en",
    title: str | None = None,
    figure: FigureBase | None = None,
) -> Figure:
    """One row per paragraph under follow-up, grouped under its review.

    Each row runs from the review's date to the follow-up due date (a diamond; when the
    due date is unknown the row says ``chart.timeline_unknown_due``), with a dot at the
    State's reply and the grade letter (a level of ``grade_scale``, in a box of the
    level's colour) at the date of grading. A review with no paragraph recorded gets one
    row of its own. ``labels`` maps a review id to its display label. A vertical line
    marks ``as_of``. Items, and due dates, not yet verified carry a dagger explained
    under the chart. Returns the root Figure (a new one, 8 inches wide and taller with
    more rows, when ``figure`` is None).
    """
    names = labels or {}
    rows: list[tuple[Deadline, FollowUpItem | None, str]] = []
    for deadline in deadlines:
        review = names.get(deadline.review, deadline.review)
        items: Sequence[FollowUpItem | None] = deadline.items or (None,)
        for item in items:
            rows.append((deadline, item, _row_label(item, review, language)))
    wrapped = [_style.wrap(label, 36) for _, _, label in rows]
    lines = max([w.count("\n") + 1 for w in wrapped] or [1])
    row_height = max(0.36, 0.15 * lines + 0.08)
    height = 2.3 + row_height * max(1, len(rows))
    days: list[dt.date] = [as_of]
    for deadline, item, _ in rows:
        days += [d for d in (deadline.reviewed_on, deadline.due) if d is not None]
        if item is not None:
            days += [d for d in (item.replied_on, item.graded_on) if d is not None]
    low, high = _style.date_number(min(days)), _style.date_number(max(days))
    pad = max(30.0, (high - low) * 0.05)
    # room on the right for the note of an unknown due date
    right = (
        high
        + pad
        + (max(60.0, (high - low) * 0.22) if any(d.due is None for d, _, _ in rows) else 0.0)
    )
    daggers = False
    with _style.style():
        fig, root = _style.target(figure, height)
        _style.title(fig, title, message("chart.timeline_title", language))
        ax = fig.add_subplot()
        previous: str | None = None
        for y, (deadline, item, _) in enumerate(rows):
            if previous is not None and deadline.review != previous:
                ax.axhline(y - 0.5, color="#aaaaaa", linewidth=0.7)
            previous = deadline.review
            start = deadline.reviewed_on
            if item is not None and item.unverified:
                daggers = True
            if start is not None:
                x0 = _style.date_number(start)
                ax.plot([x0], [y], marker="|", markersize=11, markeredgewidth=2, color=_LINE)
            if deadline.due is not None:
                x1 = _style.date_number(deadline.due)
                if start is not None:
                    ax.plot([x0, x1], [y, y], color=_LINE, linewidth=2.2, solid_capstyle="butt")
                ax.plot(
                    [x1],
                    [y],
                    marker="D",
                    markersize=7.5,
                    color=_DUE,
                    markeredgecolor="white",
                    markeredgewidth=0.8,
                    linestyle="none",
                    gid="due",
                )
                if deadline.due_unverified is not None:
                    daggers = True
                    ax.annotate(
                        _DAGGER,
                        (x1, y),
                        xytext=(5, 2),
                        textcoords="offset points",
                        fontsize=9,
                        va="center",
                    )
            else:
                if start is not None:
                    ax.plot(
                        [x0, _style.date_number(as_of)],
                        [y, y],
                        color=_LINE,
                        linewidth=1.4,
                        linestyle=(0, (2, 2)),
                    )
                ax.text(
                    high + pad * 0.5,
                    y,
                    message("chart.timeline_unknown_due", language),
                    fontsize=7.5,
                    fontstyle="italic",
                    va="center",
                    ha="left",
                    color="#333333",
                    gid="unknown-due",
                )
            if item is not None and item.replied_on is not None:
                ax.plot(
                    [_style.date_number(item.replied_on)],
                    [y],
                    marker="o",
                    markersize=7,
                    color=_REPLY,
                    markeredgecolor="white",
                    markeredgewidth=0.8,
                    linestyle="none",
                    gid="reply",
                )
            if item is not None and item.replied_on is None and item.reply_undated:
                # a reply is known to exist, its date is not: said in words, never placed
                ax.annotate(
                    message("chart.timeline_reply_undated", language),
                    (_style.date_number(deadline.due or as_of), y),
                    xytext=(14, 0),
                    textcoords="offset points",
                    fontsize=7.5,
                    fontstyle="italic",
                    va="center",
                    ha="left",
                    color=_REPLY,
                    gid="reply-undated",
                )
            if item is not None and item.grade is not None and item.graded_on is not None:
                colour = (
                    _style.level_colour(grade_scale, item.grade)
                    if item.grade in grade_scale
                    else "#ffffff"
                )
                ax.text(
                    _style.date_number(item.graded_on),
                    y,
                    item.grade,
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    fontweight="bold",
                    color=_style.ink(colour),
                    bbox={"boxstyle": "round,pad=0.25", "fc": colour, "ec": "#333333", "lw": 0.6},
                    gid="grade",
                )
        today = _style.date_number(as_of)
        ax.axvline(today, color=_TODAY, linestyle="--", linewidth=1.3, zorder=0, gid="today")
        ax.text(
            today,
            1.0,
            message("chart.timeline_today", language, date=format_date(as_of, language, "short")),
            ha="center",
            va="bottom",
            fontsize=8,
            color=_TODAY,
            fontweight="bold",
            transform=ax.get_xaxis_transform(),
            gid="today-label",
        )
        ax.set_xlim(low - pad, right)
        ax.set_ylim(max(1, len(rows)) - 0.5, -0.5)
        ax.set_yticks(range(len(rows)), wrapped)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(_style.date_locator())
        ax.xaxis.set_major_formatter(_style.date_formatter(language))
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        grade_colour = _style.level_colour(grade_scale, grade_scale.level_ids[-1])
        handles: list[Line2D | Patch] = [
            Line2D([], [], color=_LINE, marker="|", markersize=11, markeredgewidth=2, lw=2.2),
            Line2D([], [], color=_DUE, marker="D", markersize=7.5, linestyle="none"),
            Line2D([], [], color=_REPLY, marker="o", markersize=7, linestyle="none"),
            Patch(facecolor=grade_colour, edgecolor="#333333", linewidth=0.6),
            Line2D([], [], color=_TODAY, linestyle="--", linewidth=1.3),
        ]
        texts = [
            message("chart.timeline_review", language),
            message("chart.timeline_due", language),
            message("chart.timeline_reply", language),
            message("chart.timeline_grade", language)
            + f" ({', '.join(grade_scale.level_ids[::-1])})",
            message("chart.timeline_today", language, date=format_date(as_of, language, "short")),
        ]
        if daggers:
            handles.append(Line2D([], [], linestyle="none"))
            texts.append(message("chart.unverified", language))
        fig.legend(
            handles, texts, loc="outside lower center", ncols=3, frameon=False, handlelength=2.4
        )
    return root

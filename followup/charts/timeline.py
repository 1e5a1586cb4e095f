"""Follow-up procedures on a time line: from review to due date, replies and grades."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure, FigureBase
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from followup.charts import _compact, _direction, _style, _wrap
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
    compact: bool = False,
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

    ``compact`` draws the phone layout: 3.9 inches wide, each row's label above its line
    with the notes (unknown due date, undated reply) under the label, two to four date
    ticks, and no text under 8.5 points. In a right-to-left language the row labels
    stand on the right; the time axis runs left to right in every language.
    """
    names = labels or {}
    rows: list[tuple[Deadline, FollowUpItem | None, str]] = []
    for deadline in deadlines:
        review = names.get(deadline.review, deadline.review)
        items: Sequence[FollowUpItem | None] = deadline.items or (None,)
        for item in items:
            rows.append((deadline, item, _row_label(item, review, language)))
    days: list[dt.date] = [as_of]
    for deadline, item, _ in rows:
        days += [d for d in (deadline.reviewed_on, deadline.due) if d is not None]
        if item is not None:
            days += [d for d in (item.replied_on, item.graded_on) if d is not None]
    low, high = _style.date_number(min(days)), _style.date_number(max(days))
    pad = max(30.0, (high - low) * 0.05)
    # room on the right for the note of an unknown due date (compact: it is in words
    # under the row's label)
    unknown = any(d.due is None for d, _, _ in rows)
    right = high + pad + (max(60.0, (high - low) * 0.22) if unknown and not compact else 0.0)
    rtl = _direction.rtl(language)
    with _style.style(language, compact=compact):
        if compact:
            wrapped = [_compact.wrap_to(label, _compact.plot_width(), 8.5) for _, _, label in rows]
            notes = [
                _compact.wrap_to(_notes(d, i, language), _compact.plot_width(), 8.5)
                for d, i, _ in rows
            ]
            spans: list[tuple[float, float]] = []  # each row's top and track, in inches
            top = 0.0
            for label, note in zip(wrapped, notes, strict=True):
                words = _style.text_height(label, 8.5) + _style.text_height(note, 8.5)
                track = top + words / 72 + 0.17
                spans.append((top, track))
                top = track + 0.17
            height = 1.9 + top
        else:
            wrapped = [_wrap.wrap(label, 36) for _, _, label in rows]
            tallest = max([_style.text_height(w, 8.5) for w in wrapped] or [0.0])
            row_height = max(0.36, tallest / 72 + 0.08)
            height = 2.3 + row_height * max(1, len(rows))
            spans = [(y - 0.5, float(y)) for y in range(len(rows))]
        fig, root = _style.target(figure, height, compact=compact)
        _style.title(
            fig, title, message("chart.timeline_title", language), size=10.5 if compact else 11.0
        )
        ax = fig.add_subplot()
        daggers = False
        previous: str | None = None
        for index, (deadline, item, _) in enumerate(rows):
            row_top, y = spans[index]
            if previous is not None and deadline.review != previous:
                ax.axhline(row_top, color="#aaaaaa", linewidth=0.7)
            previous = deadline.review
            marked = _row(
                ax, y, deadline, item, as_of, grade_scale, language, compact, high + pad * 0.5
            )
            daggers = daggers or marked
            if compact:
                _label_above(ax, row_top, wrapped[index], notes[index], rtl)
        today = _style.date_number(as_of)
        ax.axvline(today, color=_TODAY, linestyle="--", linewidth=1.3, zorder=0, gid="today")
        where = (today - (low - pad)) / (right - (low - pad))
        ax.text(
            today,
            1.0,
            message("chart.timeline_today", language, date=format_date(as_of, language, "short")),
            ha="center"
            if not compact or 0.35 < where < 0.65
            else "right"
            if where >= 0.65
            else "left",
            va="bottom",
            fontsize=_style.COMPACT_MIN_SIZE if compact else 8,
            color=_TODAY,
            fontweight="bold",
            transform=ax.get_xaxis_transform(),
            gid="today-label",
        )
        ax.set_xlim(low - pad, right)
        if compact:
            ax.set_ylim(top, 0.0)
            ax.set_yticks([])
        else:
            ax.set_ylim(max(1, len(rows)) - 0.5, -0.5)
            ax.set_yticks(range(len(rows)), wrapped)
            if rtl:
                ax.yaxis.tick_right()
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(_style.date_locator(compact=compact))
        ax.xaxis.set_major_formatter(_style.date_formatter(language))
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        _legend(fig, grade_scale, as_of, language, daggers, compact, rtl)
        if compact and figure is None:
            _compact.fit(root, ax, top)
        _direction.finish(fig, language)
    return root


def _notes(deadline: Deadline, item: FollowUpItem | None, language: str) -> str:
    """What a compact row says in words under its label: an unknown due date, a reply
    known but not dated."""
    parts = []
    if deadline.due is None:
        parts.append(message("chart.timeline_unknown_due", language))
    if item is not None and item.replied_on is None and item.reply_undated:
        parts.append(message("chart.timeline_reply_undated", language))
    return "; ".join(parts)


def _label_above(ax: Axes, top: float, label: str, note: str, rtl: bool) -> None:
    """A compact row's label, from the reader's side, and its notes under it."""
    for offset, text, style, colour, gid in (
        (0.0, label, "normal", "#111111", "row"),
        (_style.text_height(label, 8.5) / 72, note, "italic", "#333333", "note"),
    ):
        if text:
            ax.annotate(
                text,
                (1.0 if rtl else 0.0, top + offset),
                xycoords=ax.get_yaxis_transform(),
                xytext=(0, -3),
                textcoords="offset points",
                ha="right" if rtl else "left",
                va="top",
                fontsize=_style.COMPACT_MIN_SIZE,
                fontstyle=style,
                color=colour,
                # the date line of "as of" may cross a long label: the label stays on top
                bbox={"boxstyle": "square,pad=0.05", "fc": "white", "ec": "none"},
                gid=gid,
            )


def _row(
    ax: Axes,
    y: float,
    deadline: Deadline,
    item: FollowUpItem | None,
    as_of: dt.date,
    grade_scale: Scale,
    language: str,
    compact: bool,
    note_x: float,
) -> bool:
    """One row's line, due date, reply and grade at height ``y``; True when it carries
    a dagger (something not yet verified). ``note_x`` is where the note of an unknown
    due date starts (full size only: a compact chart says it under the row's label)."""
    small = _style.COMPACT_MIN_SIZE if compact else 7.5
    daggers = item is not None and item.unverified
    start = deadline.reviewed_on
    x0 = _style.date_number(start) if start is not None else None
    if x0 is not None:
        ax.plot([x0], [y], marker="|", markersize=11, markeredgewidth=2, color=_LINE)
    if deadline.due is not None:
        x1 = _style.date_number(deadline.due)
        if x0 is not None:
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
        if x0 is not None:
            ax.plot(
                [x0, _style.date_number(as_of)],
                [y, y],
                color=_LINE,
                linewidth=1.4,
                linestyle=(0, (2, 2)),
            )
        if not compact:
            ax.text(
                note_x,
                y,
                message("chart.timeline_unknown_due", language),
                fontsize=small,
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
    if not compact and item is not None and item.replied_on is None and item.reply_undated:
        # a reply is known to exist, its date is not: said in words, never placed
        ax.annotate(
            message("chart.timeline_reply_undated", language),
            (_style.date_number(deadline.due or as_of), y),
            xytext=(14, 0),
            textcoords="offset points",
            fontsize=small,
            fontstyle="italic",
            va="center",
            ha="left",
            color=_REPLY,
            gid="reply-undated",
        )
    if item is not None and item.grade is not None and item.graded_on is not None:
        colour = (
            _style.level_colour(grade_scale, item.grade) if item.grade in grade_scale else "#ffffff"
        )
        ax.text(
            _style.date_number(item.graded_on),
            y,
            item.grade,
            ha="center",
            va="center",
            fontsize=8.5,
            fontfamily=_style.numeric_font(item.grade),
            fontweight="bold",
            color=_style.ink(colour),
            bbox={"boxstyle": "round,pad=0.25", "fc": colour, "ec": "#333333", "lw": 0.6},
            gid="grade",
        )
    return bool(daggers)


def _legend(
    fig: FigureBase,
    grade_scale: Scale,
    as_of: dt.date,
    language: str,
    daggers: bool,
    compact: bool,
    rtl: bool,
) -> None:
    """What the marks mean, under the chart."""
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
        message("chart.timeline_grade", language) + f" ({', '.join(grade_scale.level_ids[::-1])})",
        message("chart.timeline_today", language, date=format_date(as_of, language, "short")),
    ]
    if daggers:
        handles.append(Line2D([], [], linestyle="none"))
        texts.append(message("chart.unverified", language))
    ncols = _compact.legend_columns(texts, _compact.plot_width() + 20, 8.5) if compact else 3
    shown, texts = _direction.legend_order(handles, texts, ncols, rtl)
    fig.legend(
        shown,
        texts,
        loc="outside lower center",
        ncols=ncols,
        frameon=False,
        handlelength=2.4,
        markerfirst=not rtl,
    )

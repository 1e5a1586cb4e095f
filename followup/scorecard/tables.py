"""The scorecard's tables: by theme, by review, what moved, follow-up deadlines, the
score over time, and where the judges disagree. Each returns a :class:`Table` block in
the scorecard's language; every fact marked unverified in the registry carries the mark.
"""

from __future__ import annotations

from collections.abc import Iterable

from followup.i18n import (
    format_date,
    format_duration,
    format_number,
    format_percent,
    format_signed,
    message,
)
from followup.scorecard.blocks import Cell, Link, Table
from followup.scorecard.card import Figures, Row, Scorecard
from followup.scorecard.linked import asked_by_text, with_asked
from followup.scoring.score import UNKNOWN

__all__ = [
    "agreement_table",
    "change_text",
    "deadline_table",
    "judges_table",
    "mark",
    "moved_table",
    "review_table",
    "score_text",
    "share_text",
    "theme_review_table",
    "theme_table",
    "trend_table",
]


def score_text(value: float | None, lang: str) -> str:
    """A score as the language writes it, or "no score"."""
    return format_number(value, lang) if value is not None else message("scorecard.no_score", lang)


def share_text(value: float | None, lang: str) -> str:
    """A share as a percentage, or a dash."""
    return format_percent(value, lang) if value is not None else "–"


def change_text(row: Row, lang: str) -> str:
    """A row's change since the previous period, signed, or a dash."""
    return format_signed(row.change, lang) if row.change is not None else "–"


def _levels_shown(card: Scorecard) -> list[str]:
    """The levels with a count somewhere, worst first, "unknown" last."""
    counts = card.headline.counts
    return [lv.id for lv in card.levels if counts.get(lv.id, 0)]


def _counts(figures: Figures, shown: list[str]) -> tuple[Cell, ...]:
    return tuple(Cell(str(figures.counts.get(level, 0))) for level in shown)


def _table(
    lang: str,
    caption: str,
    columns: tuple[tuple[str, bool, float], ...],
    rows: Iterable[tuple[Cell, ...]],
) -> Table:
    """A table whose columns are (catalogue key under ``scorecard.``, numeric, width)."""
    return Table(
        caption=caption,
        header=tuple(message(f"scorecard.{key}", lang) for key, _, _ in columns),
        rows=tuple(rows),
        numeric=tuple(numeric for _, numeric, _ in columns),
        widths=tuple(width for _, _, width in columns),
    )


def theme_table(card: Scorecard) -> Table:
    """Each theme: coverage (assessed of total), the count at each level, score, change."""
    lang = card.language
    shown = [level for level in _levels_shown(card) if level != UNKNOWN]
    header = (
        message("scorecard.theme", lang),
        message("scorecard.assessed", lang),
        *(card.level(level).label for level in shown),
        message("scorecard.score", lang),
        message("scorecard.change_short", lang),
    )
    rows = tuple(
        (
            Cell(row.label, lang=card.lang_of(row.label)),
            Cell(message("scorecard.of", lang, part=row.figures.assessed, whole=row.figures.total)),
            *_counts(row.figures, shown),
            Cell(score_text(row.figures.score, lang)),
            Cell(change_text(row, lang)),
        )
        for row in card.themes
    )
    n = len(shown)
    return Table(
        caption=message("scorecard.by_theme", lang),
        header=header,
        rows=rows,
        numeric=(False, True, *([True] * n), True, True),
        widths=(3.2, 1.0, *([0.9] * n), 0.9, 1.0),
    )


def theme_review_table(card: Scorecard) -> Table:
    """The heat map's figures: each theme's score in each review, with its coverage."""
    lang, data = card.language, card.data
    cells = {g.key: g for g in data.theme_review.groups}
    themes = [row.key for row in card.themes]
    reviews = [row.key for row in card.reviews]
    rows = []
    for theme in themes:
        label = data.theme_labels.get(theme, theme)
        line = [Cell(label, lang=card.lang_of(label))]
        for review in reviews:
            group = cells.get((theme, review))
            line.append(
                Cell("")
                if group is None
                else Cell(
                    score_text(group.score, lang),
                    detail=message("scorecard.of", lang, part=group.assessed, whole=group.total),
                )
            )
        rows.append(tuple(line))
    n = len(reviews)
    return Table(
        caption=message("chart.heatmap_title", lang),
        header=(
            message("scorecard.theme", lang),
            *(data.review_labels.get(r, r) for r in reviews),  # marked as in the charts
        ),
        rows=tuple(rows),
        numeric=(False, *([True] * n)),
        widths=(3.0, *([1.0] * n)),
    )


def review_table(card: Scorecard) -> Table:
    """Each review: total, assessed, score, implementation rate and change; a review
    marked unverified carries the mark."""
    lang = card.language
    rows = tuple(
        (
            Cell(
                row.label + mark(card.review_marks.get(row.key), lang),
                lang=card.lang_of(row.label),
                detail=" · ".join(
                    part
                    for part in (
                        format_date(row.date, lang, "short") if row.date else "",
                        row.mechanism or "",
                    )
                    if part
                ),
            ),
            Cell(str(row.figures.total)),
            Cell(str(row.figures.assessed)),
            Cell(score_text(row.figures.score, lang)),
            Cell(share_text(row.figures.rate, lang)),
            Cell(change_text(row, lang)),
        )
        for row in card.reviews
    )
    return _table(
        lang,
        message("scorecard.by_review", lang),
        (
            ("review", False, 3.6),
            ("total", True, 0.8),
            ("assessed", True, 1.0),
            ("score", True, 1.0),
            ("rate", True, 1.2),
            ("change_short", True, 1.1),
        ),
        rows,
    )


def mark(unverified: object, lang: str) -> str:
    """The unverified mark (" †") when ``unverified`` is set, else nothing."""
    return f" {message('scorecard.unverified_mark', lang)}" if unverified else ""


def moved_table(card: Scorecard) -> Table:
    """What moved: each recommendation whose level changed, when it was recorded, the
    date of the fact when given, the judge, and one link per citation."""
    lang = card.language
    rows = []
    for m in card.moved:
        before, after = card.level(m.before), card.level(m.after)
        para = message("scorecard.paragraph", lang, paragraph=m.paragraph) if m.paragraph else ""
        links = tuple(Link(e.citation + mark(e.unverified, lang), e.url) for e in m.evidence)
        when = message("scorecard.recorded", lang, date=format_date(m.date, lang, "short"))
        if m.fact_date is not None:
            fact = message(
                "scorecard.fact_date", lang, date=format_date(m.fact_date, lang, "short")
            )
            when = f"{when}{message('scorecard.separator', lang)}{fact}"
        rows.append(
            (
                Cell(
                    m.text + mark(m.unverified, lang),
                    detail=with_asked(card.asked_by, lang, m.rec_id, para),
                    lang=card.lang_of(m.text),
                ),
                Cell(before.label, colour=before.colour, lang=card.lang_of(before.label)),
                Cell(after.label, colour=after.colour, lang=card.lang_of(after.label)),
                Cell(when, detail=m.by),
                Cell("" if links else message("scorecard.no_evidence", lang), links=links),
            )
        )
    return _table(
        lang,
        message("scorecard.moved", lang),
        (
            ("recommendation", False, 3.6),
            ("from", False, 1.3),
            ("to", False, 1.3),
            ("date", False, 1.2),
            ("evidence", False, 1.8),
        ),
        rows,
    )


def deadline_table(card: Scorecard) -> Table:
    """Follow-up procedures near or past their due date, with the reply's state."""
    lang = card.language
    rows = []
    for d in card.deadlines:
        if d.days_left is None:
            when = message("chart.timeline_unknown_due", lang)
        elif d.overdue_by is not None:
            when = message(
                "scorecard.overdue_by", lang, duration=format_duration(*d.overdue_by, lang)
            )
        elif d.days_left < 0:
            when = ""  # past due, and a reply is known: never called overdue
        else:
            when = message(
                "scorecard.due_in", lang, duration=format_duration(0, 0, d.days_left, lang)
            )
        paragraphs = ", ".join(
            (i.paragraph or i.rec_id) + mark(i.unverified, lang) for i in d.items
        )
        dated = [i.replied_on for i in d.items if i.replied_on is not None]
        if d.reply == "recorded" and dated:
            reply = message("scorecard.replied", lang, date=format_date(min(dated), lang, "short"))
        elif d.reply == "undated":
            reply = message("scorecard.reply_undated", lang) + mark(True, lang)
        else:
            reply = message("scorecard.not_replied", lang)
        asked = "; ".join(
            f"{i.paragraph or i.rec_id}: {asked_by_text(card.asked_by[i.rec_id], lang)}"
            for i in d.items
            if i.rec_id in card.asked_by
        )
        grades = (
            ", ".join(f"{i.paragraph or i.rec_id}: {i.grade}" for i in d.items if i.grade) or "–"
        )
        rows.append(
            (
                Cell(
                    d.label + mark(card.review_marks.get(d.review), lang),
                    lang=card.lang_of(d.label),
                ),
                Cell(
                    (format_date(d.due, lang, "short") if d.due else "–")
                    + mark(d.due_unverified, lang),
                    detail=when or None,
                ),
                Cell(paragraphs, detail=asked or None),
                Cell(reply),
                Cell(grades),
            )
        )
    return _table(
        lang,
        message("scorecard.follow_up", lang),
        (
            ("review", False, 2.6),
            ("due", False, 1.4),
            ("paragraphs", False, 2.2),
            ("reply", False, 1.6),
            ("grades", False, 1.2),
        ),
        rows,
    )


def trend_table(card: Scorecard) -> Table:
    """The figures of the score-over-time chart, drawn from the same series."""
    from followup.charts import trend_series

    lang, data = card.language, card.data
    labels = {
        g.key[0]: message(f"mechanism.{g.key[0]}", lang) for r in data.trend for g in r.groups
    }
    lines = trend_series(data.trend, labels=labels, language=lang)
    days = [point.date for point in lines[0].points] if lines else []
    rows = tuple(
        (
            Cell(format_date(day, lang, "short")),
            *(
                Cell(
                    (
                        "–"
                        if line.points[i].score is None
                        else score_text(line.points[i].score, lang)
                    )
                    + (" *" if line.points[i].changed else "")
                )
                for line in lines
            ),
        )
        for i, day in enumerate(days)
        if any(line.points[i].score is not None for line in lines)  # no empty rows
    )
    n = len(lines)
    return Table(
        caption=message("scorecard.trend_table", lang),
        header=(message("scorecard.date", lang), *(line.label for line in lines)),
        rows=rows,
        numeric=(False, *([True] * n)),
        widths=(1.2, *([1.0] * n)),
    )


def judges_table(card: Scorecard) -> Table:
    """Each contested recommendation with every judge's latest level, date and evidence."""
    lang = card.language
    rows = []
    for judged in card.judged:
        original = card.texts.get(judged.rec_id, judged.rec_id)
        text = original + _rec_mark(card, judged.rec_id)
        for index, j in enumerate(judged.judgements):
            links = tuple(Link(e.citation + mark(e.unverified, lang), e.url) for e in j.evidence)
            level = card.level(j.level).label if j.scale == card.scale else j.level
            rows.append(
                (
                    Cell(
                        text,
                        detail=with_asked(card.asked_by, lang, judged.rec_id),
                        lang=card.lang_of(original),
                    )
                    if index == 0
                    else Cell(""),
                    Cell(
                        card.judge_names.get(j.judge, j.judge) + mark(j.unverified, lang),
                        lang=card.lang_of(card.judge_names.get(j.judge)),
                    ),
                    Cell(level, detail=None if j.scale == card.scale else j.scale),
                    Cell(format_date(j.date, lang, "short")),
                    Cell("" if links else message("scorecard.no_evidence", lang), links=links),
                )
            )
    return _table(
        lang,
        message("scorecard.judges", lang),
        (
            ("recommendation", False, 2.0),
            ("judge", False, 1.6),
            ("level", False, 1.6),
            ("date", False, 1.1),
            ("evidence", False, 2.2),
        ),
        rows,
    )


def _rec_mark(card: Scorecard, rec_id: str) -> str:
    """The mark of a recommendation listed in "Not yet verified" (its own or its text's)."""
    return mark(any(what == rec_id for what, _ in card.unverified), card.language)


def agreement_table(card: Scorecard) -> Table:
    """Krippendorff's alpha for each pair of judges, with the counts behind it."""
    lang = card.language
    rows = tuple(
        (
            Cell(" · ".join(card.judge_names.get(j, j) for j in pair.judges)),
            Cell(
                format_number(pair.alpha, lang)
                if pair.alpha is not None
                else message("scorecard.alpha_undefined", lang, reason=pair.reason or "")
            ),
            Cell(str(pair.units)),
            Cell(str(pair.agreed)),
        )
        for pair in card.agreement
    )
    return _table(
        lang,
        message("scorecard.agreement", lang),
        (
            ("pair", False, 3.0),
            ("alpha", True, 1.6),
            ("shared", True, 1.0),
            ("agreed", True, 1.0),
        ),
        rows,
    )

"""From a :class:`~followup.scorecard.build.Scorecard` to a :class:`Document`: what the
scorecard says, section by section, in its language, with numbers formatted.

Every renderer (HTML, Markdown, PDF) draws this one document, so the formats cannot
drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from followup.i18n import format_date, format_number, format_percent, format_signed, message
from followup.scorecard.blocks import (
    Block,
    Cell,
    Chart,
    Document,
    Heading,
    Headline,
    ItemList,
    Paragraph,
    Stat,
    Table,
)
from followup.scorecard.build import Figures, Row, Scorecard

if TYPE_CHECKING:
    from matplotlib.figure import Figure, FigureBase

__all__ = ["CHART_KINDS", "charts", "document"]

#: The charts of a scorecard, in the order they appear.
CHART_KINDS = ("status", "trend", "heatmap", "transitions", "timeline")


def _version() -> str:
    from followup import __version__

    return __version__


def charts(card: Scorecard) -> dict[str, Chart]:
    """The scorecard's charts by kind (each drawn only when asked)."""
    from followup import charts as ch

    lang, data = card.language, card.data
    out: dict[str, Chart] = {}

    def chart(kind: str, title: str, draw: Callable[[FigureBase | None], Figure]) -> None:
        out[kind] = Chart(kind, title, message("scorecard.chart_alt", lang, title=title), draw)

    dimension = message("dimension.theme", lang)
    title = message("chart.status_title", lang, dimension=dimension)
    chart(
        "status",
        title,
        lambda target: ch.status_distribution(
            data.by_theme,
            data.scale,
            labels=data.theme_labels,
            language=lang,
            title=title,
            figure=target,
        ),
    )
    mechanisms = {
        g.key[0]: message(f"mechanism.{g.key[0]}", lang) for r in data.trend for g in r.groups
    }
    title_trend = message("chart.score_title", lang, dimension=message("dimension.mechanism", lang))
    chart(
        "trend",
        title_trend,
        lambda target: ch.score_over_time(
            data.trend,
            labels=mechanisms,
            include_overall=True,
            marks=data.review_dates,
            changed=data.trend_changed,
            language=lang,
            title=title_trend,
            figure=target,
        ),
    )
    title_heat = message("chart.heatmap_title", lang)
    chart(
        "heatmap",
        title_heat,
        lambda target: ch.score_heatmap(
            data.theme_review,
            row_labels=data.theme_labels,
            column_labels=data.review_labels,
            language=lang,
            title=title_heat,
            figure=target,
        ),
    )
    title_moves = message(
        "chart.transitions_title",
        lang,
        before=format_date(card.previous_as_of, lang, "short"),
        after=format_date(card.as_of, lang, "short"),
    )
    chart(
        "transitions",
        title_moves,
        lambda target: ch.transitions(
            data.change, data.scale, language=lang, title=title_moves, figure=target
        ),
    )
    grade_scale = data.grade_scale
    if data.follow_up and grade_scale is not None:
        title_time = message("chart.timeline_title", lang)
        chart(
            "timeline",
            title_time,
            lambda target: ch.follow_up_timeline(
                data.follow_up,
                as_of=card.as_of,
                grade_scale=grade_scale,
                labels=data.review_labels,
                language=lang,
                title=title_time,
                figure=target,
            ),
        )
    return out


def _score(value: float | None, lang: str) -> str:
    return format_number(value, lang) if value is not None else message("scorecard.no_score", lang)


def _share(value: float | None, lang: str) -> str:
    return format_percent(value, lang) if value is not None else "–"


def _change(row: Row, lang: str) -> str:
    return format_signed(row.change, lang) if row.change is not None else "–"


def _headline(card: Scorecard) -> Headline:
    lang, now = card.language, card.headline
    if card.previous_headline is None:
        change = Stat(
            "change",
            message("scorecard.change", lang, period=card.previous.label(lang)),
            "–",
            message("scorecard.change_none", lang),
        )
    else:
        before = card.previous_headline.score
        change = Stat(
            "change",
            message("scorecard.change", lang, period=card.previous.label(lang)),
            format_signed(card.change, lang) if card.change is not None else "–",
            f"{_score(before, lang)} → {_score(now.score, lang)}",
        )
    return Headline(
        (
            Stat(
                "score",
                message("scorecard.score", lang),
                _score(now.score, lang),
                message("scorecard.score_help", lang),
            ),
            Stat(
                "coverage",
                message("scorecard.coverage_label", lang),
                _share(now.coverage, lang),
                message("scorecard.coverage", lang, assessed=now.assessed, total=now.total),
            ),
            Stat(
                "rate",
                message("scorecard.rate", lang),
                _share(now.rate, lang),
                message("scorecard.rate_help", lang),
            ),
            change,
        )
    )


def _levels_shown(card: Scorecard) -> list[str]:
    """The levels with a count somewhere, worst first, "unknown" last."""
    counts = card.headline.counts
    return [lv.id for lv in card.levels if counts.get(lv.id, 0)]


def _counts(figures: Figures, shown: list[str]) -> tuple[Cell, ...]:
    return tuple(Cell(str(figures.counts.get(level, 0))) for level in shown)


def _theme_table(card: Scorecard) -> Table:
    lang = card.language
    shown = _levels_shown(card)
    header = (
        message("scorecard.theme", lang),
        message("scorecard.total", lang),
        *(card.level(level).label for level in shown),
        message("scorecard.score", lang),
        message("scorecard.change_short", lang),
    )
    rows = tuple(
        (
            Cell(row.label),
            Cell(str(row.figures.total)),
            *_counts(row.figures, shown),
            Cell(_score(row.figures.score, lang)),
            Cell(_change(row, lang)),
        )
        for row in card.themes
    )
    n = len(shown)
    return Table(
        caption=message("scorecard.by_theme", lang),
        header=header,
        rows=rows,
        numeric=(False, True, *([True] * n), True, True),
        widths=(3.2, 0.8, *([0.9] * n), 0.9, 1.0),
    )


def _review_table(card: Scorecard) -> Table:
    lang = card.language
    rows = tuple(
        (
            Cell(
                row.label,
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
            Cell(_score(row.figures.score, lang)),
            Cell(_share(row.figures.rate, lang)),
            Cell(_change(row, lang)),
        )
        for row in card.reviews
    )
    return Table(
        caption=message("scorecard.by_review", lang),
        header=(
            message("scorecard.review", lang),
            message("scorecard.total", lang),
            message("scorecard.assessed", lang),
            message("scorecard.score", lang),
            message("scorecard.rate", lang),
            message("scorecard.change_short", lang),
        ),
        rows=rows,
        numeric=(False, True, True, True, True, True),
        widths=(3.6, 0.8, 1.0, 1.0, 1.2, 1.1),
    )


def _mark(unverified: object, lang: str) -> str:
    return f" {message('scorecard.unverified_mark', lang)}" if unverified else ""


def _moved_table(card: Scorecard) -> Table:
    lang = card.language
    rows = []
    for m in card.moved:
        before, after = card.level(m.before), card.level(m.after)
        para = message("scorecard.paragraph", lang, paragraph=m.paragraph) if m.paragraph else ""
        evidence = "; ".join(e.citation for e in m.evidence) or message(
            "scorecard.no_evidence", lang
        )
        first_url = next((e.url for e in m.evidence if e.url), None)
        rows.append(
            (
                Cell(
                    m.text + _mark(m.unverified, lang),
                    detail=" · ".join(p for p in (m.rec_id, para) if p),
                ),
                Cell(before.label, colour=before.colour),
                Cell(after.label, colour=after.colour),
                Cell(format_date(m.date, lang, "short"), detail=m.by),
                Cell(evidence, url=first_url),
            )
        )
    return Table(
        caption=message("scorecard.moved", lang),
        header=(
            message("scorecard.recommendation", lang),
            message("scorecard.from", lang),
            message("scorecard.to", lang),
            message("scorecard.date", lang),
            message("scorecard.evidence", lang),
        ),
        rows=tuple(rows),
        numeric=(False, False, False, False, False),
        widths=(3.6, 1.3, 1.3, 1.2, 1.8),
    )


def _deadline_table(card: Scorecard) -> Table:
    lang = card.language
    rows = []
    for d in card.deadlines:
        if d.days_left is None:
            when = message("chart.timeline_unknown_due", lang)
        elif d.days_left < 0:
            when = message("scorecard.days_over", lang, days=-d.days_left)
        else:
            when = message("scorecard.days_left", lang, days=d.days_left)
        paragraphs = ", ".join(
            (i.paragraph or i.rec_id) + _mark(i.unverified, lang) for i in d.items
        )
        replies = [i for i in d.items if i.replied_on]
        reply = (
            message(
                "scorecard.replied",
                lang,
                date=format_date(min(i.replied_on for i in replies if i.replied_on), lang, "short"),
            )
            if replies
            else message("scorecard.not_replied", lang)
        )
        grades = (
            ", ".join(f"{i.paragraph or i.rec_id}: {i.grade}" for i in d.items if i.grade) or "–"
        )
        rows.append(
            (
                Cell(d.label),
                Cell(
                    (format_date(d.due, lang, "short") if d.due else "–")
                    + _mark(d.due_unverified, lang),
                    detail=when,
                ),
                Cell(paragraphs),
                Cell(reply),
                Cell(grades),
            )
        )
    return Table(
        caption=message("scorecard.follow_up", lang),
        header=(
            message("scorecard.review", lang),
            message("scorecard.due", lang),
            message("scorecard.paragraphs", lang),
            message("scorecard.reply", lang),
            message("scorecard.grades", lang),
        ),
        rows=tuple(rows),
        numeric=(False, False, False, False, False),
        widths=(2.6, 1.4, 2.2, 1.6, 1.2),
    )


def document(card: Scorecard) -> Document:
    """The scorecard as a :class:`Document` for the renderers."""
    lang = card.language
    made = charts(card)
    blocks: list[Block] = []
    if card.description:
        blocks.append(Paragraph(card.description, "lead"))
    blocks.append(Heading(message("scorecard.headline", lang), 2, "headline"))
    blocks.append(_headline(card))
    blocks.append(
        Paragraph(
            message(
                "scorecard.in_force", lang, count=card.headline.total, reviews=card.reviews_count
            ),
            "note",
        )
    )
    blocks.append(made["trend"])
    blocks.append(made["status"])
    blocks.append(Heading(message("scorecard.by_theme", lang), 2, "by-theme"))
    blocks.append(_theme_table(card))
    blocks.append(made["heatmap"])
    blocks.append(Heading(message("scorecard.by_review", lang), 2, "by-review"))
    blocks.append(_review_table(card))
    blocks.append(Heading(message("scorecard.moved", lang), 2, "moved"))
    start = format_date(card.period.start, lang)
    end = format_date(card.as_of, lang)
    if card.moved:
        blocks.append(Paragraph(message("scorecard.moved_intro", lang, start=start, end=end)))
        blocks.append(_moved_table(card))
        for m in card.moved:
            if m.note:
                blocks.append(Paragraph(f"{m.rec_id}: {m.note}", "note"))
    else:
        blocks.append(Paragraph(message("scorecard.moved_none", lang)))
    blocks.append(made["transitions"])
    blocks.append(Heading(message("scorecard.follow_up", lang), 2, "follow-up"))
    horizon = {"days": card.horizon_days, "date": end}
    if card.deadlines:
        blocks.append(Paragraph(message("scorecard.follow_up_intro", lang, **horizon)))
        blocks.append(_deadline_table(card))
    else:
        blocks.append(Paragraph(message("scorecard.follow_up_none", lang, **horizon)))
    if "timeline" in made:
        blocks.append(made["timeline"])
    if card.unverified:
        blocks.append(Heading(message("scorecard.unverified", lang), 2, "unverified"))
        blocks.append(Paragraph(message("scorecard.unverified_intro", lang)))
        blocks.append(ItemList(tuple(f"{what}: {mark}" for what, mark in card.unverified)))
    blocks.append(Heading(message("scorecard.method", lang), 2, "method"))
    scores = "; ".join(
        f"{lv.label}: {format_number(lv.score, lang, 2).rstrip('0').rstrip(',.') or '0'}"
        for lv in card.levels
        if lv.score is not None
    )
    blocks.append(Paragraph(message("scorecard.method_text", lang, scores=scores)))
    if card.withheld:
        blocks.append(Paragraph(message("scorecard.withheld", lang, count=card.withheld), "note"))
    footer = message(
        "scorecard.source",
        lang,
        registry=card.registry_id,
        version=card.version,
        followup=_version(),
    )
    if card.licence:
        footer += " " + message("scorecard.licence", lang, licence=card.licence)
    return Document(
        language=lang,
        title=message("scorecard.title", lang, registry=card.title),
        subtitle=message(
            "scorecard.subtitle",
            lang,
            period=card.period.label(lang),
            date=format_date(card.as_of, lang),
        ),
        blocks=tuple(blocks),
        footer=footer,
    )
